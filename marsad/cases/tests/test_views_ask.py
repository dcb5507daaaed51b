"""Asking a reporter a question from a violation's page (issue 23, finding 15): a report that
is not part of this violation is a refused action (4xx, an error message, nothing written,
the question kept on the page), never a 500."""

from __future__ import annotations

import pytest

from conftest import client_for, make_user
from marsad.accounts.choices import Role
from marsad.cases import services
from marsad.cases.choices import Status
from marsad.cases.models import TimelineEvent, Violation
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, Trust
from marsad.intake.models import Report, ReporterMessage
from marsad.intake.services import ReportData

pytestmark = pytest.mark.django_db

QUESTION = "هل تستطيع إرسال لقطة شاشة للمنشور المحذوف؟"
REFUSED = {
    "en": "This report is not part of this violation, so its reporter cannot be asked from "
    "here. Ask from the page of the violation it belongs to.",
    "ar": "هذا البلاغ ليس جزءاً من هذا الانتهاك، فلا يمكن سؤال صاحبه من هنا. اطرح السؤال من "
    "صفحة الانتهاك الذي ينتمي إليه.",
    "he": "הדיווח הזה אינו חלק מההפרה הזאת, ולכן אי אפשר לשאול מכאן את המדווח. יש לשאול מדף "
    "ההפרה שאליה הוא שייך.",
}


def report(material: str) -> Report:
    return intake_services.report_submit(
        data=ReportData(description=f"words of {material}", language="ar"),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"ask:{material}",
    ).report


def in_review(first: Report) -> Violation:
    worker = make_user(Role.DOCUMENTER, f"worker-{first.pk}")
    violation = services.violation_open_from_report(report=first, actor=worker)
    services.violation_transition(violation=violation, to=Status.IN_REVIEW, actor=worker)
    return violation


def written() -> tuple:
    return (
        list(Violation.objects.order_by("pk").values_list("status", flat=True)),
        TimelineEvent.objects.count(),
        ReporterMessage.objects.count(),
    )


@pytest.mark.parametrize("language", REFUSED)
def test_a_question_naming_another_violations_report_is_refused_and_nothing_is_written(
    language,
):
    case, other = in_review(report("case")), in_review(stranger := report("other"))
    before = written()
    response = client_for("documenter").post(
        f"/staff/violations/{case.pk}/ask/",
        {"report": stranger.pk, "question": QUESTION},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert f'<li class="message error">{REFUSED[language]}</li>' in html
    assert 'class="message success"' not in html
    assert QUESTION in html  # what was typed is still on the page, to copy
    assert written() == before
    assert other.pk != case.pk


def test_the_reporter_of_a_merged_violation_can_be_asked_from_the_target(persona_client):
    merged_report = report("merged")
    target, source = in_review(report("target")), in_review(merged_report)
    services.violation_merge(
        source=source, target=target, actor=make_user(Role.COORDINATOR, "merger")
    )
    response = persona_client("documenter").post(
        f"/staff/violations/{target.pk}/ask/",
        {"report": merged_report.pk, "question": QUESTION},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (response.status_code, response["Location"]) == (
        302,
        f"/staff/violations/{target.pk}/",
    )
    assert ReporterMessage.objects.get(report=merged_report).body == QUESTION
    target.refresh_from_db()
    assert target.status == Status.NEEDS_INFO


def test_a_refused_question_on_this_violation_stays_in_its_report_form(persona_client):
    """Another refusal (a documented case cannot wait for information): the page answers
    409 with the question back in that report's form."""
    mine = report("documented")
    case = in_review(mine)
    services.violation_transition(
        violation=case, to=Status.DOCUMENTED, actor=make_user(Role.DOCUMENTER, "doc")
    )
    before = written()
    response = persona_client("documenter").post(
        f"/staff/violations/{case.pk}/ask/",
        {"report": mine.pk, "question": QUESTION},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert '<li class="message error">This status change is not allowed.</li>' in html
    assert f'name="question" rows="3" dir="auto" required>{QUESTION}</textarea>' in html
    assert written() == before
