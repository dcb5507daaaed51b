"""The small-number rule of every public figure (docs/statistics.md, "Small numbers").

The public statistics count every documented violation, published or not, so a count can
point at a case whose reporter never agreed to make it public. Every count the public sees
(the statistics page, its charts, ``/api/v1/stats/…``, the home page, the quarterly and annual
reports) passes through here:

- **whole months**: statistics are asked for whole calendar months (``month_first``,
  ``month_last``; applied by ``PublicFilter`` to the statistics' filters);
- **rounded down to a multiple of k** (``rounded``), k being ``OBSERVATORY_MIN_CELL``; a count
  below k, zero included, is withheld ("fewer than k", ``None``);
- **zero looks like a small count**: a breakdown lists every category, ordered by its rounded
  count and then by the vocabulary, never by the exact count (``public_cells``);
- **derived figures from rounded counts** (``public_rate``).

So no single figure, and no difference of two, can tell a count from 1 to k - 1 apart from 0
or from k and more (docs/statistics.md says why and what remains).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings

from marsad.escalations.selectors import Rate


@dataclass(frozen=True)
class Cell:
    """One figure of a breakdown or series. ``count`` is None when it is withheld (fewer than
    ``OBSERVATORY_MIN_CELL``, zero included), on the public site and in the reports
    (``marsad.reporting.shown``)."""

    key: str  # a term's slug, a month (YYYY-MM), an outcome, or "" for "not recorded"
    label: str
    count: int | None

    @property
    def protected(self) -> bool:
        return self.count is None


def min_cell() -> int:
    return int(settings.OBSERVATORY_MIN_CELL)


def rounded(n: int, k: int | None = None) -> int | None:
    """``n`` as the public sees it: rounded down to a multiple of k, None below k (0 too).
    With k = 1 every count is exact (0 included: there is nothing below it to hide)."""
    k = min_cell() if k is None else k
    if k == 1:
        return n
    if n < k:
        return None
    return n - n % k


def public_cells(
    counts: Mapping[str, int], categories: Sequence[tuple[str, str]], k: int | None = None
) -> list[Cell]:
    """A breakdown as the public sees it: every category (``(key, label)`` in the
    vocabulary's order; a key counted but not listed comes after them), each rounded; the
    largest rounded counts first, equal ones in the vocabulary's order, so that the order
    says nothing the figures do not."""
    k = min_cell() if k is None else k
    listed = list(categories)
    known = {key for key, _label in listed}
    listed += [(key, key) for key in counts if key not in known]
    cells = [Cell(key, label, rounded(counts.get(key, 0), k)) for key, label in listed]
    position = {cell.key: i for i, cell in enumerate(cells)}
    return sorted(cells, key=lambda c: (-(c.count if c.count is not None else -1), position[c.key]))


def shown(cells: Sequence[Cell]) -> list[Cell]:
    """The cells of at least k, for a page or a chart (the others: "fewer than k each")."""
    return [cell for cell in cells if cell.count is not None]


def public_rate(numerator: int | None, denominator: int | None) -> Rate | None:
    """A rate of two rounded counts, as shown beside them (so it tells nothing they do not);
    None (withheld) while either is withheld."""
    if numerator is None or denominator is None:
        return None
    return Rate(numerator, denominator)


# --- Whole months ----------------------------------------------------------------------------


def month_first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_last(day: dt.date) -> dt.date:
    following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def series_months(
    found: Mapping[str, int],
    *,
    start: dt.date | None,
    end: dt.date | None,
    today: dt.date,
    k: int | None = None,
) -> list[tuple[str, int]]:
    """The months of a monthly series, every one listed (empty ones as 0), at most 600.

    Its ends never depend on which months hold a violation (the first and last month with
    one would be known to hold at least one): from ``start``, else from January of the year
    in which the k-th counted violation was documented (before it, fewer than k: nothing to
    show); up to ``end``, else the current month."""
    k = min_cell() if k is None else k
    if start is None:
        running = 0
        for key in sorted(found):
            running += found[key]
            if running >= k:
                start = dt.date(int(key[:4]), 1, 1)
                break
        if start is None:
            return []
    last = end or max(today, start)
    months: list[tuple[str, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (last.year, last.month) and len(months) < 600:
        key = f"{year:04d}-{month:02d}"
        months.append((key, found.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
