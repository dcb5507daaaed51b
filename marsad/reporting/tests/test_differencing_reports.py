"""Issue 23, finding 2, for the reports: no figure a report shows, with the other reports and
the public site, may pin down a count from 1 to k - 1 (docs/statistics.md, "Reports").

Reports become public as publications (their PDFs). An attacker who downloads every
published violation and the site's statistics for 2024, its quarters and its types and
regions, and who reads the annual report for 2024 and the four quarterly ones (the HTML their
PDFs are drawn from), combines every answer: the year is the sum of its quarters, a report's
total the sum of its months and of each breakdown, a breakdown cell the sum of its row in a
cross-tabulation, positive responses the sum of four outcomes. The test knows the truth and
checks that the attacker's ranges hold it, that no count of 1 to k - 1 unpublished
violations is pinned down, and that every count shown is its published part and a multiple
of k more. With the rule before that (exact counts, small cells withheld within one report),
an annual cell less its quarters' cells gives a withheld quarter away; an exact total, less
the published violations anyone can download, would give away how many were not published;
and with every count rounded as a whole, the published violations, exact lower bounds, pin
the unpublished ones of a quarter published but for three.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings

from marsad.demo.seeding import seed_demo
from marsad.observatory.tests.attacker import Attacker
from marsad.observatory.tests.publishing import publish_all_but
from marsad.observatory.tests.test_differencing_attack import Truth, judge
from marsad.reporting.figures import ReportPeriod, compute
from marsad.reporting.pdf import report_html
from marsad.reporting.presentation import Texts
from marsad.reporting.tests.report_attacker import (
    ReportReader,
    quarter_bounds,
    report_bounds,
    truth_expand,
)

pytestmark = pytest.mark.django_db

YEAR = 2024


def _drawn(kind: str, quarter: int = 0) -> str:
    figures = compute(ReportPeriod(kind, YEAR, quarter))
    return report_html(figures, Texts(), "en", version="1", data_hash="0" * 64)


def attack(client: Any, *, reports: bool) -> tuple[list[Any], list[Any]]:
    """Ask the site about 2024, its quarters and each type and region in them; read the five
    reports too (``reports``); combine. Returns what it pinned down (keys whose count is
    known exactly and holds 1 to k - 1 unpublished violations) and the counts it was shown
    that are not their published part and a multiple of k more."""
    k = settings.OBSERVATORY_MIN_CELL
    attacker = Attacker(client)
    attacker.download_everything_published()
    periods = [report_bounds(YEAR, 0), *(quarter_bounds(YEAR, q) for q in range(1, 5))]
    for first, last in periods:
        attacker.breakdowns((), first, last)
        attacker.escalations((), first, last)
        for name in ("violation_type", "region"):
            for value in attacker.vocabularies[name]:
                if value:
                    attacker.breakdowns(((name, value),), first, last)
    reader = ReportReader(attacker)
    if reports:
        reader.read(_drawn("annual"), YEAR)
        for quarter in range(1, 5):
            reader.read(_drawn("quarterly", quarter), YEAR, quarter)
        assert reader.reports == 5
    reader.year_is_its_quarters(YEAR)
    attacker.combine()

    pinned, dated, shown_wrong = judge(attacker, Truth(), k, truth_expand)
    assert not dated, dated[:5]
    assert attacker.asked > 100  # it really asked the site
    return pinned, shown_wrong


def _say(pinned: list[tuple[Any, int, int]]) -> str:
    return f"{len(pinned)} counts from 1 to 4 pinned down; e.g. " + "; ".join(
        f"{key}: {real} ({u} unpublished)" for key, real, u in pinned[:6]
    )


def test_the_reports_and_the_site_together_pin_no_small_number(anonymous):
    seed_demo(year=YEAR, violations=120, today=dt.date(2026, 11, 25))
    assert settings.OBSERVATORY_MIN_CELL == 5
    pinned, shown_wrong = attack(anonymous, reports=True)
    assert not pinned, _say(pinned)
    assert not shown_wrong, shown_wrong[:10]


def test_almost_everything_published_the_reports_and_the_site_pin_nothing(anonymous):
    """A quarter whose violations are all published but three. The exact total less the
    published ones would give the three away at once; a total rounded as a whole does too,
    beside the published violations, which are exact lower bounds (a month of 9 with 6
    published is shown 5, and its cells add up to 9). Every figure is the published count
    and the unpublished rest rounded down (docs/statistics.md, "Small numbers"): the site
    and the five reports together pin nothing."""
    seed_demo(year=YEAR, violations=120, today=dt.date(2026, 11, 25))
    publish_all_but(*quarter_bounds(YEAR, 2), unpublished=3)
    site_pinned, _shown_wrong = attack(anonymous, reports=False)
    assert not site_pinned, _say(site_pinned)
    both_pinned, shown_wrong = attack(anonymous, reports=True)
    assert not both_pinned, _say(both_pinned)
    assert not shown_wrong, shown_wrong[:10]
