"""The public database and statistics in a real browser: Arabic and Hebrew screenshots
(artifacts/screenshots/), axe-core, filters and search with JavaScript off, charts loaded."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.observatory.tests.world import build_world
from marsad.taxonomy.models import PerpetratorType, Platform, Region, VictimType, ViolationType
from tests.browser.conftest import assert_language, axe_violations, lang_url, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def documented_background(count: int = 400) -> None:
    """Documented (unpublished) violations over 2024 so that the statistics have shape."""
    rng = random.Random(3)
    vocab = {
        "violation_type": list(ViolationType.objects.all()[:8]),
        "platform": list(Platform.objects.all()[:9]),
        "perpetrator_type": list(PerpetratorType.objects.all()),
        "victim_type": list(VictimType.objects.all()),
        "region": list(Region.objects.all()),
    }
    start = dt.datetime(2024, 1, 1, 9, tzinfo=dt.UTC)
    Violation.objects.bulk_create(
        Violation(
            status=Status.DOCUMENTED,
            documented_at=start + dt.timedelta(days=int(rng.triangular(0, 365, 280))),
            **{name: rng.choice(terms) for name, terms in vocab.items()},
        )
        for _ in range(count)
    )


@pytest.fixture
def observatory_data():
    world = build_world()
    documented_background()
    return world


@pytest.mark.parametrize("language", ["ar", "he"])
def test_database_page_in_a_right_to_left_language(page, base_url, observatory_data, language):
    page.goto(lang_url(base_url, language, "/violations/"))
    assert_language(page, language)
    assert page.locator(".violation-item").count() == 5
    shot(page, f"violations-{language}")
    page.goto(lang_url(base_url, language, "/violations/?q=" + "موسسه"))
    assert page.locator(".violation-item").count() == 1
    shot(page, f"violations-search-{language}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["ar", "he"])
def test_statistics_page_with_charts(page, base_url, observatory_data, language):
    page.goto(lang_url(base_url, language, "/statistics/?from=2024-01-01&to=2024-12-31"))
    assert_language(page, language)
    charts = page.locator("img.chart")
    assert charts.count() == 6
    page.wait_for_load_state("networkidle")
    widths = page.evaluate("[...document.querySelectorAll('img.chart')].map(i => i.naturalWidth)")
    assert all(w > 100 for w in widths), widths  # every SVG loaded and drawn
    page.locator("details").first.evaluate("d => d.open = true")
    shot(page, f"statistics-{language}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["ar", "he"])
def test_statistics_with_small_numbers_on_a_phone(browser_context, base_url, language):
    """A narrow question on a 390 px phone: two published violations (A and D) are counted
    exactly, every category without a published one says "fewer than 5" (zero included),
    periods are whole months, and nothing overflows the screen."""
    build_world()
    page = browser_context(viewport={"width": 390, "height": 844}).new_page()
    query = "/statistics/?region=gaza-strip&from=2024-01-10&to=2024-03-20"
    page.goto(lang_url(base_url, language, query))
    assert_language(page, language)
    assert page.locator(".figure").first.inner_text() == "2"
    fewer = {"ar": "أقل من 5", "he": "פחות מ־5"}[language]
    assert fewer in page.locator(".small-numbers").inner_text()
    assert page.locator("tr.others").count() == 7  # 5 breakdowns, outcomes, platforms
    # The months and the five breakdowns (each with a published violation); no escalation.
    assert page.locator("img.chart").count() == 6
    assert "2024" in page.locator(".period").inner_text()  # January to March
    page.locator("details").first.evaluate("d => d.open = true")
    # The page never scrolls sideways; the five columns of the platforms' table scroll
    # inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, f"statistics-small-{language}-390")
    assert axe_violations(page) == []


def test_filters_and_search_work_without_javascript(page_nojs, base_url, observatory_data):
    page = page_nojs
    page.goto(lang_url(base_url, "ar", "/violations/"))
    page.select_option("#id_platform", "facebook")
    page.fill("#id_q", "اعلاميه")
    # The filter form's own button (every public page also has the mailing-list form), and
    # wait for the results page to have loaded before counting: under load the URL changes
    # before the new document is there.
    with page.expect_navigation(wait_until="load"):
        page.click("form:has(#id_q) button[type=submit]")
    assert "platform=facebook" in page.url
    assert page.locator(".violation-item").count() == 1
    page.locator(".violation-item a").first.click()
    assert page.locator(".citation").count() == 1
    shot(page, "violation-ar-nojs")
