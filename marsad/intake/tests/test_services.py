"""Saving reports: together or not at all, idempotent, encrypted, withdrawable."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases.services import violation_create
from marsad.core import crypto
from marsad.evidence import tasks as evidence_tasks
from marsad.intake import services, tasks
from marsad.intake.choices import Channel, TriageState, Trust
from marsad.intake.errors import IdempotencyConflict, ReportWithdrawn
from marsad.intake.models import Contact, ContactAccessLog, Report, ReporterMessage, ReportFile
from marsad.intake.selectors import contact_reveal, report_by_receipt, report_public_status
from marsad.intake.services import ContactData, ReportData
from marsad.intake.tests.conftest import stored_files
from marsad.intake.tests.factories import png_upload
from marsad.intake.uploads import check_upload

pytestmark = pytest.mark.django_db


def data(**overrides) -> ReportData:
    values = {"description": "حُذف منشوري", "language": "ar"}
    values.update(overrides)
    return ReportData(**values)


def submit(material="form:one", files=(), **overrides):
    return services.report_submit(
        data=data(**overrides),
        files=[check_upload(f) for f in files],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=material,
    )


def test_report_contact_and_files_are_saved_together(media):
    result = submit(
        files=[png_upload()],
        victim_name="Jane",
        contact=ContactData(method="email", email="me@example.org"),
    )
    report = result.report
    assert result.created
    assert len(result.receipt_code) == 16
    assert report.files.count() == 1
    stored = report.files.get()
    assert stored.content_type == "image/png"
    assert stored.file.name.startswith(f"intake/{report.pk}/")
    assert stored.file.name.endswith(".png")
    assert "screenshot" not in stored.file.name
    assert len(stored_files(media)) == 1
    assert Contact.objects.get(report=report).email == "me@example.org"


def test_personal_data_is_encrypted_at_rest(media):
    report = submit(
        victim_name="Jane Doe",
        contact=ContactData(email="secret@example.org", phone="+970591234567"),
    ).report
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, phone FROM intake_contact WHERE report_id = %s", [report.pk])
        email, phone = cursor.fetchone()
        cursor.execute("SELECT victim_name FROM intake_report WHERE id = %s", [report.pk])
        (victim_name,) = cursor.fetchone()
    for raw in (email, phone, victim_name):
        assert raw.startswith("gAAAA")  # a Fernet token
    assert "secret" not in email
    assert "Jane" not in victim_name


def test_the_receipt_code_is_not_stored(media):
    result = submit()
    code = result.receipt_code
    for model in (Report, Contact, ReportFile):
        for row in model.objects.values():
            assert code not in str(row)
    assert report_by_receipt(code) == result.report
    assert report_by_receipt(" ".join(code[i : i + 4] for i in range(0, 16, 4))) == result.report


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_receipt_email_leaves_no_sealed_code_in_the_task_queue_once_sent(
    media, settings, django_capture_on_commit_callbacks
):
    """The receipt code the reporter asked to be emailed travels sealed in the task's
    arguments; once the task has finished, the worker's next sweep deletes its row (the code
    is kept nowhere, not even sealed under keys that a later theft could bring along)."""
    settings.EMAIL_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        done = submit(
            contact=ContactData(method="email", email="r@example.org"),
            send_receipt_by_email=True,
        )
    row = DBTaskResult.objects.get(task_path="marsad.intake.tasks.send_receipt_email")
    report_id, sealed, _language = row.args_kwargs["args"]
    assert (report_id, crypto.decrypt(sealed)) == (done.report.pk, done.receipt_code)
    assert tasks.sweep() == 0
    assert DBTaskResult.objects.filter(pk=row.pk).exists()  # waiting to be sent: kept
    row.claim("worker")
    row.set_successful(None)
    other = evidence_tasks.ingest_report.enqueue(done.report.pk)
    DBTaskResult.objects.filter(pk=other.id).update(status="SUCCESSFUL", finished_at=timezone.now())
    assert tasks.sweep() == 0
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [uuid.UUID(other.id)]


def test_failure_midway_leaves_no_row_and_no_file(media, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Contact.objects, "create", explode)
    with pytest.raises(RuntimeError):
        submit(files=[png_upload()], contact=ContactData(email="a@example.org"))
    assert Report.objects.count() == 0
    assert ReportFile.objects.count() == 0
    assert stored_files(media) == []


def test_same_submission_twice_makes_one_report_with_the_same_code(media):
    first = submit(material="form:abc")
    second = submit(material="form:abc")
    assert (second.created, second.report, second.receipt_code) == (
        False,
        first.report,
        first.receipt_code,
    )
    assert Report.objects.count() == 1


def test_repeat_with_files_stores_no_second_copy(media):
    first = submit(material="form:race", files=[png_upload()])
    again = submit(material="form:race", files=[png_upload()])
    assert (again.created, again.report) == (False, first.report)
    assert Report.objects.count() == 1
    assert ReportFile.objects.count() == 1
    assert len(stored_files(media)) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_makes_one_report(media):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race is covered by the test above")
    results, errors = [], []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            results.append(submit(material="form:concurrent"))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Report.objects.count() == 1
    assert sum(r.created for r in results) == 1
    assert len({r.receipt_code for r in results}) == 1


def test_api_key_reused_with_other_content_is_refused(media):
    services.report_submit(
        data=data(),
        files=[],
        channel=Channel.PARTNER_API,
        trust=Trust.NORMAL,
        submission_material="api:1:k",
        fingerprint="a",
    )
    with pytest.raises(IdempotencyConflict):
        services.report_submit(
            data=data(description="other"),
            files=[],
            channel=Channel.PARTNER_API,
            trust=Trust.NORMAL,
            submission_material="api:1:k",
            fingerprint="b",
        )
    assert Report.objects.count() == 1


def test_suspect_reports_go_to_the_spam_queue_not_the_bin(media):
    report = services.report_submit(
        data=data(),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.SUSPECT,
        submission_material="x",
    ).report
    assert (report.triage_state, report.trust) == (TriageState.SPAM, Trust.SUSPECT)
    assert report_public_status(report).code == "received"  # never told it looks like spam


def test_question_from_staff_changes_the_status_to_needs_info(media):
    report = submit().report
    documenter = make_user(Role.DOCUMENTER)
    services.report_ask_reporter(report=report, author=documenter, body="متى حدث ذلك؟")
    status = report_public_status(report)
    assert status.code == "needs_info"
    with translation.override("en"):
        assert str(status.label) == "More information needed"
    services.report_add_information(report=report, text="أمس مساءً", files=[])
    assert report_public_status(report).code == "received"


def test_status_follows_the_violation(media):
    report = submit().report
    violation = violation_create(actor=None)
    Report.objects.filter(pk=report.pk).update(
        violation=violation, triage_state=TriageState.ATTACHED
    )
    report.refresh_from_db()
    assert report_public_status(report).code == "under_review"
    violation.status = "escalated"
    violation.documented_at = violation.created_at
    violation.save()
    report.refresh_from_db()
    assert report_public_status(report).code == "escalated"


def test_withdrawal_deletes_what_the_reporter_sent(media, django_capture_on_commit_callbacks):
    report = submit(
        files=[png_upload()],
        victim_name="Jane",
        contact=ContactData(email="me@example.org"),
        links=["https://x.com/a"],
    ).report
    services.report_ask_reporter(report=report, author=make_user(Role.DOCUMENTER), body="?")
    with django_capture_on_commit_callbacks(execute=True):
        services.report_withdraw(report=report)
    report.refresh_from_db()
    assert report.triage_state == TriageState.WITHDRAWN
    assert (report.description, report.links, report.victim_name, report.original) == (
        "",
        [],
        "",
        {},
    )
    assert not Contact.objects.exists()
    assert not ReportFile.objects.exists()
    assert not ReporterMessage.objects.exists()
    assert stored_files(media) == []
    assert report_public_status(report).code == "withdrawn"
    with pytest.raises(ReportWithdrawn):
        services.report_add_information(report=report, text="more", files=[])


def test_withdrawing_an_attached_report_is_on_the_violation_timeline(media):
    report = submit().report
    violation = violation_create(actor=None)
    Report.objects.filter(pk=report.pk).update(
        violation=violation, triage_state=TriageState.ATTACHED
    )
    report.refresh_from_db()
    services.report_withdraw(report=report)
    assert violation.events.last().after == {"report": report.pk, "withdrawn": True}


def test_reading_contact_details_is_logged(media):
    report = submit(contact=ContactData(email="me@example.org")).report
    documenter = make_user(Role.DOCUMENTER)
    contact = contact_reveal(user=documenter, report=report, reason="Ask for the screenshot")
    assert contact.email == "me@example.org"
    log = ContactAccessLog.objects.get()
    assert (log.user, log.report_id_snapshot, log.reason) == (
        documenter,
        report.pk,
        "Ask for the screenshot",
    )


def test_partner_tokens_are_stored_hashed():
    partner = make_user(Role.PARTNER)
    token, raw = services.partner_token_create(user=partner, name="Helpline")
    assert raw.startswith("msd_")
    assert len(raw) > 40
    assert raw not in str(list(type(token).objects.values()))
    services.partner_token_revoke(token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
