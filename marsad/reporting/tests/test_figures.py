"""Every number of a generated report against an independent query on a year built for it
(tests/conftest.py: 2022 with exactly 1,119 documented violations, a third of the decided
removal cases restored), and in each language as the report draws it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from marsad.reporting import figures as computing
from marsad.reporting.choices import LANGUAGES
from marsad.reporting.figures import ReportPeriod, parse_period
from marsad.reporting.presentation import Texts, report_view
from marsad.reporting.summary import generated_summary
from marsad.reporting.tests.conftest import PUBLISHED_2022, TOTAL_2021, TOTAL_2022
from marsad.taxonomy.models import Platform, ViolationType

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Jerusalem")
VERIFIED = ("documented", "escalated", "closed")


def _bounds(first: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local midnights as the database keeps moments: UTC (naive on SQLite)."""

    def utc(day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(), tzinfo=TZ).astimezone(dt.UTC)
        return moment.replace(tzinfo=None) if connection.vendor == "sqlite" else moment

    return utc(first), utc(end)


# Published violations only (the part a report shows exactly), or every one.
ONLY_PUBLISHED = {True: "AND v.is_published = %s ", False: ""}


def sql_count(first: dt.date, end: dt.date, *, published: bool = False) -> int:
    """Documented violations by documented date, written out in SQL (docs/statistics.md);
    ``published``: only the published ones."""
    start, stop = _bounds(first, end)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM cases_violation v WHERE v.documented_at >= %s "  # noqa: S608
            "AND v.documented_at < %s AND v.merged_into_id IS NULL "
            f"AND v.status IN (%s, %s, %s) {ONLY_PUBLISHED[published]}",
            (start, stop, *VERIFIED, *([True] if published else [])),
        )
        return int(cursor.fetchone()[0])


def sql_breakdown(column: str, table: str, *, published: bool = False) -> dict[str, int]:
    start, stop = _bounds(dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(t.slug, ''), COUNT(*) FROM cases_violation v "  # noqa: S608
            f"LEFT JOIN {table} t ON t.id = v.{column} WHERE v.documented_at >= %s "
            "AND v.documented_at < %s AND v.merged_into_id IS NULL AND v.status IN (%s, %s, %s) "
            f"{ONLY_PUBLISHED[published]}GROUP BY COALESCE(t.slug, '')",
            (start, stop, *VERIFIED, *([True] if published else [])),
        )
        return {slug: int(n) for slug, n in cursor.fetchall()}


@pytest.fixture
def annual(year_2022):
    return computing.compute(ReportPeriod("annual", 2022))


