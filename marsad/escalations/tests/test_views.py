"""The escalation pages through the test client: who may do what (and a refusal changes
nothing), a coordinator's batch from choice to package to answers, the statistics page, and
the reporter's follow-up page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PERSONAS, client_for
from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.escalations import services
from marsad.escalations.choices import Channel, Outcome, Request
from marsad.escalations.models import Batch, Escalation
from marsad.escalations.tests.factories import documented
from marsad.intake.access import SESSION_KEY
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def sent(coordinator_user) -> Escalation:
    return services.escalation_send(
        violation=documented(),
        channel=Channel.TRUSTED_PARTNER_FORM,
        request=Request.RESTORE_CONTENT,
        actor=coordinator_user,
        sent_at=timezone.now() - dt.timedelta(days=5),
    )


@pytest.fixture
def draft(coordinator_user) -> Batch:
    return services.batch_create(
        platform=Platform.objects.get(slug="instagram"),
        channel=Channel.TRUSTED_PARTNER_FORM,
        items=[(documented(), Request.RESTORE_CONTENT)],
        actor=coordinator_user,
    )


def snapshot() -> tuple:
    return (
        list(Escalation.objects.order_by("pk").values()),
        list(Batch.objects.order_by("pk").values("pk", "state", "package")),
        list(Violation.objects.order_by("pk").values_list("pk", "status")),
    )


DENIED = [p for p in PERSONAS if p != "coordinator"]


@pytest.mark.parametrize("persona", DENIED)
@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("answer", {"answered_on": "2026-01-01", "outcome": "restored"}),
        ("outcome", {"outcome": "no_answer"}),
        ("follow-up", {"channel": "other"}),
        ("appeal", {"appealed_on": "2026-01-01"}),
    ],
)
def test_only_coordinators_act_on_an_escalation(persona, action, data, sent):
    before = snapshot()
    answer = client_for(persona).post(f"/staff/escalations/{sent.pk}/{action}/", data)
    assert answer.status_code == (302 if persona == "anonymous" else 403)
    if persona == "anonymous":
        assert answer["Location"].startswith("/staff/sign-in/")
    assert snapshot() == before


@pytest.mark.parametrize("persona", DENIED)
@pytest.mark.parametrize("action", ["sent", "remove", "discard"])
def test_only_coordinators_act_on_a_batch(persona, action, draft):
    before = snapshot()
    violation = draft.items.get().violation_id
    answer = client_for(persona).post(
        f"/staff/escalations/batches/{draft.pk}/{action}/", {"violation": violation}
    )
    assert answer.status_code == (302 if persona == "anonymous" else 403)
    assert snapshot() == before


@pytest.mark.parametrize("persona", DENIED)
def test_only_coordinators_prepare_a_batch(persona):
    violation = documented()
    answer = client_for(persona).post(
        "/staff/escalations/batches/new/?platform=instagram", {"violations": [violation.pk]}
    )
    assert answer.status_code == (302 if persona == "anonymous" else 403)
    assert not Batch.objects.exists()


@pytest.mark.parametrize("persona", ["documenter", "analyst", "partner", "anonymous"])
def test_packages_are_only_for_coordinators_and_admins(persona, draft):
    answer = client_for(persona).get(f"/staff/escalations/batches/{draft.pk}/package.csv")
    assert answer.status_code == (302 if persona == "anonymous" else 403)


def test_a_coordinator_batches_downloads_sends_and_records_an_answer(coordinator):
    ready = [documented(title=f"حالة {i}") for i in range(3)]
    documented(consent=False, title="not shared")  # never offered
    documented(platform="tiktok", title="elsewhere")  # another platform
    page = coordinator.get("/staff/escalations/batches/new/?platform=instagram")
    assert page.status_code == 200
    body = page.content.decode()
    assert all(f'value="{v.pk}"' in body for v in ready)
    assert "not shared" not in body
    assert "elsewhere" not in body
    created = coordinator.post(
        "/staff/escalations/batches/new/?platform=instagram",
        {
            "violations": [ready[0].pk, ready[1].pk],
            f"request-{ready[1].pk}": "restore_account",
            "channel": "partner_portal",
        },
    )
    batch = Batch.objects.get()
    assert created.status_code == 302
    assert created["Location"] == f"/staff/escalations/batches/{batch.pk}/"
    assert list(batch.items.values_list("violation_id", "request")) == [
        (ready[0].pk, "restore_content"),
        (ready[1].pk, "restore_account"),
    ]
    for extension, kind in (
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("pdf", "application/pdf"),
    ):
        download = coordinator.get(f"/staff/escalations/batches/{batch.pk}/package.{extension}")
        assert download.status_code == 200
        assert download["Content-Type"].startswith(kind)
        assert download["Content-Disposition"] == (
            f'attachment; filename="marsad-batch-{batch.pk}-instagram.{extension}"'
        )
        assert download["Cache-Control"] == "no-store"
    package = json.loads(
        coordinator.get(f"/staff/escalations/batches/{batch.pk}/package.json").content
    )
    assert [i["violation"] for i in package["items"]] == [ready[0].pk, ready[1].pk]

    sent_on = TODAY() - dt.timedelta(days=6)
    coordinator.post(
        f"/staff/escalations/batches/{batch.pk}/sent/",
        {"sent_on": sent_on.isoformat(), "reference": "TP-1"},
    )
    batch.refresh_from_db()
    assert batch.state == "sent"
    first = Escalation.objects.get(violation=ready[0])
    assert (timezone.localtime(first.sent_at).date(), first.reference) == (sent_on, "TP-1")
    coordinator.post(
        f"/staff/escalations/{first.pk}/answer/",
        {"answered_on": TODAY().isoformat(), "reason_given": "Reviewed", "outcome": "restored"},
    )
    first.refresh_from_db()
    assert (first.outcome, first.answered_on) == (Outcome.RESTORED, TODAY())
    assert Violation.objects.get(pk=ready[0].pk).status == Status.CLOSED
    stats = coordinator.get("/staff/escalations/statistics/", HTTP_ACCEPT_LANGUAGE="en")
    row = stats.content.decode().split('data-platform="instagram"')[1].split("</tr>")[0]
    assert '<td class="num">2</td><td class="num">1</td>' in row  # escalated, answered
    assert '<td class="num median">6</td>' in row
    assert "100%" in row
    assert "(1/1)" in row


def test_batch_new_without_a_platform_goes_back_to_the_batches(coordinator):
    answer = coordinator.get("/staff/escalations/batches/new/")
    assert (answer.status_code, answer["Location"]) == (302, "/staff/escalations/batches/")


def test_a_batch_with_nothing_chosen_keeps_the_page_and_says_why(coordinator):
    documented()
    coordinator.cookies["marsad_language"] = "en"
    answer = coordinator.post("/staff/escalations/batches/new/?platform=instagram", {})
    assert answer.status_code == 400
    assert "Choose at least one violation" in answer.content.decode()
    assert not Batch.objects.exists()


def test_a_refused_action_is_a_message_on_the_page_and_changes_nothing(coordinator, sent):
    before = snapshot()
    coordinator.cookies["marsad_language"] = "en"
    answer = coordinator.post(
        f"/staff/escalations/{sent.pk}/outcome/", {"outcome": "withdrawn"}, follow=True
    )
    assert answer.redirect_chain == [(f"/staff/escalations/{sent.pk}/", 302)]
    assert "Say why the escalation is withdrawn." in answer.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_every_page_renders_in_each_language(coordinator, sent, draft, language):
    coordinator.cookies["marsad_language"] = language
    for url in (
        "/staff/escalations/",
        "/staff/escalations/?state=overdue",
        f"/staff/escalations/{sent.pk}/",
        "/staff/escalations/batches/",
        "/staff/escalations/batches/new/?platform=instagram",
        f"/staff/escalations/batches/{draft.pk}/",
        "/staff/escalations/statistics/?year=2026&quarter=4",
        "/staff/",
    ):
        page = coordinator.get(url)
        assert page.status_code == 200, url
        assert f'<html lang="{language}"' in page.content.decode()


def test_list_pages_take_as_many_queries_for_two_rows_as_for_six(coordinator, coordinator_user):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(url).status_code == 200
        return len(captured)

    urls = ("/staff/escalations/", "/staff/escalations/statistics/", "/staff/")
    counts = []
    for size in (2, 4):
        for _ in range(size):
            services.escalation_send(
                violation=documented(platform=("facebook", "tiktok")[size == 4]),
                channel=Channel.OTHER,
                request=Request.OTHER,
                actor=coordinator_user,
                sent_at=timezone.now() - dt.timedelta(days=40),
            )
        counts.append([queries(url) for url in urls])
    assert counts[0] == counts[1], counts


# --- The reporter's follow-up page -----------------------------------------------------------


def open_followup(client, report) -> str:
    session = client.session
    session[SESSION_KEY] = {"report": report.pk, "at": timezone.now().timestamp()}
    session.save()
    return client.get("/en/report/follow-up/case/").content.decode()


@pytest.mark.parametrize("consent", [True, False])
def test_the_outcome_shows_on_the_follow_up_page_only_where_the_reporter_consented(
    consent, coordinator_user
):
    violation = documented(consent=True)
    report = violation.reports.get()
    escalation = services.escalation_send(
        violation=violation,
        channel=Channel.TRUSTED_PARTNER_FORM,
        request=Request.RESTORE_CONTENT,
        actor=coordinator_user,
    )
    client = client_for("anonymous")
    assert "The platform restored" not in open_followup(client, report)
    services.escalation_record_answer(
        escalation=escalation, actor=coordinator_user, answered_on=TODAY(), outcome="restored"
    )
    if not consent:
        report.consent_share_with_platform = False
        report.save()
    page = open_followup(client, report)
    shown = "The platform restored what it had removed or restricted." in page
    assert shown is consent
    assert "What Instagram did" in page if consent else "What Instagram did" not in page
