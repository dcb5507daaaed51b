"""What a report shows of its exact figures: the public site's small-number rule
(``marsad.observatory.disclosure``; docs/statistics.md, "Small numbers" and "Reports").

The snapshot keeps every figure exact, and beside it how many of its cases are published
(``figures.py``); a report is public once it is made a publication, so what it draws, HTML
page, PDF and summary paragraph alike, passes through here first:

- every count of cases (violations, escalated cases) is **its published cases exactly and
  the others rounded down to a multiple of k**, and withheld ("fewer than k") when that makes
  0 (``rounded``): the same figure the site gives for the same whole months, so a report and
  the site together tell nothing that either tells alone; reports received, which the public
  cannot count, are rounded down as a whole;
- figures made from counts (changes, shares, rates) are made from the **shown** counts, and
  a rate is withheld while either of its counts is below k; response times are those of the
  cases ``times_basis`` allows;
- breakdowns list their categories by shown count and then in the vocabulary's order,
  never by the exact count (``public_cells``).

A snapshot made before the published counts were kept is drawn as if nothing were published
(every count rounded down as a whole): never more than it showed then.

The organisation's own work (publications, trainings, events, campaigns, media, mailing
list) is not about cases and is shown exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from marsad.escalations.selectors import Rate
from marsad.observatory import disclosure
from marsad.observatory.disclosure import Cell, public_cells, public_rate, rounded, times_basis


def min_cell(figures: Mapping[str, Any]) -> int:
    """The k a snapshot was made with (drawn again, a version says what it said)."""
    return max(1, int(figures.get("min_cell", 5)))


def published_violations(figures: Mapping[str, Any]) -> Mapping[str, Any]:
    """How many of each count of violations are published (``figures.py``); empty for a
    snapshot made before they were kept."""
    return figures["violations"].get("published") or {}


def pairs(rows: Sequence[Sequence[Any]] | None) -> dict[str, int]:
    """``[[key, n], ...]`` as ``{key: n}``."""
    return {str(key): int(n) for key, n in rows or ()}


@dataclass(frozen=True)
class Change:
    """The total against an earlier period, from the totals as shown."""

    code: str
    earlier: int | None  # the earlier period's total as shown (None: withheld)
    difference: int | None  # None when either total is withheld
    percent: int | None  # of the earlier total; None when withheld or it is 0


def change(code: str, total: int | None, earlier_count: int, k: int, published: int = 0) -> Change:
    """``total`` is already shown; ``earlier_count`` is the snapshot's exact count, of which
    ``published`` are published."""
    earlier = rounded(earlier_count, k, published=published)
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
    recovery: Rate | None  # of the two counts shown; None: withheld
    times_withheld: bool  # too few cases to compute them over (``times_basis``)

    @property
    def recovery_withheld(self) -> bool:
        return self.recovery is None

    @property
    def recovery_percent(self) -> int | None:
        return None if self.recovery is None else self.recovery.percent


NOTHING_PUBLISHED: dict[str, Any] = {
    "escalated": 0,
    "answered": 0,
    "positive": 0,
    "recovery": [0, 0],
    "median_days": None,
    "p90_days": None,
    "outcomes": {},
}


def escalations(row: Mapping[str, Any], k: int) -> Escalations:
    """A row of the snapshot (``figures.escalation_report_figures``) as shown: every count
    its cases of published violations and the others rounded down; the recovery rate is
    that of the two counts shown, withheld while either is below k; the response times are
    computed over the cases ``times_basis`` allows, withheld when they are fewer than k."""
    published = row.get("published") or NOTHING_PUBLISHED

    def count(name: str) -> int | None:
        return rounded(int(row[name]), k, published=int(published[name]))

    restored_count, final_count = row["recovery"]
    restored_published, final_published = published["recovery"]
    restored = rounded(int(restored_count), k, published=int(restored_published))
    final = rounded(int(final_count), k, published=int(final_published))
    basis = times_basis(int(row["answered"]), int(published["answered"]), k)
    times = {"all": row, "published": published}.get(basis or "")
    return Escalations(
        escalated=count("escalated"),
        answered=count("answered"),
        positive=count("positive"),
        restored=restored,
        with_final_outcome=final,
        median_days=None if times is None else times["median_days"],
        p90_days=None if times is None else times["p90_days"],
        recovery=public_rate(restored, final, k),
        times_withheld=times is None,
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
    published = published_violations(figures)
    total = rounded(int(v["total"]), k, published=int(published.get("total") or 0))
    changes = [
        change(
            v["previous"]["code"],
            total,
            int(v["previous"]["total"]),
            k,
            int(published.get("previous") or 0),
        )
    ]
    if v.get("year_before"):
        year_before = v["year_before"]
        changes.append(
            change(
                year_before["code"],
                total,
                int(year_before["total"]),
                k,
                int(published.get("year_before") or 0),
            )
        )
    return Headline(k, total, changes, escalations(figures["escalations"]["total"], k))


def cells(
    counts: Mapping[str, int],
    categories: Sequence[tuple[str, str]],
    k: int,
    published: Mapping[str, int] | None = None,
) -> list[Cell]:
    """Every category as shown, by shown count and then in the given order."""
    return public_cells(counts, categories, k, published)


def listed(cells: Sequence[Cell]) -> list[Cell]:
    """The cells not withheld: a table lists these and one line for all the others
    ("fewer than k each": none of them holds a published case), so that it never says which
    categories are empty."""
    return disclosure.shown(cells)
