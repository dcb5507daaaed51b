"""What a report shows (``marsad.reporting.shown``; docs/statistics.md, "Reports"): the public
site's small-number rule applied to the snapshot's exact figures, so that every count a
report draws is the figure the site gives for the same months."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from marsad.demo.seeding import seed_demo
from marsad.escalations.selectors import Rate
from marsad.reporting import shown
from marsad.reporting.figures import ReportPeriod, compute
from marsad.reporting.presentation import Texts, report_view
from marsad.reporting.summary import generated_summary


@pytest.mark.parametrize(
    ("total", "earlier", "expected"),
    [
        (1115, 900, shown.Change("2021", 900, 215, 24)),  # 1,119 against 901: from 1,115 and 900
        (1115, 1115, shown.Change("2021", 1115, 0, 0)),
        (10, 23, shown.Change("2021", 20, -10, -50)),
        (None, 23, shown.Change("2021", 20, None, None)),  # the total is withheld
        (10, 4, shown.Change("2021", None, None, None)),  # the earlier one is
        (10, 0, shown.Change("2021", None, None, None)),  # zero looks like a small count
    ],
)
def test_a_change_is_made_from_rounded_totals(total, earlier, expected):
    assert shown.change("2021", total, earlier, 5) == expected


def _row(**values: Any) -> dict[str, Any]:
    row = {
        "escalated": 12,
        "answered": 6,
        "positive": 7,
        "recovery": [7, 12],
        "median_days": 4,
        "p90_days": 9,
    }
    return row | values


def test_escalation_figures_are_rounded_and_rates_made_from_rounded_counts():
    row = shown.escalations(_row(), 5)
    assert (row.escalated, row.answered, row.positive) == (10, 5, 5)
    # 7 restored of 12: shown as 5 of 10, and the rate is theirs (50%, not 58%).
    assert (row.restored, row.with_final_outcome, row.recovery) == (5, 10, Rate(5, 10))
    assert row.recovery_percent == 50
    assert (row.median_days, row.p90_days, row.times_withheld) == (4, 9, False)
    row = shown.escalations(_row(recovery=[3, 12], answered=4), 5)
    # 3 restored is withheld, and with it the rate; 12 with a final outcome still shows.
    assert (row.recovery, row.restored, row.with_final_outcome) == (None, None, 10)
    assert row.recovery_withheld
    # Four answered cases: their times are withheld, and so is the count.
    assert (row.answered, row.median_days, row.p90_days, row.times_withheld) == (
        None,
        None,
        None,
        True,
    )
    row = shown.escalations(_row(escalated=4, recovery=[0, 0], answered=0, positive=0), 5)
    assert (row.escalated, row.positive, row.recovery, row.times_withheld) == (
        None,
        None,
        None,
        True,
    )
    # k = 1: exact.
    row = shown.escalations(_row(), 1)
    assert (row.escalated, row.restored, row.with_final_outcome) == (12, 7, 12)


def test_escalation_figures_count_the_cases_of_published_violations_exactly():
    published = {
        "escalated": 9,
        "answered": 5,
        "positive": 6,
        "recovery": [6, 9],
        "median_days": 3,
        "p90_days": 8,
        "outcomes": {},
    }
    row = shown.escalations(_row(published=published), 5)
    # 9 published of 12 (3 others: none), 5 of 6 answered, 6 of 7 positive, 6 restored of 9.
    assert (row.escalated, row.answered, row.positive) == (9, 5, 6)
    assert (row.restored, row.with_final_outcome, row.recovery) == (6, 9, Rate(6, 9))
    # One unpublished case answered: the times are those of the five published ones.
    assert (row.median_days, row.p90_days, row.times_withheld) == (3, 8, False)
    row = shown.escalations(_row(published=published | {"answered": 1}), 5)
    # Five unpublished answered: every answered case counts.
    assert (row.answered, row.median_days, row.p90_days) == (6, 4, 9)
    row = shown.escalations(_row(published=published | {"answered": 2}), 5)
    # Four unpublished and two published answered: too few either way.
    assert (row.answered, row.median_days, row.times_withheld) == (2, None, True)


def report_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter (1-4) or of the year (0)."""
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = dt.date(year, 3 * quarter - 2, 1)
    return first, (first + dt.timedelta(days=95)).replace(day=1) - dt.timedelta(days=1)


def _site(client, path: str, first: dt.date, last: dt.date, **filters: str) -> dict[str, Any]:
    params = {"from": first.isoformat(), "to": last.isoformat(), "lang": "en", **filters}
    response = client.get(f"/api/v1/stats/{path}", params)
    assert response.status_code == 200
    return response.json()


def _shown_cells(cells: list[dict[str, Any]]) -> dict[str, int]:
    return {c["key"]: c["count"] for c in cells if c["count"] is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("quarter", [0, 2])
def test_every_count_a_report_draws_is_the_sites_figure_for_the_same_months(anonymous, quarter):
    """So a report and the site together tell nothing that the site alone does not."""
    seed_demo(year=2024, violations=120, today=dt.date(2026, 11, 25))
    kind = "quarterly" if quarter else "annual"
    figures = compute(ReportPeriod(kind, 2024, quarter))
    view = report_view(figures, Texts(), "en", with_charts=False)
    first, last = report_bounds(2024, quarter)
    site = _site(anonymous, "breakdowns", first, last)
    assert view["total"] == site["documented"]
    assert [(c.key, c.count) for c in view["months"]] == [
        (c["key"], c["count"]) for c in site["months"]
    ]
    for name, _title, cells, others in view["breakdowns"]:
        assert {c.key: c.count for c in cells} == _shown_cells(site["breakdowns"][name]), name
        assert others == any(c["count"] is None for c in site["breakdowns"][name])
    assert any(table.rows for table in view["crosstabs"])
    for table, tab in zip(view["crosstabs"], figures["violations"]["crosstabs"], strict=True):
        rows_name, cols_name = tab["rows"], tab["cols"]
        for row_key, (_label, values) in zip(table.row_keys, table.rows, strict=True):
            filtered = _site(anonymous, "breakdowns", first, last, **{rows_name: row_key})
            cells = {c["key"]: c["count"] for c in filtered["breakdowns"][cols_name]}
            assert values == [cells[key] for key in table.column_keys], (table.title, row_key)
    prior = report_bounds(2024, quarter - 1) if quarter > 1 else report_bounds(2023, quarter and 4)
    assert view["changes"][0].change.earlier == _site(anonymous, "breakdowns", *prior)["documented"]
    escalations = _site(anonymous, "escalations", first, last)
    e = view["escalations"]
    assert e.escalated == escalations["escalated"]
    total = escalations["total"]
    assert (e.restored, e.with_final_outcome, e.median_days, e.p90_days) == (
        total["restored"],
        total["with_final_outcome"],
        total["median_days"],
        total["p90_days"],
    )
    assert (e.recovery_withheld, e.times_withheld) == (
        total["recovery_withheld"],
        total["times_withheld"],
    )
    assert {c.key: c.count for c in view["outcomes"]} == _shown_cells(escalations["outcomes"])
    assert [(row.label, row.figures.escalated) for row in view["platforms"]] == [
        (row["label"], row["escalated"]) for row in escalations["by_platform"]
    ]
    # The summary paragraph says the figures the report shows, and that they are rounded.
    summary = generated_summary(figures, "en")
    assert f"documented {view['total']:,} violations" in summary
    assert "rounded down to a multiple of 5" in summary
