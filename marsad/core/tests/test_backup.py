"""``marsad backup`` and ``marsad restore`` end to end, on the suite's database engine.

A database seeded through the intake services (reports with files, contact details and names,
the evidence taken in) is backed up in this process; ``marsad restore`` runs as a user runs it,
in a fresh process with a fresh data folder and a fresh database of the same engine (a new
SQLite file, or a new PostgreSQL database next to the test database), with the same keys.
Then the rows, the files and the decrypted contact details must match, and the receipt codes
must open their reports. Damaged and hostile archives must be refused with a clear message,
a non-zero exit and nothing restored.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.core.backup import MANIFEST, read_manifest
from marsad.evidence.models import EvidenceItem
from marsad.evidence.store import evidence_storage
from marsad.intake.choices import Channel, Trust
from marsad.intake.models import Contact, Report, ReportFile
from marsad.intake.services import ContactData, ReportData, report_submit
from marsad.intake.tests.factories import pdf_bytes, png_bytes, upload
from marsad.intake.uploads import check_upload

ROOT = Path(__file__).resolve().parents[3]
POSTGRES = connection.vendor == "postgresql"

# What the restored installation holds, read through the ORM (so contact details are decrypted
# with the keys it runs with), printed as JSON.
SNAPSHOT = """
import django, hashlib, json, sys
django.setup()
from django.core.files.storage import default_storage
from marsad.evidence.models import EvidenceItem
from marsad.evidence.store import evidence_storage
from marsad.intake.models import Report
from marsad.intake.selectors import report_by_receipt
from marsad.core.crypto import InvalidToken
out = {"reports": [], "evidence": [], "receipts": []}
from marsad.intake.models import Contact, ReportFile
for pk, description in Report.objects.order_by("pk").values_list("pk", "description"):
    try:
        name = Report.objects.get(pk=pk).victim_name
        contact = Contact.objects.get(report_id=pk).email
    except InvalidToken:
        contact = name = "<unreadable>"
    files = [
        [f.sha256, hashlib.sha256(default_storage.open(f.file.name).read()).hexdigest()
         if f.file else ""]
        for f in ReportFile.objects.filter(report_id=pk).order_by("pk")
    ]
    out["reports"].append([pk, description, name, contact, files])
for item in EvidenceItem.objects.order_by("pk"):
    with evidence_storage().open(item.original.name) as handle:
        out["evidence"].append([item.pk, item.sha256, hashlib.sha256(handle.read()).hexdigest()])
for code in sys.argv[1:]:
    report = report_by_receipt(code)
    out["receipts"].append(report.pk if report else None)