def test_the_total_and_the_comparison_equal_sql(annual):
    v = annual["violations"]
    assert v["total"] == TOTAL_2022 == sql_count(dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    # 2021 has its 900 and the case documented at 23:30 on its last evening.
    assert v["previous"] == {"code": "2021", "total": TOTAL_2021 + 1}
    assert v["previous"]["total"] == sql_count(dt.date(2021, 1, 1), dt.date(2022, 1, 1))
    assert v["year_before"] is None
    # Beside them, how many are published (a report shows those exactly).
    published = v["published"]
    year = (dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    assert published["total"] == PUBLISHED_2022 == sql_count(*year, published=True)
    assert published["previous"] == sql_count(
        dt.date(2021, 1, 1), dt.date(2022, 1, 1), published=True
    )
    assert published["year_before"] is None


def test_every_month_equals_a_count_of_its_own(annual):
    months = dict(annual["violations"]["months"])
    assert list(months) == [f"2022-{m:02d}" for m in range(1, 13)]
    for m in range(1, 13):
        end = dt.date(2023, 1, 1) if m == 12 else dt.date(2022, m + 1, 1)
        assert months[f"2022-{m:02d}"] == sql_count(dt.date(2022, m, 1), end)
    assert sum(months.values()) == TOTAL_2022
    published = dict(annual["violations"]["published"]["months"])
    assert list(published) == list(months)
    for m in range(1, 13):
        end = dt.date(2023, 1, 1) if m == 12 else dt.date(2022, m + 1, 1)
        assert published[f"2022-{m:02d}"] == sql_count(dt.date(2022, m, 1), end, published=True)


BREAKDOWN_TABLES = (
    ("violation_type", "violation_type_id", "taxonomy_violationtype"),
    ("platform", "platform_id", "taxonomy_platform"),
    ("perpetrator_type", "perpetrator_type_id", "taxonomy_perpetratortype"),
    ("victim_type", "victim_type_id", "taxonomy_victimtype"),
    ("region", "region_id", "taxonomy_region"),
)


def test_each_breakdown_equals_sql_and_sums_to_the_total(annual):
    for name, column, table in BREAKDOWN_TABLES:
        found = dict(annual["violations"]["breakdowns"][name])
        assert found == sql_breakdown(column, table), name
        assert sum(found.values()) == TOTAL_2022
        published = {
            slug: n
            for slug, n in annual["violations"]["published"]["breakdowns"][name]
            if n  # a value with violations, none of them published
        }
        assert published == sql_breakdown(column, table, published=True), name
    # The skew of the fixture shows: breakdowns are not flat, "not recorded" is there.
    assert "" in dict(annual["violations"]["breakdowns"]["region"])


def test_cross_tabulations_equal_sql(annual):
    tab = next(
        t
        for t in annual["violations"]["crosstabs"]
        if (t["rows"], t["cols"]) == ("violation_type", "platform")
    )
    start, stop = _bounds(dt.date(2022, 1, 1), dt.date(2023, 1, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(t.slug, ''), COALESCE(p.slug, ''), COUNT(*) FROM cases_violation v "
            "LEFT JOIN taxonomy_violationtype t ON t.id = v.violation_type_id "
            "LEFT JOIN taxonomy_platform p ON p.id = v.platform_id "
            "WHERE v.documented_at >= %s AND v.documented_at < %s AND v.merged_into_id IS NULL "
            "AND v.status IN (%s, %s, %s) GROUP BY 1, 2",
            (start, stop, *VERIFIED),
        )
        expected = sorted([a, b, int(n)] for a, b, n in cursor.fetchall())
    assert tab["cells"] == expected
    assert sum(n for _a, _b, n in tab["cells"]) == TOTAL_2022
    published = next(
        t
        for t in annual["violations"]["published"]["crosstabs"]
        if (t["rows"], t["cols"]) == ("violation_type", "platform")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(t.slug, ''), COALESCE(p.slug, ''), COUNT(*) FROM cases_violation v "
            "LEFT JOIN taxonomy_violationtype t ON t.id = v.violation_type_id "
            "LEFT JOIN taxonomy_platform p ON p.id = v.platform_id "
            "WHERE v.documented_at >= %s AND v.documented_at < %s AND v.merged_into_id IS NULL "
            "AND v.status IN (%s, %s, %s) AND v.is_published = %s GROUP BY 1, 2",
            (start, stop, *VERIFIED, True),
        )
        expected = {(a, b): int(n) for a, b, n in cursor.fetchall()}
    assert {(a, b): n for a, b, n in published["cells"] if n} == expected
    # The same cells as the exact table, in the same order.
    assert [(a, b) for a, b, _n in published["cells"]] == [(a, b) for a, b, _n in tab["cells"]]


def test_escalations_recovery_and_positive_responses(annual, year_2022):
    total = annual["escalations"]["total"]
    assert total["escalated"] == year_2022.escalated
    assert total["recovery"] == [year_2022.restored, year_2022.decided]  # exactly a third
    assert total["positive"] == year_2022.positive
    assert total["outcomes"]["open"] == 10
    assert total["median_days"] == 7
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM escalations_escalation e JOIN cases_violation v "
            "ON v.id = e.violation_id WHERE e.follow_up_of_id IS NULL AND e.sent_at >= %s "
            "AND e.sent_at < %s AND e.outcome IN ('restored', 'partially_restored')",
            _bounds(dt.date(2022, 1, 1), dt.date(2023, 1, 1)),
        )
        assert cursor.fetchone()[0] == year_2022.restored
    [instagram] = annual["escalations"]["platforms"]
    assert instagram["platform"] == "instagram"
    assert instagram["escalated"] == 105
    # None of the escalated violations is published.
    assert total["published"]["escalated"] == total["published"]["recovery"][1] == 0


def test_the_year_in_numbers(annual):
    work = annual["work"]
    assert work["reports_received"] == 40  # the 5 spam reports never count
    assert sum(work["publications"].values()) == 13
    assert work["publications"]["research"] == 5
    assert work["trainees"] == {"women": 45, "men": 38, "unstated": 2, "total": 85}
    assert work["trainings"] == 2
    assert work["organisations_trained"] == 3


def test_labels_are_kept_in_every_language(annual):
    labels = annual["labels"]["violation_type"]["content-removal"]
    for code in LANGUAGES:
        with translation.override(code):
            assert labels[code] == str(ViolationType.objects.get(slug="content-removal"))


def _html(figures: dict, language: str) -> str:
    view = report_view(figures, Texts(), language)
    with translation.override(language):
        return render_to_string("reporting/body.html", view)


def test_the_drawn_report_shows_the_same_numbers_in_each_language(annual):
    for language in LANGUAGES:
        _check_drawn(annual, language)


def _shown(n: int, published: int) -> int:
    """The published ones and the others rounded down to a multiple of 5."""
    return published + (n - published) // 5 * 5


def _check_drawn(annual: dict, language: str) -> None:
    """Every count of cases drawn as its published violations and the others rounded down
    to a multiple of 5 (the snapshot keeps 1,119, 203 published; the report shows 1,118),
    never the exact count."""
    html = _html(annual, language)
    assert '<span class="figure">1,118</span>' in html
    assert "1,119" not in html
    published = annual["violations"]["published"]
    for name, pairs in annual["violations"]["breakdowns"].items():
        public = dict(published["breakdowns"][name])
        for slug, n in pairs:
            shown = _shown(n, public.get(slug, 0))
            if not shown or not slug:
                continue
            label = annual["labels"][name][slug][language]
            row = f'<th scope="row">{escape(label)}</th><td class="num">{shown:,}</td>'
            assert row in html, (name, slug)
    months = dict(annual["violations"]["months"])
    public_months = dict(published["months"])
    for m in range(1, 13):
        key = f"2022-{m:02d}"
        assert f'<td class="num">{_shown(months[key], public_months[key]):,}</td>' in html
    # 30 of 90 decided removal cases restored (none published): multiples of 5, so a third.
    assert "33%" in html
    assert "(30 of 90 cases" in html or language != "en"
    summary = generated_summary(annual, language)
    assert "1,118" in summary
    assert "1,119" not in summary
    assert "13" in summary  # publications: the organisation's work is exact
    assert "85" in summary  # people trained
    assert {"ar": "ثلث", "en": "a third", "he": "שליש"}[language] in summary


def test_the_published_count_exactly_and_zero_looks_like_a_few_unpublished(annual):
    figures = {**annual}
    violations = dict(annual["violations"])
    published = dict(violations["published"])
    violations["breakdowns"] = {
        **violations["breakdowns"],
        "region": [["gaza", 40], ["west-bank", 9], ["jerusalem", 2], ["", 3]],
    }
    # Gaza: 12 published and 28 others (shown 12 + 25); the West Bank: 9 unpublished (5);
    # Jerusalem: 2 published (2); not recorded: 3 unpublished, like every region with none.
    published["breakdowns"] = {
        **published["breakdowns"],
        "region": [["gaza", 12], ["jerusalem", 2], ["west-bank", 0], ["", 0]],
    }
    violations["months"] = [[key, n] for key, n in annual["violations"]["months"]]
    published["months"] = [[key, 0] for key, _n in annual["violations"]["months"]]
    violations["months"][0][1] = 0
    violations["months"][1][1] = 4
    violations["months"][2][1] = 4
    published["months"][2][1] = 1
    violations["crosstabs"] = [
        {
            "rows": "region",
            "cols": "violation_type",
            "cells": [
                ["gaza", "content-removal", 33],
                ["gaza", "hate-speech", 7],
                ["west-bank", "hate-speech", 9],
                ["", "hate-speech", 3],
            ],
        },
    ]
    published["crosstabs"] = [
        {
            "rows": "region",
            "cols": "violation_type",
            "cells": [
                ["gaza", "content-removal", 10],
                ["gaza", "hate-speech", 2],
                ["west-bank", "hate-speech", 0],
                ["", "hate-speech", 0],
            ],
        },
    ]
    violations["published"] = published
    figures["violations"] = violations
    view = report_view(figures, Texts(), "en")
    region = {name: (cells, others) for name, _t, cells, others in view["breakdowns"]}["region"]
    assert [(c.key, c.count) for c in region[0]] == [
        ("gaza", 37),
        ("west-bank", 5),
        ("jerusalem", 2),
    ]
    assert region[1] is True  # "not recorded" and every region with none: one line
    # None, 4 unpublished, and 1 published with 3 others.
    assert [c.count for c in view["months"][:3]] == [None, None, 1]
    [table] = view["crosstabs"]
    assert table.row_keys == ["gaza", "west-bank"]
    assert table.column_keys == ["content-removal", "hate-speech"]
    # 10 published and 23 others; 2 and 5; none and 9; none.
    assert [values for _label, values in table.rows] == [[30, 7], [None, 5]]
    assert table.others
    with translation.override("en"):
        html = render_to_string("reporting/body.html", view)
    assert "No violations in this period" not in html
    assert '<tr class="others"><th scope="row">Every other category</th>' in html
    assert "fewer than 5 each" in html
    assert '<td class="num"><span class="withheld">fewer than 5</span></td>' in html


def test_a_snapshot_made_before_the_published_counts_were_kept_rounds_every_count(annual):
    figures = {**annual, "violations": dict(annual["violations"])}
    del figures["violations"]["published"]
    escalations = {**annual["escalations"], "total": dict(annual["escalations"]["total"])}
    del escalations["total"]["published"]
    figures["escalations"] = escalations
    view = report_view(figures, Texts(), "en")
    assert view["total"] == 1115  # 1,119 rounded down as a whole: what it showed then
    assert view["escalations"].escalated == 105


def test_with_a_threshold_of_one_every_count_is_exact(annual):
    html = _html({**annual, "min_cell": 1}, "en")
    assert '<span class="figure">1,119</span>' in html
    assert "fewer than" not in html
    assert "rounded down" not in html
    assert "documented 1,119 violations" in generated_summary({**annual, "min_cell": 1}, "en")


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("quarterly", "2022-Q3", ReportPeriod("quarterly", 2022, 3)),
        ("quarterly", "2022q1", ReportPeriod("quarterly", 2022, 1)),
        ("annual", " 2022 ", ReportPeriod("annual", 2022, 0)),
    ],
)
def test_periods_parse(kind, text, expected):
    assert parse_period(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("quarterly", "2022-Q5"),
        ("quarterly", "2022"),
        ("annual", "2022-Q1"),
        ("annual", "1999"),
        ("annual", "٢٠٢٢x"),
        ("annual", "3000"),
        ("weekly", "2022"),
        ("annual", ""),
    ],
)
def test_bad_periods_are_refused(kind, text):
    from marsad.reporting.errors import BadPeriod

    with pytest.raises(BadPeriod):
        parse_period(kind, text)


def test_quarterly_compares_with_the_quarter_before_and_a_year_earlier(year_2022):
    q = computing.compute(ReportPeriod("quarterly", 2022, 1))["violations"]
    assert q["total"] == sql_count(dt.date(2022, 1, 1), dt.date(2022, 4, 1))
    assert q["previous"]["code"] == "2021-Q4"
    assert q["previous"]["total"] == sql_count(dt.date(2021, 10, 1), dt.date(2022, 1, 1))
    assert q["year_before"]["total"] == sql_count(dt.date(2021, 1, 1), dt.date(2021, 4, 1))
    assert [k for k, _n in q["months"]] == ["2022-01", "2022-02", "2022-03"]
    assert Platform.objects.exists()
