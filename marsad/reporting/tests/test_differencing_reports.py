"""Issue 23, finding 2, for the reports: no figure a report shows, with the other reports and
the public site, may pin down a count from 1 to k - 1 (docs/statistics.md, "Reports").

Reports become public as publications (their PDFs). An attacker who downloads every
published violation and the site's statistics for 2024, its quarters and its types and
regions, and who reads the annual report for 2024 and the four quarterly ones (the HTML their
PDFs are drawn from), combines every answer: the year is the sum of its quarters, a report's
total the sum of its months and of each breakdown, a breakdown cell the sum of its row in a
cross-tabulation, positive responses the sum of four outcomes. The test knows the truth and
checks that the attacker's ranges hold it, that no count from 1 to k - 1 is pinned down and
that no such count is shown. With the rule before (exact counts, small cells withheld within
one report), an annual cell less its quarters' cells gives a withheld quarter away; and an
exact total, less the published violations anyone can download, would give away how many
were not published (the quarter below where all but three are).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache

from marsad.cases.models import Violation
from marsad.demo.seeding import seed_demo
from marsad.observatory.tests.attacker import DOCUMENTED, Attacker
from marsad.observatory.tests.test_differencing_attack import Truth
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


def _publish_all_but(first: dt.date, last: dt.date, unpublished: int) -> None:
    """Every violation documented in the period published, but ``unpublished`` of them."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    ids = list(
        Violation.objects.counted()
        .filter(documented_at__gte=start, documented_at__lt=end)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(ids) > unpublished + 10
    Violation.objects.filter(pk__in=ids[unpublished:]).update(is_published=True)
    Violation.objects.filter(pk__in=ids[:unpublished]).update(is_published=False)
    cache.clear()


def attack(client: Any, *, reports: bool) -> tuple[Attacker, list[tuple[Any, int, int]]]:
    """Ask the site about 2024, its quarters and each type and region in them; read the five
    reports too (``reports``); combine. Returns the attacker and what it pinned down: keys
    whose count is known exactly and holds 1 to k - 1 unpublished violations."""
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

    truth = Truth()
    pinned = []
    for key, (low, high) in attacker.bounds.items():
        real = unpublished = 0
        for part in truth_expand(key):
            if key[0] == DOCUMENTED:
                n, u = truth.documented(part)
            else:
                n = u = truth.escalated(part)  # nothing published about escalations
            assert n >= 0, key
            real, unpublished = real + n, unpublished + u
        # The attacker only claims what is true (else this test would prove nothing).
        assert low <= real <= high, (key, low, high, real)
        if low == high and 0 < unpublished < k:
            pinned.append((key, real, unpublished))
    assert attacker.asked > 100  # it really asked the site
    return attacker, pinned


def _small_shown(attacker: Attacker) -> list[tuple[str, int]]:
    k = settings.OBSERVATORY_MIN_CELL
    return sorted({(where, n) for where, n in attacker.shown if 0 < n < k})


def _say(pinned: list[tuple[Any, int, int]]) -> str:
    return f"{len(pinned)} counts from 1 to 4 pinned down; e.g. " + "; ".join(
        f"{key}: {real} ({u} unpublished)" for key, real, u in pinned[:6]
    )


def test_the_reports_and_the_site_together_pin_no_small_number(anonymous):
    seed_demo(year=YEAR, violations=120, today=dt.date(2026, 11, 25))
    assert settings.OBSERVATORY_MIN_CELL == 5
    attacker, pinned = attack(anonymous, reports=True)
    assert not pinned, _say(pinned)
    assert not _small_shown(attacker), _small_shown(attacker)[:10]


def test_the_reports_pin_nothing_the_site_does_not_when_almost_all_is_published(anonymous):
    """A quarter whose violations are all published but three. The exact total less the
    published ones would give the three away at once. The site's own figures, with the
    published violations as exact lower bounds, pin some counts here (docs/statistics.md,
    "Reports"); the reports, showing the same figures, must add none."""
    seed_demo(year=YEAR, violations=120, today=dt.date(2026, 11, 25))
    _publish_all_but(*quarter_bounds(YEAR, 2), unpublished=3)
    _site, site_pinned = attack(anonymous, reports=False)
    both, both_pinned = attack(anonymous, reports=True)
    added = sorted(set(both_pinned) - set(site_pinned))
    assert not added, _say(added)
    assert not _small_shown(both), _small_shown(both)[:10]
