"""Every staff action (POST), tried by every persona: the allowed ones change the state, the
denied ones answer 302/403/404 and change nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import client_for, make_user
from marsad.accounts.choices import Role
from marsad.cases import services
from marsad.cases.choices import Status
from marsad.cases.models import TimelineEvent, Victim, Violation
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, Trust
from marsad.intake.models import Report, ReporterMessage
from marsad.intake.services import ReportData

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "reporter", "partner", "analyst", "admin", "coordinator", "documenter")

# action -> personas allowed (documenter triages; coordinator works on violations).
ACTIONS = {
    "report_open": {"documenter"},
    "report_attach": {"documenter"},
    "report_triage": {"documenter"},
    "violation_classify": {"documenter", "coordinator"},
    "violation_status": {"documenter", "coordinator"},
    "violation_ask": {"documenter"},
    "violation_note": {"documenter", "coordinator"},
    "violation_assign": {"documenter", "coordinator"},
    "violation_merge": {"documenter", "coordinator"},
    "violation_summary": {"documenter", "coordinator"},
    "violation_victim": {"documenter", "coordinator"},
}


def fixture_world() -> dict[str, object]:
    def report(material: str) -> Report:
        return intake_services.report_submit(
            data=ReportData(description=material, language="ar", consent_publish=True),
            files=[],
            channel=Channel.WEB_FORM,
            trust=Trust.NORMAL,
            submission_material=material,
        ).report

    worker = make_user(Role.DOCUMENTER, "worker")
    waiting, attached, other = report("waiting"), report("attached"), report("other")
    case = services.violation_open_from_report(report=attached, actor=worker)
    target = services.violation_open_from_report(report=other, actor=worker)
    return {"waiting": waiting, "attached": attached, "case": case, "target": target}


def request_for(action: str, world: dict) -> tuple[str, dict]:
    case, waiting = world["case"], world["waiting"]
    return {
        "report_open": (f"/staff/reports/{waiting.pk}/open/", {}),
        "report_attach": (f"/staff/reports/{waiting.pk}/attach/", {"violation": case.pk}),
        "report_triage": (f"/staff/reports/{waiting.pk}/triage/", {"state": "spam"}),
        "violation_classify": (
            f"/staff/violations/{case.pk}/classify/",
            {"title": "changed", "flag_origin": "automated"},
        ),
        "violation_status": (f"/staff/violations/{case.pk}/status/", {"to": "in_review"}),
        "violation_ask": (
            f"/staff/violations/{case.pk}/ask/",
            {"report": world["attached"].pk, "question": "?"},
        ),
        "violation_note": (f"/staff/violations/{case.pk}/note/", {"note": "n"}),
        "violation_assign": (f"/staff/violations/{case.pk}/assign/", {"assignee": ""}),
        "violation_merge": (f"/staff/violations/{case.pk}/merge/", {"target": world["target"].pk}),
        "violation_summary": (
            f"/staff/violations/{case.pk}/summary/",
            {"language": "ar", "text": "ملخص"},
        ),
        "violation_victim": (
            f"/staff/violations/{case.pk}/victims/",
            {"victim_type": "journalist", "gender": "woman", "profession": "journalist"},
        ),
    }[action]


def snapshot() -> tuple:
    return (
        list(Report.objects.order_by("pk").values_list("triage_state", "violation_id")),
        list(
            Violation.objects.order_by("pk").values_list(
                "status", "title", "merged_into_id", "flag_origin"
            )
        ),
        TimelineEvent.objects.count(),
        ReporterMessage.objects.count(),
        Victim.objects.count(),
    )


def persona(name: str, world: dict) -> Client:
    if name == "reporter":
        # Someone holding a receipt code (signed in to the follow-up page, not the staff area).
        client = Client()
        session = client.session
        session["intake_followup"] = {"report": world["waiting"].pk, "at": 9e12}
        session.save()
        return client
    return client_for(name)


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("action", ACTIONS)
def test_action_matrix(action, name):
    world = fixture_world()
    client = persona(name, world)
    url, data = request_for(action, world)
    before = snapshot()
    response = client.post(url, data)
    if name in ACTIONS[action]:
        assert response.status_code == 302
        assert snapshot() != before, "an allowed action changed nothing"
    else:
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert "/sign-in/" in response["Location"] or "/account/" in response["Location"]
        assert snapshot() == before


STAFF_PAGES = (
    "/staff/",
    "/staff/reports/",
    "/staff/reports/{report}/",
    "/staff/violations/",
    "/staff/violations/{case}/",
)


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_reporter_with_a_receipt_code_sees_no_staff_page(page):
    """Holding a receipt code opens one's own follow-up page, never the staff area."""
    world = fixture_world()
    url = page.format(report=world["waiting"].pk, case=world["case"].pk)
    response = persona("reporter", world).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


# --- Who reads the reporters' own words on a violation's page (issue 23, finding 4) ----------

WORDS = "سيارة جاري الزرقاء أمام بيتي في حي الشيخ جراح"
QUESTION = "هل ما زال الحساب @jarrah_neighbour يكتب عنك؟"
READS_REPORTS = {"documenter": True, "coordinator": True, "admin": True, "analyst": False}


@pytest.mark.parametrize(("name", "reads"), READS_REPORTS.items())
def test_the_violation_page_shows_reporters_words_only_to_roles_that_read_reports(name, reads):
    """The analyst learns that the case has reports, never what they say, nor the staff's
    questions to the reporter on the timeline (which may quote them)."""
    worker = make_user(Role.DOCUMENTER, "worker")
    first = intake_services.report_submit(
        data=ReportData(description=WORDS, language="ar", consent_publish=True),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material="words:first",
    ).report
    second = intake_services.report_submit(
        data=ReportData(description="بلاغ ثان", language="ar"),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material="words:second",
    ).report
    case = services.violation_open_from_report(report=first, actor=worker)
    services.report_attach(report=second, violation=case, actor=worker)
    services.violation_transition(violation=case, to=Status.IN_REVIEW, actor=worker)
    services.violation_ask_reporter(violation=case, report=first, actor=worker, question=QUESTION)
    response = client_for(name).get(f"/staff/violations/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    shown = {
        "words": WORDS in html,
        "question": QUESTION in html,
        "report links": [
            pk for pk in (first.pk, second.pk) if f'href="/staff/reports/{pk}/"' in html
        ],
        "count": "This violation has 2 reports." in html,
    }
    assert shown == {
        "words": reads,
        "question": reads,
        "report links": [first.pk, second.pk] if reads else [],
        "count": not reads,
    }
