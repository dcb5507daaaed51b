"""What a report shows of its exact figures: the public site's small-number rule
(``marsad.observatory.disclosure``; docs/statistics.md, "Small numbers" and "Reports").

The snapshot keeps every figure exact (``figures.py``); a report is public once it is made a
publication, so what it draws, HTML page, PDF and summary paragraph alike, passes through
here first:

- every count of cases (violations, escalated cases, reports received) is **rounded down to
  a multiple of k** and a count below k, zero included, is withheld (``rounded``): the same
  figure the site gives for the same whole months, so a report and the site together tell
  nothing that either tells alone;
- figures made from counts (changes, shares, rates) are made from the **rounded** counts,
  and a rate is withheld while either of its counts is; response times are withheld while
  fewer than k cases were answered;
- breakdowns list their categories by rounded count and then in the vocabulary's order,
  never by the exact count (``public_cells``).

The organisation's own work (publications, trainings, events, campaigns, media, mailing
list) is not about cases and is shown exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.escalations.selectors import Rate
from marsad.observatory import disclosure
from marsad.observatory.disclosure import Cell, public_cells, public_rate, rounded


def min_cell(figures: Mapping[str, Any]) -> int:
    """The k a snapshot was made with (drawn again, a version says what it said)."""
    return max(1, int(figures.get("min_cell", 5)))


@dataclass(frozen=True)
class Change:
    """The total against an earlier period, from the rounded totals."""

    code: str
    earlier: int | None  # the earlier period's total, rounded (None: fewer than k)
    difference: int | None  # None when either total is withheld
    percent: int | None  # of the earlier total; None when withheld or it is 0


def change(code: str, total: int | None, earlier_count: int, k: int) -> Change:
    """``total`` is already rounded; ``earlier_count`` is the snapshot's exact count."""
    earlier = rounded(earlier_count, k)
    if total is None or earlier is None:
        return Change(code, earlier, None, None)
    difference = total - earlier
    percent = None
    if earlier:
        # Whole percent, halves away from zero.
        magnitude = (200 * abs(difference) + earlier) // (2 * earlier)
        percent = magnitude if difference >= 0 else -magnitude
    return Change(code, earlier, difference, percent)


@dataclass(frozen=True)
class Escalations:
    """One row of escalation figures (a platform, or all of them), as shown."""

    escalated: int | None
    answered: int | None
    positive: int | None
    restored: int | None
    with_final_outcome: int | None
    median_days: int | None
    p90_days: int | None
    recovery: Rate | None  # of the two rounded counts; None: withheld
    times_withheld: bool  # fewer than k answered cases (or cases)

    @property
    def recovery_withheld(self) -> bool:
        return self.recovery is None

    @property
    def recovery_percent(self) -> int | None:
        return None if self.recovery is None else self.recovery.percent


def escalations(row: Mapping[str, Any], k: int) -> Escalations:
    """A row of the snapshot (``figures.escalation_report_figures``) rounded: the recovery
    rate is that of the rounded counts, withheld while either is (or the cases are); the
    response times are withheld while fewer than k cases were answered (zero included)."""
    escalated = rounded(int(row["escalated"]), k)
    restored_count, final_count = row["recovery"]
    restored, final = rounded(int(restored_count), k), rounded(int(final_count), k)
    rate = public_rate(restored, final) if escalated is not None else None
    answered = rounded(int(row["answered"]), k)
    times = escalated is not None and answered is not None
    return Escalations(
        escalated=escalated,
        answered=answered,
        positive=rounded(int(row["positive"]), k),
        restored=None if rate is None else restored,
        with_final_outcome=None if rate is None else final,
        median_days=row["median_days"] if times else None,
        p90_days=row["p90_days"] if times else None,
        recovery=rate,
        times_withheld=not times,
    )


@dataclass(frozen=True)
class Headline:
    """The figures a report states in words (its first page and the summary paragraph)."""

    k: int
    total: int | None
    changes: list[Change]
    escalations: Escalations


def headline(figures: Mapping[str, Any]) -> Headline:
    k = min_cell(figures)
    v = figures["violations"]
    total = rounded(int(v["total"]), k)
    changes = [change(v["previous"]["code"], total, int(v["previous"]["total"]), k)]
    if v.get("year_before"):
        year_before = v["year_before"]
        changes.append(change(year_before["code"], total, int(year_before["total"]), k))
    return Headline(k, total, changes, escalations(figures["escalations"]["total"], k))


def cells(counts: Mapping[str, int], categories: Sequence[tuple[str, str]], k: int) -> list[Cell]:
    """Every category, rounded, by rounded count and then in the given order."""
    return public_cells(counts, categories, k)


def listed(cells: Sequence[Cell]) -> list[Cell]:
    """The cells of at least k: a table lists these and one line for all the others
    ("fewer than k each"), so that it never says which categories are empty."""
    return disclosure.shown(cells)
