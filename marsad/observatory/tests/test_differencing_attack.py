"""Issue 23, finding 2: no public figure may reveal a count below ``OBSERVATORY_MIN_CELL``,
alone or as the difference of answers (docs/statistics.md, "Small numbers").

An attacker (``attacker.py``) works on the demo data through the public site alone: it
downloads every published violation, bisects ``from``/``to`` day by day, asks narrow filters
(type + victim type + region, as the review did), reads every breakdown of the API, the
statistics page and the escalation figures, and combines all of it (totals are sums of their
cells, periods sums of their halves). The test knows the truth and checks that the attacker
never pins down how many violations, or how many unpublished ones, any question it asked
covers, when that number is between 1 and k - 1; and that no answer shows such a number.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from marsad.cases.models import Violation
from marsad.demo.seeding import seed_demo
from marsad.escalations.selectors import Period, escalation_figures_by_platform
from marsad.observatory.filters import PublicFilter
from marsad.observatory.tests.attacker import (
    DIMENSIONS,
    DOCUMENTED,
    FIGURE,
    Attacker,
    Key,
)
from marsad.observatory.tests.publishing import publish_all_but

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


class Truth:
    """What the attacker must not learn: the real counts, from the database."""

    def __init__(self) -> None:
        zone = ZoneInfo(settings.TIME_ZONE)
        self.rows = [
            {
                "day": violation.documented_at.astimezone(zone).date(),
                "published": violation.is_published,
                **{
                    name: (getattr(violation, name).slug if getattr(violation, name) else "")
                    for name in DIMENSIONS
                },
            }
            for violation in Violation.objects.counted().select_related(*DIMENSIONS)
        ]
        self.escalations: dict[tuple, Counter] = {}

    def documented(self, key: Key) -> tuple[int, int]:
        """(all, unpublished) documented violations a question covers."""
        _what, filters, first, last = key
        found = [
            row
            for row in self.rows
            if first <= row["day"] <= last and all(row[n] == v for n, v in filters)
        ]
        return len(found), sum(1 for row in found if not row["published"])

    def escalated(self, key: Key) -> tuple[int, int]:
        """(all, unpublished) escalated cases a question covers, or a figure of them
        (``figure@``); (-1, -1) for a question no answer is about."""
        _what, filters, first, last = key
        plain = tuple((n, v) for n, v in filters if not n.endswith("@"))
        extra = dict((n, v) for n, v in filters if n.endswith("@"))
        if len(extra) < len([n for n, _v in filters if n.endswith("@")]):
            return -1, -1
        if (plain, first, last) not in self.escalations:
            violations = PublicFilter(dict(plain)).apply(Violation.objects.counted())
            self.escalations[plain, first, last] = Counter()
            for part, chosen in (
                ("all", violations),
                ("published", violations.filter(is_published=True)),
            ):
                rows, total = escalation_figures_by_platform(
                    chosen, period=Period.days(first, last)
                )
                counts = self.escalations[plain, first, last]
                for platform, figures in ((None, total), *((r.platform.slug, r) for r in rows)):
                    counts[part, platform, None, None] = figures.escalated
                    for outcome, n in figures.outcomes.counts.items():
                        counts[part, platform, outcome, None] = n
                    counts[part, platform, None, "restored"] = figures.recovery.numerator
                    counts[part, platform, None, "with_final_outcome"] = (
                        figures.recovery.denominator
                    )
                    counts[part, platform, None, "answered"] = figures.answered
        counts = self.escalations[plain, first, last]
        mixed = "outcome@" in extra and len(extra) > 1
        if set(extra) - {"platform@", "outcome@", FIGURE} or mixed:
            return -1, -1  # two cells of different breakdowns at once: not a question asked
        where = (extra.get("platform@"), extra.get("outcome@"), extra.get(FIGURE))
        found, published = counts["all", *where], counts["published", *where]
        return found, found - published


def judge(
    attacker: Attacker,
    truth: Truth,
    k: int,
    expand: Callable[[Key], list[Key]] = lambda key: [key],
) -> tuple[list, list, list]:
    """What the attacker learnt that it must not: counts it pinned down that hold 1 to k - 1
    unpublished violations (or cases), unpublished cases dated to less than a month, and
    counts shown that are not their published part and a multiple of k more (each shown
    count is the published part, exact, and the rest rounded down: docs/statistics.md).
    ``expand``: the questions a key stands for, summed (a group of values)."""

    def count(key: Key) -> tuple[int, int]:
        real = unpublished = 0
        for part in expand(key):
            n, u = truth.documented(part) if key[0] == DOCUMENTED else truth.escalated(part)
            if n < 0:
                return -1, -1
            real, unpublished = real + n, unpublished + u
        return real, unpublished

    pinned, dated, shown_wrong = [], [], []
    for key, (low, high) in attacker.bounds.items():
        real, unpublished = count(key)
        assert real >= 0 or key[0] != DOCUMENTED, key
        if real < 0:
            continue
        # The attacker only claims what is true (else this test would prove nothing).
        assert low <= real <= high, (key, low, high, real)
        published = real - unpublished
        if low == high and 0 < unpublished < k:
            pinned.append((key, real, unpublished))
        if not whole_months(*key[2:]) and low - published > 0:
            dated.append((key, real, unpublished))
    for where, n, key in attacker.shown:
        if key is None:
            continue
        real, unpublished = count(key)
        if real < 0:
            continue
        rest = n - (real - unpublished)
        if rest < 0 or rest % k or rest > unpublished:
            shown_wrong.append((where, key, n, real, unpublished))
    return pinned, dated, shown_wrong


def explore(attacker: Attacker) -> None:
    """What the review did, and more: every breakdown of every vocabulary term over the year
    and each month, pairs of terms, the narrow filters of the published cases, day-by-day
    bisection of the smallest groups, the page for narrow filters, the escalation figures."""
    attacker.download_everything_published()
    attacker.breakdowns((), *YEAR)
    for month in range(1, 13):
        first = dt.date(2024, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        attacker.breakdowns((), first, last)
    singles = []
    for name in DIMENSIONS:
        for value in attacker.vocabularies[name]:
            if value and attacker.interval((DOCUMENTED, ((name, value),), *YEAR))[1] > 0:
                singles.append(((name, value),))
                attacker.breakdowns(((name, value),), *YEAR)
    for one, two in (("violation_type", "region"), ("victim_type", "region")):
        for a in attacker.vocabularies[one]:
            for b in attacker.vocabularies[two]:
                filters = tuple(sorted(((one, a), (two, b))))
                if a and b and attacker.interval((DOCUMENTED, filters, *YEAR))[1] > 0:
                    attacker.breakdowns(filters, *YEAR)
    # The narrow filters of the review: type + victim type + region of each published case.
    narrow = {
        tuple(sorted((n, row[n]) for n in ("violation_type", "victim_type", "region") if row[n]))
        for row in attacker.published
    }
    for filters in sorted(narrow):
        attacker.summary(filters, *YEAR)
    for filters in sorted(narrow)[:8]:
        attacker.page(filters, *YEAR)
    attacker.page((), *YEAR)
    # Bisection: the smallest groups with something unpublished in them, down to the day.
    small = sorted(
        singles,
        key=lambda f: attacker.interval((DOCUMENTED, f, *YEAR))[1],
    )
    for filters in small[:6]:
        attacker.bisect(filters, *YEAR, budget=60)
    # Where a group reaches the threshold: the day of its k-th violation.
    reaching = [f for f in small if attacker.interval((DOCUMENTED, f, *YEAR))[0] >= 5]
    for filters in reaching[:8]:
        attacker.first_crossing(filters, *YEAR)
    attacker.escalations((), *YEAR)
    for filters in singles:
        attacker.escalations(filters, *YEAR)
    attacker.halves()
    attacker.combine()


def whole_months(first: dt.date, last: dt.date) -> bool:
    return first.day == 1 and (last + dt.timedelta(days=1)).day == 1


def _say(pinned: list, dated: list, asked: int, k: int) -> str:
    return (
        f"{len(pinned)} counts from 1 to {k - 1} unpublished pinned down from {asked} "
        f"questions, {len(dated)} unpublished cases dated to less than a month; e.g. "
        + "; ".join(
            f"{key}: {real} ({unpublished} unpublished)" for key, real, unpublished in pinned[:5]
        )
    )


def test_the_differencing_attack_learns_no_small_number(anonymous, settings):
    seed_demo(year=2024, violations=120, today=dt.date(2026, 11, 25))
    k = settings.OBSERVATORY_MIN_CELL
    assert k == 5
    attacker = Attacker(anonymous)
    explore(attacker)
    pinned, dated, shown_wrong = judge(attacker, Truth(), k)
    assert attacker.asked > 300  # it really tried
    assert not pinned, _say(pinned, dated, attacker.asked, k)
    assert not dated, dated[:5]
    assert not shown_wrong, shown_wrong[:10]


QUARTER = (dt.date(2024, 4, 1), dt.date(2024, 6, 30))


def test_almost_everything_published_adds_nothing_to_what_the_open_data_says(anonymous, settings):
    """A quarter whose violations are all published but three. The published ones are exact
    lower bounds (the open data lists them), so a figure rounded as a whole, read beside
    them, gives the unpublished rest away: a month of 9 with 6 published shows 5, and its
    cells, each at least its published part, add up to 9. Rounding only the unpublished
    part leaves nothing to learn: the figures are the published counts, which the open data
    gives anyway, and the unpublished ones rounded down, zero and 1 to k - 1 alike."""
    seed_demo(year=2024, violations=120, today=dt.date(2026, 11, 25))
    k = settings.OBSERVATORY_MIN_CELL
    hidden = publish_all_but(*QUARTER, unpublished=3)
    assert Violation.objects.filter(pk__in=hidden, is_published=False).count() == 3
    attacker = Attacker(anonymous)
    explore(attacker)
    attacker.breakdowns((), *QUARTER)
    for name in ("violation_type", "region"):
        for value in attacker.vocabularies[name]:
            if value:
                attacker.breakdowns(((name, value),), *QUARTER)
    for filters in [(), *(((n, v),) for n in DIMENSIONS for v in attacker.vocabularies[n] if v)]:
        attacker.escalations(filters, *QUARTER)
    attacker.halves()
    attacker.combine()
    pinned, dated, shown_wrong = judge(attacker, Truth(), k)
    assert not pinned, _say(pinned, dated, attacker.asked, k)
    assert not dated, dated[:5]
    assert not shown_wrong, shown_wrong[:10]
