"""A documenter working in Arabic triages three reports, merges two violations, asks a
reporter a question, documents the case and writes its public summary; a coordinator then
finds it ready to escalate. In a real browser, as the staff would."""

from __future__ import annotations

import pytest

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases.models import Violation
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, TriageState, Trust
from marsad.intake.models import Report, ReporterMessage
from marsad.intake.services import ReportData
from marsad.taxonomy.models import Platform, ViolationType
from tests.browser.conftest import assert_language, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_report(material: str, link: str, text: str) -> Report:
    return intake_services.report_submit(
        data=ReportData(
            description=text,
            language="ar",
            links=[link],
            consent_publish=True,
            consent_share_with_platform=True,
            consent_contact=True,
            platform=Platform.objects.get(slug="instagram"),
            violation_type=ViolationType.objects.get(slug="content-removal"),
        ),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=material,
    ).report


def post_form(page, action: str) -> None:
    page.click(f"form[action='{action}'] button[type=submit]")
    page.wait_for_load_state()


def test_documenter_triages_merges_documents_and_coordinator_sees_it(browser_context, base_url):
    first = make_report("1", "https://www.instagram.com/p/GAZA1", "حذف إنستغرام منشوري عن القصف.")
    second = make_report("2", "https://www.instagram.com/p/GAZA1", "نفس المنشور حُذف من حسابي.")
    third = make_report("3", "https://t.me/spam", "اربح المال بسرعة")

    documenter = browser_context(language="ar", user=make_user(Role.DOCUMENTER)).new_page()
    documenter.goto(f"{base_url}/staff/reports/")
    assert_language(documenter, "ar")
    shot(documenter, "1-inbox")
    assert documenter.locator("tbody tr").count() == 3
    # A date out of range in the filters: the field says why, in Arabic; nothing is filtered.
    documenter.goto(f"{base_url}/staff/reports/?queue=all&since=0001-01-01")
    shot(documenter, "1b-inbox-date-out-of-range")
    assert "1900-01-01" in documenter.locator("#id_since_error").inner_text()
    assert documenter.locator("tbody tr").count() == 3

    # The first report becomes a violation.
    documenter.goto(f"{base_url}/staff/reports/{first.pk}/")
    post_form(documenter, f"/staff/reports/{first.pk}/open/")
    case = Violation.objects.get()
    # The second report shows the first as a duplicate candidate; it is opened too (by
    # mistake, as happens) and then merged into the first violation.
    documenter.goto(f"{base_url}/staff/reports/{second.pk}/")
    assert documenter.locator(f"a[href='/staff/reports/{first.pk}/']").count() == 1
    shot(documenter, "2-duplicate-candidate")
    post_form(documenter, f"/staff/reports/{second.pk}/open/")
    duplicate = Violation.objects.exclude(pk=case.pk).get()
    documenter.fill("#id_target", str(case.pk))
    post_form(documenter, f"/staff/violations/{duplicate.pk}/merge/")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == case
    # The third is spam.
    documenter.goto(f"{base_url}/staff/reports/{third.pk}/")
    documenter.click(f"form[action='/staff/reports/{third.pk}/triage/'] >> nth=0 >> button")
    documenter.wait_for_load_state()
    assert Report.objects.get(pk=third.pk).triage_state == TriageState.SPAM

    # Working on the case: review, a question to the reporter, documented, a summary.
    documenter.goto(f"{base_url}/staff/violations/{case.pk}/")
    documenter.select_option("#id_to", "in_review")
    post_form(documenter, f"/staff/violations/{case.pk}/status/")
    documenter.click(f"details:has(input[value='{first.pk}']) summary")
    documenter.fill(f"#q{first.pk}", "هل ما زال المنشور محذوفاً؟")
    post_form(documenter, f"/staff/violations/{case.pk}/ask/")
    assert ReporterMessage.objects.get(report=first).body == "هل ما زال المنشور محذوفاً؟"
    case.refresh_from_db()
    assert case.status == "needs_info"
    documenter.select_option("#id_to", "documented")
    post_form(documenter, f"/staff/violations/{case.pk}/status/")
    documenter.fill("#summary-ar", "حذفت منصة إنستغرام منشوراً لصحفي يوثّق آثار القصف.")
    summary_form = documenter.locator("form.summary[lang=ar]")
    for name in ("no_names", "no_handles_or_links", "no_location_details", "no_contact_details"):
        summary_form.locator(f"input[name={name}]").check()
    summary_form.locator("button").click()
    documenter.wait_for_load_state()
    shot(documenter, "3-documented")
    case.refresh_from_db()
    assert case.status == "documented"
    assert case.summaries.get(language_code="ar").checklist_complete
    assert len({r.pk for r in Report.objects.filter(violation__in=[case, duplicate])}) == 2

    coordinator = browser_context(language="ar", user=make_user(Role.COORDINATOR)).new_page()
    coordinator.goto(f"{base_url}/staff/violations/")
    shot(coordinator, "4-ready-to-escalate")
    assert coordinator.locator(f"ul.ready a[href='/staff/violations/{case.pk}/']").count() == 1
    assert coordinator.locator(f"ul.ready a[href='/staff/violations/{duplicate.pk}/']").count() == 0
