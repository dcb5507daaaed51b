"""A worker killed in the middle of a capture: after a restart the capture completes, with one
evidence row and one WARC. Real processes (``marsad worker`` on the database queue, killed
with SIGKILL) against a real local web site; the processes share a SQLite database of their
own, so this test runs the same in the SQLite and the PostgreSQL pass."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from marsad.evidence.tests.conftest import Page

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
import django; django.setup()
from marsad.accounts.choices import Role
from marsad.accounts.services import user_create
from marsad.cases.services import violation_open_from_report
from marsad.evidence.services import evidence_capture_request
from marsad.intake.choices import Channel, Trust
from marsad.intake.services import ReportData, report_submit
import sys
worker = user_create(
    username="w", email="w@example.org", role=Role.DOCUMENTER, password="a long password here"
)
report = report_submit(
    data=ReportData(description="x", language="ar"),
    files=[],
    channel=Channel.WEB_FORM,
    trust=Trust.NORMAL,
    submission_material="x",
).report
case = violation_open_from_report(report=report, actor=worker)
item, _ = evidence_capture_request(url=sys.argv[1], violation=case)
print(item.pk)
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        MARSAD_ENV="development",
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="config.settings",
        MARSAD_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'marsad.sqlite3'}",
        EVIDENCE_CAPTURE_ALLOW_PRIVATE="true",
        EVIDENCE_CAPTURE_SCREENSHOT="false",
        EVIDENCE_CAPTURE_LEASE_SECONDS="3",
        EVIDENCE_CAPTURE_TIMEOUT_SECONDS="60",
    )
    return env


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "marsad.cli",
            "worker",
            "--interval",
            "0.2",
            "--sweep-interval",
            "1",
        ],
        env=env,
        cwd=ROOT,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _row(db: Path, item_id: int) -> tuple[str, int, str, str]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT state, attempts, original, sha256 FROM evidence_evidenceitem WHERE id = ?",
            (item_id,),
        ).fetchone()


def _wait(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_worker_killed_mid_capture_completes_it_after_restart(site, tmp_path):
    hold = threading.Event()
    page = Page(body="<h1>منشور</h1>".encode(), headers={"Content-Type": "text/html"}, hold=hold)
    site.pages["/post"] = page
    env = _env(tmp_path)
    db = tmp_path / "marsad.sqlite3"
    _run(env, "-m", "marsad.cli", "migrate", "-v0")
    item_id = int(_run(env, "-c", SETUP, site.url("/post")).strip().splitlines()[-1])
    log = tmp_path / "worker.log"
    first = _worker(env, log)
    try:
        assert page.started.wait(60), log.read_text(errors="replace")
        assert _row(db, item_id)[:2] == ("capturing", 1)
        os.killpg(first.pid, signal.SIGKILL)  # in the middle of the fetch
        first.wait(10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert _row(db, item_id)[:2] == ("capturing", 1)
    page.hold = None  # the site answers the next visit at once
    hold.set()
    second = _worker(env, log)
    try:
        assert _wait(lambda: _row(db, item_id)[0] == "stored"), log.read_text(errors="replace")
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(20)
    _state, attempts, original, sha256 = _row(db, item_id)
    assert attempts == 2
    assert original.endswith("-2.warc.gz")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM evidence_evidenceitem").fetchone() == (1,)
        assert connection.execute(
            "SELECT COUNT(*) FROM evidence_custodyevent WHERE action = 'captured'"
        ).fetchone() == (1,)
    warcs = list((tmp_path / "evidence").rglob("*.warc.gz"))
    assert [w.name for w in warcs] == [Path(original).name]
    data = warcs[0].read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha256
    with warcs[0].open("rb") as handle:
        bodies = [
            r.content_stream().read() for r in ArchiveIterator(handle) if r.rec_type == "response"
        ]
    assert bodies == ["<h1>منشور</h1>".encode()]
