"""A reporter behind an address someone else flooded (a neighbour on the same mobile network,
anyone on the onion service). With wrong receipt codes: they still open their follow-up page
(with JavaScript on, the page's proof of work is solved in the background and the code is
looked at; with JavaScript off, the page says why it waits and keeps the code typed). With
the hour's reports: their report comes back with their words, on a phone."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, Trust
from marsad.intake.receipts import format_code
from marsad.intake.services import ReportData
from tests.browser.conftest import assert_language, assert_only_local_requests, lang_url, shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}


def receipt_code() -> str:
    submitted = intake_services.report_submit(
        data=ReportData(description="حذفت المنصة حسابي.", language="ar"),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"browser-shared-address:{uuid.uuid4().hex}",
    )
    return format_code(submitted.receipt_code)


def flood(count: int) -> None:
    """Wrong codes from the browser's own address, a new cookie-less client each time."""
    for i in range(count):
        Client().post(
            "/ar/report/follow-up/", {"code": f"{i + 1:08d}" * 2}, REMOTE_ADDR="127.0.0.1"
        )


@pytest.mark.parametrize("language", ["ar", "he"])
def test_with_javascript_the_reporter_gets_in(browser_context, base_url, settings, language):
    settings.INTAKE_FOLLOWUP_NETWORK_FAILURES = 3
    code = receipt_code()
    flood(3)
    page = browser_context(viewport=PHONE).new_page()
    page.goto(lang_url(base_url, language, "/report/follow-up/"))
    assert_language(page, language)
    page.fill("#id_code", code)
    shot(page, "1-code")
    page.click("button[type=submit].button")
    page.wait_for_url(f"**/{language}/report/follow-up/case/")
    assert page.locator(".status").count() == 1
    shot(page, "2-case")
    assert_only_local_requests(page)


def test_without_javascript_the_page_says_why_and_keeps_the_code(
    browser_context, base_url, settings
):
    settings.INTAKE_FOLLOWUP_NETWORK_FAILURES = 3
    code = receipt_code()
    flood(3)
    page = browser_context(java_script_enabled=False, viewport=PHONE).new_page()
    page.goto(lang_url(base_url, "ar", "/report/follow-up/"))
    page.fill("#id_code", code)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("button[type=submit].button")
    assert answer.value.status == 429
    assert page.locator("#busy").is_visible()
    assert page.input_value("#id_code") == code
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "busy")


@pytest.mark.parametrize("language", ["ar", "he"])
def test_past_the_hourly_limit_the_report_comes_back_with_the_words(
    browser_context, base_url, settings, language
):
    settings.INTAKE_SOFT_LIMIT_PER_HOUR = 1
    settings.INTAKE_HARD_LIMIT_PER_HOUR = 1
    Client().post(f"/{language}/report/", {"description": "x"}, REMOTE_ADDR="127.0.0.1")
    words = "حُذف حسابي بعد منشور عن الحاجز." if language == "ar" else "החשבון שלי נמחק."
    page = browser_context(java_script_enabled=False, viewport=PHONE).new_page()
    page.goto(lang_url(base_url, language, "/report/"))
    page.fill("#id_description", words)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("button[type=submit].button")
    assert answer.value.status == 429
    assert page.locator("#limited").is_visible()
    assert page.input_value("#id_description") == words
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "limited")
