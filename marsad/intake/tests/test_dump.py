"""A raw copy of the database (the SQLite file, a pg_dump) holds no reporter's email or phone
number in clear, while ordinary report text is there (so the search itself works)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from marsad.intake import services
from marsad.intake.choices import Channel, Trust
from marsad.intake.services import ContactData, ReportData

ROOT = Path(__file__).resolve().parents[3]
EMAIL = "hidden.reporter@example.org"
PHONE = "+970599887766"
SIGNAL = "signal-handle-77"
NAME = "Nadia Qassem"
MARKER = "visible-marker-4242"

SCRIPT = f"""
from marsad.intake import services
from marsad.intake.choices import Channel, Trust
from marsad.intake.services import ContactData, ReportData
services.report_submit(
    data=ReportData(description="{MARKER}", language="ar", victim_name="{NAME}",
                    contact=ContactData(email="{EMAIL}", phone="{PHONE}", signal="{SIGNAL}")),
    files=[], channel=Channel.WEB_FORM, trust=Trust.NORMAL, submission_material="dump")
"""


def assert_secrets_absent(raw: bytes) -> None:
    assert MARKER.encode() in raw
    for secret in (EMAIL, PHONE, SIGNAL, NAME):
        assert secret.encode() not in raw, secret
        assert secret.encode("utf-16-le") not in raw, secret


def test_sqlite_file_has_no_contact_details_in_clear(tmp_path):
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
    assert_secrets_absent(raw)


@pytest.mark.django_db(transaction=True)
def test_pg_dump_has_no_contact_details_in_clear(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass of the suite")
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed (apt-get install postgresql-client)"
    services.report_submit(
        data=ReportData(
            description=MARKER,
            language="ar",
            victim_name=NAME,
            contact=ContactData(email=EMAIL, phone=PHONE, signal=SIGNAL),
        ),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material="dump",
    )
    settings = connection.settings_dict
    dump = subprocess.run(
        [
            pg_dump,
            "--no-owner",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"] or "postgres",
            settings["NAME"],
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""},
    ).stdout
    assert_secrets_absent(dump)
