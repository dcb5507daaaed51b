"""Statistics: exact figures for a fixture (with k = 1 nothing is rounded), the small-number
rule, the cache and its invalidation, and the charts (SVG with text as paths, mirrored in
Arabic and Hebrew). The rule itself: test_disclosure.py and test_differencing_attack.py."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.cases.services import (
    violation_classify,
    violation_set_published,
    violation_transition,
)
from marsad.observatory.filters import PublicFilter
from marsad.observatory.selectors import statistics
from marsad.observatory.tests.world import build_world
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def summary(client, **params):
    response = client.get("/api/v1/stats/summary", {"lang": "en", **params})
    assert response.status_code == 200, response.content
    return response.json()


def cells(rows):
    return [(row["key"], row["count"]) for row in rows]


def counted(rows):
    """The cells with a violation (k = 1: every category is listed, the empty ones as 0)."""
    return [(row["key"], row["count"]) for row in rows if row["count"]]


def test_summary_counts_every_documented_violation_exactly(anonymous, world, settings):
    settings.OBSERVATORY_MIN_CELL = 1
    body = summary(anonymous)
    # A-E published and F documented but not published: the statistics count all six.
    assert body["documented"] == 6
    assert counted(body["by_platform"]) == [
        ("facebook", 3),
        ("instagram", 1),  # equal counts in the vocabulary's order
        ("x-twitter", 1),
        ("telegram", 1),
    ]
    # Every platform is listed, and "not recorded" last.
    assert len(body["by_platform"]) == Platform.objects.count() + 1
    assert body["by_platform"][-1] == {
        "key": "",
        "label": "Not recorded",
        "count": 0,
        "protected": False,
    }
    assert counted(body["by_type"]) == [
        ("content-removal", 3),
        ("hacking", 2),
        ("smear-campaign", 1),
    ]
    february = summary(anonymous, **{"from": "2024-02-01", "to": "2024-02-29"})
    assert (february["documented"], february["from"], february["to"]) == (
        3,
        "2024-02-01",
        "2024-02-29",
    )


def test_published_violations_count_exactly_and_the_others_are_rounded_down(
    anonymous, world, settings
):
    """In the API, the page and the series: A (January, Facebook) taken off the site, so
    B, C, D and E are published and A and F (February, Facebook) are not."""
    violation_set_published(violation=world.cases["A"], actor=world.staff, published=False)
    settings.OBSERVATORY_MIN_CELL = 3
    body = summary(anonymous)
    # 4 published and 2 others, rounded down to a multiple of 3: none.
    assert (body["min_cell"], body["rounding"], body["documented"]) == (3, 3, 4)
    platforms = [(r["key"], r["count"], r["protected"]) for r in body["by_platform"]]
    # Facebook: D, and A and F rounded down to none; one published each for the others;
    # every other platform, none and "fewer than 3 unpublished" alike, withheld in the
    # vocabulary's order.
    assert platforms[:6] == [
        ("facebook", 1, False),
        ("instagram", 1, False),
        ("x-twitter", 1, False),
        ("telegram", 1, False),
        ("whatsapp", None, True),
        ("messenger", None, True),
    ]
    assert {p[1] for p in platforms[4:]} == {None}
    assert body["documented_protected"] is False
    html = anonymous.get("/en/statistics/").content.decode()
    assert '<span class="figure">4</span> violations documented' in html
    platform_table = html.split('id="chart-platform"', 1)[1].split("</section>", 1)[0]
    assert '<tr><th scope="row">Facebook</th><td class="num">1</td></tr>' in platform_table
    assert '<tr><th scope="row">Telegram</th><td class="num">1</td></tr>' in platform_table
    assert (
        '<tr class="others"><th scope="row">Every other category</th>'
        '<td class="num">fewer than 3 each</td></tr>'
    ) in platform_table
    assert "WhatsApp" not in platform_table
    assert "may be up to 2 higher" in html
    breakdowns = anonymous.get("/api/v1/stats/breakdowns", {"lang": "en"}).json()
    assert (
        [(c["key"], c["count"]) for c in breakdowns["months"]]
        == [
            ("2024-01", None),  # A, unpublished
            ("2024-02", 2),  # B and C, and F rounded down
            ("2024-03", 2),  # D and E
            *((f"2024-{m:02d}", None) for m in range(4, 13)),  # none, up to the current month
            *((f"2025-{m:02d}", None) for m in range(1, 13)),
            *((f"2026-{m:02d}", None) for m in range(1, 13)),
        ][: len(breakdowns["months"])]
    )
    assert breakdowns["months"][-1]["key"] == timezone.localdate().strftime("%Y-%m")
    # With k = 2 the two unpublished ones count: 2 of them in all, and on Facebook.
    settings.OBSERVATORY_MIN_CELL = 2
    body = summary(anonymous)
    assert (body["documented"], body["by_platform"][0]["count"]) == (6, 3)
    months = anonymous.get("/api/v1/stats/breakdowns", {"lang": "en"}).json()["months"]
    assert [c["count"] for c in months[:2]] == [None, 2]  # one unpublished in each


def test_a_total_of_unpublished_violations_below_k_is_withheld_with_every_cell(
    anonymous, world, settings
):
    for key in ("A", "D"):
        violation_set_published(violation=world.cases[key], actor=world.staff, published=False)
    settings.OBSERVATORY_MIN_CELL = 5
    body = summary(anonymous, platform="facebook")  # A, D and F, none published
    assert (body["documented"], body["documented_protected"]) == (None, True)
    assert {c["count"] for c in body["by_type"]} == {None}
    html = anonymous.get("/en/statistics/", {"platform": "facebook"}).content.decode()
    assert '<span class="figure">fewer than 5</span> violations documented' in html
    assert "Every category</th>" in html
    assert 'src="/en/statistics/charts/violation_type.svg' not in html  # nothing to draw
    # Without a period, the series starts in the first year whose figure is not withheld.
    assert "Too few violations for a monthly series." in html
    # A published one shows, exactly, with the others rounded down.
    violation_set_published(violation=world.cases["D"], actor=world.staff, published=True)
    assert summary(anonymous, platform="facebook")["documented"] == 1


def test_monthly_series_fills_empty_months_of_the_period(anonymous, world, settings):
    settings.OBSERVATORY_MIN_CELL = 1
    stats = statistics(filters=PublicFilter({"from": "2023-12-01", "to": "2024-04-30"}))
    assert [(c.key, c.count) for c in stats.months] == [
        ("2023-12", 0),
        ("2024-01", 1),
        ("2024-02", 3),
        ("2024-03", 2),
        ("2024-04", 0),
    ]


def test_the_cache_is_dropped_when_a_violation_changes(anonymous, world, settings):
    settings.OBSERVATORY_MIN_CELL = 1
    assert summary(anonymous)["documented"] == 6
    assert summary(anonymous)["documented"] == 6  # from the cache
    b = world.cases["B"]
    violation_classify(
        violation=b,
        actor=world.staff,
        changes={"platform": Platform.objects.get(slug="facebook")},
    )
    assert cells(summary(anonymous)["by_platform"])[0] == ("facebook", 4)
    violation_transition(
        violation=world.cases["F"], to=Status.IN_REVIEW, actor=world.staff, note="recheck"
    )
    assert summary(anonymous)["documented"] == 5
    # The list count is cached too and follows a withdrawal.
    assert anonymous.get("/api/v1/violations").json()["count"] == 5
    from marsad.cases.services import violation_set_published

    violation_set_published(violation=world.cases["C"], actor=world.staff, published=False)
    assert anonymous.get("/api/v1/violations").json()["count"] == 4


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_statistics_page_has_a_chart_and_a_table_per_breakdown(
    anonymous, world, language, settings
):
    settings.OBSERVATORY_MIN_CELL = 1
    response = anonymous.get(f"/{language}/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "months",
        "violation_type",
        "platform",
        "perpetrator_type",
        "victim_type",
        "region",
    ):
        assert f'src="/{language}/statistics/charts/{name}.svg"' in html
    assert html.count("<table>") == 6
    # No script but the quick exit's (marsad/core/static/marsad/exit.js).
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/marsad/exit.js" defer>']


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_charts_are_svg_with_text_as_paths(anonymous, world, language):
    response = anonymous.get(f"/{language}/statistics/charts/platform.svg", {"from": "2024-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml")
    assert "<text" not in svg  # every glyph is a path: the same in browsers and WeasyPrint
    assert "<path" in svg
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert "script" not in response["Content-Security-Policy"]


def test_unknown_chart_is_404_and_bad_filters_400(anonymous, world):
    assert anonymous.get("/en/statistics/charts/nothing.svg").status_code == 404
    assert anonymous.get("/en/statistics/charts/months.svg", {"from": "x"}).status_code == 400


def test_months_are_those_of_the_observatory_time_zone(world, settings):
    settings.OBSERVATORY_MIN_CELL = 1
    # 23:30 UTC on 31 January is already 1 February in Jerusalem.
    Violation.objects.create(
        status=Status.DOCUMENTED,
        documented_at=dt.datetime(2024, 1, 31, 23, 30, tzinfo=dt.UTC),
    )
    stats = statistics(filters=PublicFilter({"from": "2024-01-01", "to": "2024-02-29"}))
    assert [(c.key, c.count) for c in stats.months] == [("2024-01", 1), ("2024-02", 4)]


def test_one_pass_and_one_query_per_figure_agree(world):
    from marsad.observatory.selectors.stats import _raw_statistics, _raw_statistics_each

    for params in ({}, {"platform": "facebook"}, {"from": "2024-02-01", "to": "2024-03-31"}):
        filters = PublicFilter(params)
        one, each = _raw_statistics(filters), _raw_statistics_each(filters)
        assert one["total"] == each["total"]
        assert one["months"] == each["months"]
        assert {k: sorted(v, key=str) for k, v in one["breakdowns"].items()} == {
            k: sorted(v, key=str) for k, v in each["breakdowns"].items()
        }
