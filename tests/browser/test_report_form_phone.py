"""The report form on a 390 px phone, in Arabic and Hebrew, with JavaScript on and off (issue
23, "Safety a reporter can see"): the one required field first and marked, the optional
sections folded so the form is short, and each section opens without JavaScript."""

from __future__ import annotations

import pytest

from marsad.intake.models import Report
from tests.browser.conftest import FIGURES, assert_language, lang_url, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
# The form from its heading to the send button, in phone screens (it was about six).
MOST_SCREENS = 2.5


@pytest.fixture(params=["js", "nojs"])
def phone(request, browser_context):
    context = browser_context(
        viewport=PHONE,
        java_script_enabled=request.param == "js",
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    return request.param, context.new_page()


@pytest.mark.parametrize("language", ["ar", "he"])
def test_the_form_is_short_on_a_phone_and_starts_with_the_required_field(phone, base_url, language):
    mode, page = phone
    page.goto(lang_url(base_url, language, "/report/"))
    assert_language(page, language)
    first = page.evaluate(
        "[...document.querySelectorAll('.report-form input, .report-form select,"
        " .report-form textarea')]"
        ".find(e => e.type !== 'hidden' && e.name !== 'website' && e.offsetParent !== null).id"
    )
    assert first == "id_description"
    label = page.locator("label[for=id_description]")
    assert label.locator(".required-mark").is_visible()
    # Nothing overflows the screen sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    height = page.evaluate(
        "document.querySelector('.report-form button[type=submit]').getBoundingClientRect()"
        ".bottom + scrollY - document.querySelector('h1').getBoundingClientRect().top - scrollY"
    )
    screens = height / PHONE["height"]
    FIGURES[f"report_form_screens_{language}_{mode}"] = round(screens, 2)
    print(f"report form ({language}, {mode}): {height:.0f} px, {screens:.2f} screens")  # noqa: T201
    shot(page, f"{language}-{mode}-closed")
    assert screens <= MOST_SCREENS

    # Every folded section opens with a tap, JavaScript or not.
    summaries = page.locator("details.section > summary")
    assert summaries.count() == 5
    for i in range(summaries.count()):
        summaries.nth(i).click()
    assert page.locator("#id_contact_email").is_visible()
    assert page.locator("#id_platform").is_visible()
    shot(page, f"{language}-{mode}-open")


def test_a_phone_reporter_sends_only_the_description(phone, base_url):
    mode, page = phone
    page.goto(lang_url(base_url, "ar", "/report/"))
    page.fill("#id_description", "حُذف حسابي على إنستغرام بعد منشور عن غزة.")
    if mode == "js":
        page.wait_for_function("document.getElementById('id_altcha').value !== ''", timeout=20_000)
    page.click("button[type=submit].button")
    page.wait_for_selector(".receipt .code")
    assert Report.objects.get().description == "حُذف حسابي على إنستغرام بعد منشور عن غزة."


def test_an_error_in_a_folded_section_shows_it_open(phone, base_url):
    mode, page = phone
    page.goto(lang_url(base_url, "he", "/report/"))
    page.fill("#id_description", "החשבון שלי נחסם.")
    page.locator("details.section > summary").nth(1).click()  # where and when
    page.fill("#id_occurred_on", "2999-01-01")
    if mode == "js":
        page.wait_for_function("document.getElementById('id_altcha').value !== ''", timeout=20_000)
    page.click("button[type=submit].button")
    page.wait_for_selector(".error-summary")
    assert page.locator("#id_occurred_on").is_visible()  # its section is open
    assert page.locator("#id_contact_email").is_hidden()  # the others stay folded
    assert page.input_value("#id_description") == "החשבון שלי נחסם."
    shot(page, f"he-{mode}-error")
    assert not Report.objects.exists()
