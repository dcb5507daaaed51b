"""A reporter's whole path in a real browser: report with a screenshot, keep the receipt,
follow up, read the staff's question, answer it. Once per language, and once with
JavaScript off (Tor Browser "safest")."""

from __future__ import annotations

import pytest

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.intake.choices import Trust
from marsad.intake.models import Report, ReporterMessage
from marsad.intake.services import report_ask_reporter
from marsad.intake.tests.factories import png_bytes
from tests.browser.conftest import assert_language, assert_only_local_requests, lang_url, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

QUESTION = {
    "ar": "هل ما زال المنشور محذوفاً؟",
    "en": "Is the post still removed?",
    "he": "האם הפוסט עדיין מוסר?",
}
ANSWER = {
    "ar": "نعم، وما زال الحساب مقيّداً. Instagram لم يرد.",
    "en": "Yes, and the account is still restricted.",
    "he": "כן, והחשבון עדיין מוגבל.",
}


def report_and_follow_up(page, base_url, language, tmp_path, *, javascript: bool) -> Report:
    screenshot = tmp_path / "screenshot.png"
    screenshot.write_bytes(png_bytes(40, 30))

    page.goto(lang_url(base_url, language, "/report/"))
    assert_language(page, language)
    shot(page, f"{language}-1-form")
    summaries = page.locator("details.section > summary")
    for i in range(summaries.count()):  # unfold the optional sections
        summaries.nth(i).click()
    page.check("#vt-content-removal")
    page.select_option("#id_platform", "instagram")
    page.fill("#id_links", "https://www.instagram.com/p/DEMO123/")
    page.fill("#id_description", ANSWER[language] + " — " + QUESTION[language])
    page.select_option("#id_region", "gaza-strip")
    page.set_input_files("#id_evidence", str(screenshot))
    page.check("#id_consent_share_with_platform")
    if javascript:
        # The proof of work is solved in the background while the reporter types.
        page.wait_for_function("document.getElementById('id_altcha').value !== ''", timeout=20_000)
    page.click("button[type=submit].button")
    page.wait_for_selector(".receipt .code")
    shot(page, f"{language}-2-receipt")
    code = page.inner_text(".receipt .code").strip()
    assert len(code.replace(" ", "")) == 16

    report = Report.objects.get()
    assert report.files.count() == 1
    assert report.trust == (Trust.NORMAL if javascript else Trust.LOW)
    report_ask_reporter(report=report, author=make_user(Role.DOCUMENTER), body=QUESTION[language])

    page.goto(lang_url(base_url, language, "/report/follow-up/"))
    page.fill("#id_code", code)
    page.click("button[type=submit].button")
    page.wait_for_selector(".status")
    assert page.locator(".status").get_attribute("class").endswith("status-needs_info")
    assert QUESTION[language] in page.inner_text(".thread")
    shot(page, f"{language}-3-question")
    page.fill("#id_message", ANSWER[language])
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector(".message.success, .messages")
    assert ANSWER[language] in page.inner_text(".thread")
    shot(page, f"{language}-4-answered")
    assert_only_local_requests(page)
    return report


def test_report_and_answer_a_question(page, base_url, language, tmp_path):
    report = report_and_follow_up(page, base_url, language, tmp_path, javascript=True)
    answer = ReporterMessage.objects.get(report=report, direction="from_reporter")
    assert answer.body == ANSWER[language]


def test_report_and_follow_up_without_javascript(page_nojs, base_url, tmp_path):
    report = report_and_follow_up(page_nojs, base_url, "ar", tmp_path, javascript=False)
    assert ReporterMessage.objects.filter(report=report).count() == 2
