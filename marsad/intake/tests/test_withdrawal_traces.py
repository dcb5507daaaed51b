"""After a withdrawal no trace of the reporter's words is left in the database's files: on
SQLite, deleted content is overwritten (``secure_delete``) and the write-ahead log is copied
back and cut to nothing when the withdrawal commits (``core.dbsettings``). PostgreSQL keeps
dead rows until VACUUM: docs/deployment.md says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases import services as case_services
from marsad.intake import services
from marsad.intake.choices import Channel, TriageState, Trust
from marsad.intake.services import ContactData, ReportData

pytestmark = pytest.mark.django_db(transaction=True)
SQLITE = connection.vendor == "sqlite"

# A token no other test writes, with words in Arabic (kept as UTF-8 in text columns, and as
# \\u escapes in the JSON of the original).
TOKEN = "zq7-withdrawn-marker-5c1e"
WORDS = f"{TOKEN} ابتزني شخص يعرف عنواني في رفح"
FOLLOW_UP_TOKEN = "zq7-follow-up-marker-0b9d"
FOLLOW_UP = f"{FOLLOW_UP_TOKEN} أرسل لي رسائل جديدة"
QUESTION_TOKEN = "zq7-question-marker-77aa"
QUESTION = f"{QUESTION_TOKEN} قلت إن الحساب يعرف عنوانك في رفح، منذ متى؟"


def forms(text: str) -> list[bytes]:
    """Every way the database may hold the text: UTF-8, JSON-escaped, UTF-16, the Arabic
    alone."""
    arabic = text.split(" ", 1)[1]
    return [
        text.encode(),
        json.dumps(text)[1:-1].encode(),
        text.encode("utf-16-le"),
        arabic.encode(),
        text.split(" ", 1)[0].encode(),
    ]


def database_files() -> dict[str, bytes]:
    name = Path(connection.settings_dict["NAME"])
    return {
        path.name: path.read_bytes()
        for path in (name, name.with_name(f"{name.name}-wal"))
        if path.exists()
    }


def traces(text: str) -> list[str]:
    return [
        f"{file} holds {form[:24]!r}"
        for file, content in database_files().items()
        for form in forms(text)
        if form in content
    ]


def checkpoint_passive() -> None:
    """Copy what the log holds into the database file, as SQLite does by itself every
    thousand pages, so the words are in both files before the withdrawal."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


@pytest.mark.skipif(not SQLITE, reason="SQLite's own files; PostgreSQL: docs/deployment.md")
def test_a_withdrawn_reports_words_leave_no_trace_in_the_sqlite_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = services.report_submit(
        data=ReportData(
            description=WORDS,
            language="ar",
            perpetrator_details=WORDS,
            links=[f"https://x.com/{TOKEN}"],
            account_handle=f"@{TOKEN}",
            contact=ContactData(method="email", email=f"{TOKEN}@example.org"),
        ),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"form:{TOKEN}",
    ).report
    worker = make_user(Role.DOCUMENTER)
    case = case_services.violation_open_from_report(report=report, actor=worker)
    case_services.violation_ask_reporter(
        violation=case, report=report, actor=worker, question=QUESTION
    )
    checkpoint_passive()
    services.report_add_information(report=report, text=FOLLOW_UP, files=[])
    # The words are there (in the database file and in the log), as the test's premise.
    assert traces(WORDS)
    assert traces(FOLLOW_UP)
    assert traces(QUESTION)

    services.report_withdraw(report=report)

    report.refresh_from_db()
    assert report.triage_state == TriageState.WITHDRAWN
    assert traces(WORDS) == []
    assert traces(FOLLOW_UP) == []
    assert traces(QUESTION) == []
    assert database_files().get(f"{Path(connection.settings_dict['NAME']).name}-wal", b"") == b""


@pytest.mark.skipif(not SQLITE, reason="SQLite's own settings")
def test_every_sqlite_connection_overwrites_deleted_content_and_keeps_its_log_short():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone() == (1,)
        cursor.execute("PRAGMA journal_size_limit")
        assert cursor.fetchone() == (0,)
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
