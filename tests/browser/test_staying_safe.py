"""What a reporter sees to stay safe, in a real browser at a phone's width (390 px): the quick
exit with JavaScript on and off, the staying-safe page, and the "what happens next" of the
receipt and follow-up pages in ar, en and he (screenshots in artifacts/screenshots/)."""

from __future__ import annotations

import pytest

from marsad.intake import services
from marsad.intake.choices import Channel, Trust
from marsad.intake.forms import ReportForm
from marsad.intake.tests.factories import form_data
from tests.browser.conftest import assert_language, lang_url, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LANGUAGES = ("ar", "en", "he")
ONION = "http://32kzkutnias4wcpvpxgzv7yi4wkyhmxggt6omgojkfv6ltx6hxzqgayd.onion"


@pytest.fixture
def exit_target(settings, base_url) -> str:
    """The quick exit leads to a page of the live server (no test may reach another host)."""
    settings.MARSAD_QUICK_EXIT_URL = f"{base_url}/healthz?left"
    return settings.MARSAD_QUICK_EXIT_URL


def receipt_code(language: str = "en") -> str:
    form = ReportForm(form_data(), language=language)
    assert form.is_valid(), form.errors
    return services.report_submit(
        data=form.report_data(),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"form:browser-{language}",
    ).receipt_code


def assert_in_view(page, selector: str, language: str) -> None:
    """The element is wholly inside the phone's screen, at its inline end (left in RTL)."""
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    width, height = PHONE["width"], PHONE["height"]
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= width, box
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= height, box
    if language == "en":
        assert box["x"] > width / 2, box
    else:
        assert box["x"] + box["width"] < width / 2, box


def assert_fits(page) -> None:
    """Nothing is wider than the phone's screen (no sideways scrolling)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def open_follow_up(page, base_url: str, language: str) -> None:
    page.goto(lang_url(base_url, language, "/report/follow-up/"))
    page.fill("#id_code", receipt_code(language))
    page.click("main button[type=submit]")
    page.wait_for_selector(".status")


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_exit_covers_nothing_at_the_top_of_a_phone_screen(
    browser_context, base_url, language, width
):
    page = browser_context(viewport={"width": width, "height": 740}).new_page()
    page.goto(lang_url(base_url, language, "/report/"))
    button = page.locator("#quick-exit").bounding_box()
    assert button is not None
    assert button["x"] >= 0
    assert button["x"] + button["width"] <= width
    header_items = page.locator(
        ".safety-bar > a:not(#quick-exit), .brand, .main-nav a, .lang-nav > *"
    )
    assert header_items.count() >= 10
    for i in range(header_items.count()):
        box = header_items.nth(i).bounding_box()
        assert box is not None
        assert not overlap(button, box), header_items.nth(i).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_exit_with_javascript_leaves_no_way_back(
    browser_context, base_url, exit_target, language
):
    page = browser_context(viewport=PHONE).new_page()
    page.goto(f"{base_url}/healthz?before")  # what this tab showed before Marsad
    page.goto(lang_url(base_url, language, "/report/"))
    assert_language(page, language)
    assert_in_view(page, "#quick-exit", language)
    # Still there, in the same corner, far down the long form.
    page.locator("button[type=submit].button").first.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 500
    assert_in_view(page, "#quick-exit", language)
    shot(page, "form-scrolled")

    page.click("#quick-exit")
    page.wait_for_url(exit_target)
    page.go_back()
    assert page.url == f"{base_url}/healthz?before"  # not the report form


def test_quick_exit_by_pressing_escape_twice(browser_context, base_url, exit_target):
    page = browser_context(viewport=PHONE).new_page()
    page.goto(f"{base_url}/healthz?before")
    page.goto(lang_url(base_url, "ar", "/report/"))
    page.focus("#id_description")
    page.keyboard.type("نص")
    page.keyboard.press("Escape")  # once: nothing happens (it may just close a suggestion)
    page.wait_for_timeout(1600)
    page.keyboard.press("Escape")  # once again, too late to count as twice
    assert page.url == lang_url(base_url, "ar", "/report/")
    page.keyboard.press("Escape")
    page.wait_for_url(exit_target)
    page.go_back()
    assert page.url == f"{base_url}/healthz?before"


@pytest.mark.parametrize("language", LANGUAGES)
def test_quick_exit_without_javascript_is_a_link_that_forgets(
    browser_context, base_url, exit_target, language
):
    page = browser_context(viewport=PHONE, java_script_enabled=False).new_page()
    open_follow_up(page, base_url, language)
    assert_in_view(page, "#quick-exit", language)
    shot(page, "follow-up-nojs")

    page.click("#quick-exit")
    page.wait_for_url(exit_target)
    # The code entered on this device no longer opens the report.
    page.goto(lang_url(base_url, language, "/report/follow-up/case/"))
    assert page.url == lang_url(base_url, language, "/report/follow-up/")
    assert page.locator("#id_code").count() == 1


@pytest.fixture
def organisation(settings) -> None:
    """Everything the pages can show: an onion address and ways to reach a person."""
    settings.MARSAD_ONION_URL = ONION
    settings.MARSAD_CONTACT_EMAIL = "help@observatory.example.org"
    settings.MARSAD_CONTACT_PHONE = "+970 59 123 4567"
    settings.MARSAD_CONTACT_SIGNAL = "marsad.01"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_staying_safe_page_on_a_phone(
    browser_context, base_url, organisation, language, javascript
):
    page = browser_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto(lang_url(base_url, language, "/"))
    page.click(".safety-bar a[href$='/staying-safe/']")
    page.wait_for_url(lang_url(base_url, language, "/staying-safe/"))
    assert_language(page, language)
    assert_fits(page)
    assert_in_view(page, "#quick-exit", language)
    assert page.locator("a.onion").inner_text() == f"{ONION}/{language}/"
    assert page.locator(".contacts li").count() == 3
    shot(page, "staying-safe")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_receipt_and_follow_up_say_what_happens_next(
    browser_context, base_url, organisation, language, javascript
):
    page = browser_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto(lang_url(base_url, language, "/report/"))
    page.fill("#id_description", "حُذف منشوري عن القصف دون سبب واضح.")
    page.locator("#id_description").locator("xpath=ancestor::form").locator(
        "button[type=submit]"
    ).click()
    page.wait_for_selector(".receipt .code", timeout=30_000)
    assert_language(page, language)
    assert_fits(page)
    assert_in_view(page, "#quick-exit", language)
    assert page.locator("ol.steps > li").count() == 4
    assert page.locator(".contacts li").count() == 3
    shot(page, "receipt")

    code = page.inner_text(".receipt .code").strip()
    page.click("main a.button")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    page.wait_for_selector(".status")
    assert_fits(page)
    assert_in_view(page, "#quick-exit", language)
    assert page.locator(".status .next").count() == 1
    shot(page, "follow-up")
