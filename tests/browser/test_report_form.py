"""The report form's own gates in a real browser: page weight, keyboard-only use."""

from __future__ import annotations

import pytest

from marsad.intake.models import Report
from tests.browser.conftest import FIGURES, lang_url, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BUDGET = 60 * 1024


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_page_weight_html_css_js(page, base_url, language):
    sizes: dict[str, int] = {}

    def on_response(response):
        kind = response.request.resource_type
        if kind in {"document", "stylesheet", "script"}:
            sizes[response.url] = len(response.body())

    page.on("response", on_response)
    page.goto(lang_url(base_url, language, "/report/"), wait_until="networkidle")
    total = sum(sizes.values())
    FIGURES[f"weight_{language}"] = total
    print(f"report form ({language}): {total / 1024:.1f} KB in {len(sizes)} files")  # noqa: T201
    assert total <= BUDGET, sizes
    assert len(sizes) == 4  # the page, one stylesheet, two scripts (proof of work, quick exit)


def test_the_form_can_be_completed_with_the_keyboard_alone(page, base_url):
    page.goto(lang_url(base_url, "en", "/report/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    described = opened = False
    for _ in range(250):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.id, document.activeElement.tagName,"
            " document.activeElement.type,"
            " document.activeElement.matches('details.section > summary')]"
        )
        if focused[3] and not opened:
            page.keyboard.press("Enter")  # unfold the first section: the kinds of violation
            opened = True
        if focused[0] == "vt-unsure":
            page.keyboard.press("ArrowUp")  # move within the radio group to a type
        if focused[0] == "id_description":
            page.keyboard.type("Typed with the keyboard only.")
            described = True
        if described and focused[1] == "BUTTON" and focused[2] == "submit":
            page.keyboard.press("Enter")
            break
    page.wait_for_selector(".receipt .code")
    shot(page, "receipt")
    report = Report.objects.get()
    assert report.description == "Typed with the keyboard only."
    assert report.violation_type is not None  # chosen with an arrow key
