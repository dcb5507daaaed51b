"""A raw copy of the database (the SQLite file, a pg_dump) holds no subscriber's address in
clear, while the mailing's own text is there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from marsad.newsletter.tests import factories

ROOT = Path(__file__).resolve().parents[3]
ADDRESS = "hidden.subscriber@example.org"
MARKER = "visible-mailing-marker-4242"

SCRIPT = f"""
from marsad.newsletter import services
services.subscriber_request(email="{ADDRESS}", language="ar")
services.mailing_create(texts={{"en": ("{MARKER}", "{MARKER}")}}, actor=None)
"""


def assert_address_absent(raw: bytes) -> None:
    assert MARKER.encode() in raw
    for form in (ADDRESS, ADDRESS.split("@")[0]):
        assert form.encode() not in raw, form
        assert form.encode("utf-16-le") not in raw, form


def test_sqlite_file_has_no_address_in_clear(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "MARSAD_"))}
    env["MARSAD_DATA_DIR"] = str(tmp_path)
    for args in (["migrate", "-v", "0"], ["shell", "-c", SCRIPT]):
        subprocess.run(
            [sys.executable, "-m", "marsad.cli", *args],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("marsad.sqlite3*"))
    assert_address_absent(raw)


@pytest.mark.django_db(transaction=True)
def test_pg_dump_has_no_address_in_clear():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite")
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed (apt-get install postgresql-client)"
    factories.subscriber(ADDRESS)
    factories.mailing(en=(MARKER, MARKER))
    db = connection.settings_dict
    dump = subprocess.run(
        [
            pg_dump,
            "--no-owner",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"] or "postgres",
            db["NAME"],
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""},
    ).stdout
    assert_address_absent(dump)