print(json.dumps(out))
"""


# The third report is saved while no worker takes its file in: its upload waits in the
# uploads folder (the others' were deleted once the evidence store held them).
NO_WORKER = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def seed() -> list[str]:
    codes = []
    for i in range(3):
        files = [check_upload(upload(f"shot-{i}.png", png_bytes(3 + i, 2)))]
        if i == 0:
            files.append(check_upload(upload("notice.pdf", pdf_bytes())))
        with override_settings(TASKS=NO_WORKER if i == 2 else settings.TASKS):
            done = report_submit(
                data=ReportData(
                    description=f"حذف المنشور {i}",
                    language="ar",
                    victim_name=f"سلمى {i}",
                    contact=ContactData(method="email", email=f"reporter{i}@example.org"),
                ),
                files=files,
                channel=Channel.WEB_FORM,
                trust=Trust.NORMAL,
                submission_material=f"backup-test-{i}",
            )
        codes.append(done.receipt_code)
    return codes


def expected(codes: list[str]) -> dict:
    reports = []
    for r in Report.objects.order_by("pk"):
        files = [
            [
                f.sha256,
                hashlib.sha256(default_storage.open(f.file.name).read()).hexdigest()
                if f.file
                else "",
            ]
            for f in ReportFile.objects.filter(report=r).order_by("pk")
        ]
        email = Contact.objects.get(report=r).email
        reports.append([r.pk, r.description, r.victim_name, email, files])
    evidence = []
    for item in EvidenceItem.objects.order_by("pk"):
        with evidence_storage().open(item.original.name) as handle:
            evidence.append([item.pk, item.sha256, hashlib.sha256(handle.read()).hexdigest()])
    ids = [r[0] for r in reports]
    return {"reports": reports, "evidence": evidence, "receipts": ids[: len(codes)]}


class Target:
    """A fresh installation: its own data folder and an empty database of the same engine."""

    def __init__(self, tmp: Path, name: str, *, keys: dict[str, str]) -> None:
        self.data = tmp / name
        self.db_name = ""
        if POSTGRES:
            self.db_name = f"{connection.settings_dict['NAME']}_{name}"[:63]
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{self.db_name}"')
            s = connection.settings_dict
            url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{self.db_name}"
        else:
            url = f"sqlite:///{self.data / 'marsad.sqlite3'}"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "EVIDENCE_"))
        }
        self.env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            MARSAD_ENV="development",
            DEBUG="false",
            MARSAD_DATA_DIR=str(self.data),
            DATABASE_URL=url,
            **keys,
        )

    def run(self, *args: str, timeout: int = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def restore(self, archive: Path, *extra: str) -> subprocess.CompletedProcess:
        return self.run("-m", "marsad.cli", "restore", str(archive), *extra)

    def start_restore(self, archive: Path) -> subprocess.Popen:
        """A restore in the background (the cases run side by side to keep the suite fast)."""
        return subprocess.Popen(
            [sys.executable, "-m", "marsad.cli", "restore", str(archive)],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def tables(self) -> int:
        """How many tables the target database has (0: untouched)."""
        done = self.run(
            "-c",
            "import django; django.setup(); from django.db import connection; "
            "print(len(connection.introspection.table_names()))",
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return int(done.stdout.strip().splitlines()[-1])

    def untouched(self) -> None:
        assert self.tables() == 0
        for store in ("media", "evidence"):
            assert not (self.data / store).exists() or not any((self.data / store).iterdir())
        leftovers = [p.name for p in self.data.iterdir() if ".restore-" in p.name]
        assert leftovers == []

    def drop(self) -> None:
        if self.db_name:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')


def same_keys() -> dict[str, str]:
    return {
        "MARSAD_ENCRYPTION_KEYS": ",".join(settings.MARSAD_ENCRYPTION_KEYS),
        "MARSAD_HASH_KEY": settings.MARSAD_HASH_KEY,
    }


@pytest.fixture
def stores_of_its_own(tmp_path) -> Iterator[None]:
    """Uploads and evidence in folders of this test (others leave files in the suite's)."""
    evidence = {
        **settings.STORAGES["evidence"],
        "OPTIONS": {**settings.STORAGES["evidence"]["OPTIONS"], "location": str(tmp_path / "ev")},
    }
    with override_settings(
        MEDIA_ROOT=str(tmp_path / "media"), STORAGES={**settings.STORAGES, "evidence": evidence}
    ):
        yield


@pytest.fixture
def backed_up(
    transactional_db, stores_of_its_own, tmp_path
) -> Iterator[tuple[Path, list[str], dict]]:
    codes = seed()
    assert EvidenceItem.objects.count() == 3  # the evidence was taken in (inline tasks)
    archive = tmp_path / "marsad-backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Backed up" in out.getvalue()
    assert "back them up separately" in out.getvalue()
    return archive, codes, expected(codes)


@pytest.fixture
def targets(tmp_path) -> Iterator[list[Target]]:
    made: list[Target] = []
    yield made
    for target in made:
        target.drop()


def rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of ``archive`` with its manifest passed through ``change``."""
    with tarfile.open(archive, "r:*") as src, tarfile.open(out, "w:gz") as dst:
        for member in src:
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    return out


def finished(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=240)
    return process.returncode, out, err


def test_backup_then_restore_into_a_fresh_installation(backed_up, tmp_path, targets):
    archive, codes, want = backed_up
    manifest = read_manifest(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["counts"]["intake_report"] == 3
    assert manifest["counts"]["evidence_evidenceitem"] == 3
    assert manifest["stores"]["media"]["files"] == 1  # the upload still waiting
    assert manifest["stores"]["evidence"]["included"] is True
    assert "0001_initial" in manifest["migrations"]["intake"]
    assert manifest["app_version"]
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        blob = b"".join(
            tar.extractfile(m).read()  # type: ignore[union-attr]
            for m in tar.getmembers()
            if m.isreg()
        )
    # No key is in the archive, and contact details are in it only encrypted.
    assert not any("keys" in name.split("/") or "secret_key" in name for name in names)
    for key in [*settings.MARSAD_ENCRYPTION_KEYS, settings.MARSAD_HASH_KEY, settings.SECRET_KEY]:
        assert key.encode() not in blob
    assert b"reporter0@example.org" not in blob

    # This database holds data: a restore into it is refused and changes nothing.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    assert Report.objects.count() == 3

    fresh = Target(tmp_path, "r_fresh", keys=same_keys())
    other = Target(
        tmp_path,
        "r_keys",
        keys={
            "MARSAD_ENCRYPTION_KEYS": "Lr5Pq0P7dXgm2p7rV9uE1sKkJ0cQyS3m3mB8eHn0aXs=",
            "MARSAD_HASH_KEY": "x" * 48,
        },
    )
    targets.extend([fresh, other])
    running = [fresh.start_restore(archive), other.start_restore(archive)]
    (code, out, err), (other_code, _other_out, other_err) = map(finished, running)
    assert code == 0, err[-3000:]
    assert "checksums verified" in out
    if POSTGRES:
        # A dump does not carry the database's own settings (core.dbsettings): the restore
        # sets them on the fresh database.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.setconfig FROM pg_db_role_setting s "
                "JOIN pg_database d ON d.oid = s.setdatabase "
                "WHERE d.datname = %s AND s.setrole = 0",
                [fresh.db_name],
            )
            assert cursor.fetchall() == [(["jit=off"],)]
    snap = fresh.run("-c", SNAPSHOT, *codes)
    assert snap.returncode == 0, snap.stderr[-3000:]
    got = json.loads(snap.stdout.strip().splitlines()[-1])
    assert got == want
    assert [r[3] for r in got["reports"]] == [f"reporter{i}@example.org" for i in range(3)]
    # Evidence originals keep their write-once permissions.
    originals = list((fresh.data / "evidence" / "originals").rglob("*.*"))
    assert originals
    assert all(p.stat().st_mode & 0o222 == 0 for p in originals)

    # Restored with other keys: it warns; the contact details and receipts do not open.
    assert other_code == 0, other_err[-3000:]
    assert "MARSAD_ENCRYPTION_KEYS" in other_err
    assert "MARSAD_HASH_KEY" in other_err
    snap = other.run("-c", SNAPSHOT, *codes)
    assert snap.returncode == 0, snap.stderr[-3000:]
    unreadable = json.loads(snap.stdout.strip().splitlines()[-1])
    assert [r[3] for r in unreadable["reports"]] == ["<unreadable>"] * 3
    assert unreadable["receipts"] == [None, None, None]
    assert unreadable["evidence"] == want["evidence"]

    # A second restore over the fresh one is refused without --force; --force replaces it.
    again = fresh.restore(archive)
    assert again.returncode != 0
    assert "not empty" in again.stderr
    forced = fresh.restore(archive, "--force")
    assert forced.returncode == 0, forced.stderr[-3000:]
    assert "kept as" in forced.stdout
    snap = fresh.run("-c", SNAPSHOT, *codes)
    assert json.loads(snap.stdout.strip().splitlines()[-1]) == want


def _truncated(archive: Path, out: Path) -> Path:
    data = archive.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def _flipped(archive: Path, out: Path) -> Path:
    """The same archive, uncompressed, with one byte of the database changed."""
    with tarfile.open(archive, "r:*") as src, tarfile.open(out, "w") as dst:
        for member in src:
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("database/"):
                data = data[:500] + bytes([data[500] ^ 0xFF]) + data[501:]
            dst.addfile(member, io.BytesIO(data))
    return out


def _wrong_checksum(manifest: dict) -> None:
    name = next(n for n in manifest["members"] if n.startswith("files/evidence/"))
    manifest["members"][name]["sha256"] = "0" * 64


def _newer(manifest: dict) -> None:
    manifest["migrations"]["intake"].append("9999_from_the_future")


def _escape(manifest: dict) -> None:
    manifest["members"]["files/media/../../../etc/x"] = {"sha256": "0" * 64, "size": 1}


def test_damaged_archives_are_refused_and_nothing_is_restored(backed_up, tmp_path, targets):
    archive, _codes, _want = backed_up
    cases = {
        "truncated": (_truncated(archive, tmp_path / "truncated.tar.gz"), "truncated"),
        "flipped": (_flipped(archive, tmp_path / "flipped.tar"), "checksum mismatch"),
        "checksum": (
            rewrite(archive, tmp_path / "checksum.tar.gz", _wrong_checksum),
            "checksum mismatch",
        ),
        "newer": (rewrite(archive, tmp_path / "newer.tar.gz", _newer), "newer version of Marsad"),
        "escape": (rewrite(archive, tmp_path / "escape.tar.gz", _escape), "may not"),
    }
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"PK\x03\x04 not a tar at all")
    cases["junk"] = (junk, "not a readable archive")
    running = {}
    for case, (bad, _message) in cases.items():
        target = Target(tmp_path, f"r_{case}", keys=same_keys())
        targets.append(target)
        running[case] = (target, target.start_restore(bad))
    for case, (target, process) in running.items():
        code, _out, err = finished(process)
        assert code != 0, case
        assert "nothing was restored" in err, (case, err[-2000:])
        assert cases[case][1] in err, (case, err[-2000:])
        assert "Traceback" not in err, case
        target.untouched()


def test_a_backup_holds_no_session_its_reader_could_sign_in_with(
    transactional_db, stores_of_its_own, tmp_path
):
    """A session key is a bearer credential: a staff member's open session has passed the
    password and the second factor, a reporter's has passed the receipt code. Whoever holds
    an archive must not be able to use them, so sessions are left out (everyone signs in
    again after a restore)."""
    staff = Client()
    staff.force_login(make_user(Role.DOCUMENTER, "night-shift"))
    assert staff.get("/staff/").status_code == 200
    key = staff.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()  # the premise
    archive = tmp_path / "marsad-backup.tar"
    call_command("backup", str(archive), stdout=io.StringIO())

    assert read_manifest(archive)["counts"]["django_session"] == 0
    with tarfile.open(archive) as tar:
        member = "database/marsad.pgdump" if POSTGRES else "database/marsad.sqlite3"
        tar.extract(member, tmp_path, filter="data")
    copy = tmp_path / member
    if POSTGRES:
        # The dump's rows as text (its own compression undone).
        rows = subprocess.run(
            [shutil.which("pg_restore") or "pg_restore", "--data-only", "--file=-", str(copy)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "COPY public.intake_report" in rows
        assert key not in rows
    else:
        with closing(sqlite3.connect(copy)) as db:
            assert db.execute("SELECT count(*) FROM django_session").fetchone() == (0,)
        assert key.encode() not in copy.read_bytes()
