"""The small-number rule of every public figure (docs/statistics.md, "Small numbers").

The public statistics count every documented violation, published or not, so a count can
point at a case whose reporter never agreed to make it public. The published violations are
public anyway, each of them (the open data, the API, their pages), so what is to be kept
from the public is how many **unpublished** violations a figure holds. Every count the
public sees (the statistics page, its charts, ``/api/v1/stats/…``, the home page, the
quarterly and annual reports) passes through here:

- **whole months**: statistics are asked for whole calendar months (``month_first``,
  ``month_last``; applied by ``PublicFilter`` to the statistics' filters);
- **the published part exact, the rest rounded down to a multiple of k** (``rounded``), k
  being ``OBSERVATORY_MIN_CELL``: a figure is the published violations it covers plus the
  unpublished ones rounded down, so none and 1 to k - 1 unpublished look the same; a figure
  of 0 is withheld ("fewer than k", ``None``);
- **zero looks like a small count**: a breakdown lists every category, ordered by its figure
  and then by the vocabulary, never by the exact count (``public_cells``);
- **derived figures from shown counts** (``public_rate``), and response times only over
  cases the rule lets count (``times_basis``).

The selectors count the published violations in the same query as all of them (a
conditional aggregate), so the rule adds no query. No single figure, and no difference of
two, can tell an unpublished count from 1 to k - 1 apart from 0 or from k and more, even
knowing every published violation (docs/statistics.md says why and what remains).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.conf import settings

from marsad.escalations.selectors import Rate


@dataclass(frozen=True)
class Cell:
    """One figure of a breakdown or series. ``count`` is None when it is withheld (no
    published violation and fewer than ``OBSERVATORY_MIN_CELL`` others, zero included), on
    the public site and in the reports (``marsad.reporting.shown``)."""

    key: str  # a term's slug, a month (YYYY-MM), an outcome, or "" for "not recorded"
    label: str
    count: int | None

    @property
    def protected(self) -> bool:
        return self.count is None


def min_cell() -> int:
    return int(settings.OBSERVATORY_MIN_CELL)


def rounded(n: int, k: int | None = None, *, published: int = 0) -> int | None:
    """``n`` cases as the public sees them, ``published`` of them published: those exactly
    (anyone can count them in the open data), the others rounded down to a multiple of k;
    None ("fewer than k") when that makes 0. With k = 1 every count is exact (0 included:
    there is nothing below it to hide)."""
    k = min_cell() if k is None else k
    unpublished = n - published
    if unpublished < 0 or published < 0:
        raise ValueError(f"{published} published of {n}")
    if k == 1:
        return n
    shown = published + unpublished - unpublished % k
    return shown or None


def public_cells(
    counts: Mapping[str, int],
    categories: Sequence[tuple[str, str]],
    k: int | None = None,
    published: Mapping[str, int] | None = None,
) -> list[Cell]:
    """A breakdown as the public sees it: every category (``(key, label)`` in the
    vocabulary's order; a key counted but not listed comes after them), each shown by
    ``rounded`` (``published``: how many of each key's count are published); the largest
    figures first, equal ones in the vocabulary's order, so that the order says nothing the
    figures do not."""
    k = min_cell() if k is None else k
    published = published or {}
    listed = list(categories)
    known = {key for key, _label in listed}
    listed += [(key, key) for key in counts if key not in known]
    cells = [
        Cell(key, label, rounded(counts.get(key, 0), k, published=published.get(key, 0)))
        for key, label in listed
    ]
    position = {cell.key: i for i, cell in enumerate(cells)}
    return sorted(cells, key=lambda c: (-(c.count if c.count is not None else -1), position[c.key]))


def shown(cells: Sequence[Cell]) -> list[Cell]:
    """The cells with a figure, for a page or a chart (the others, withheld: "fewer than k
    each", since none of them holds a published violation)."""
    return [cell for cell in cells if cell.count is not None]


def public_rate(
    numerator: int | None, denominator: int | None, k: int | None = None
) -> Rate | None:
    """A rate of two counts as shown (so it tells nothing they do not); None (withheld)
    while either is below k (withheld ones included): a rate of a few cases says little.
    With k = 1 every rate is given (with nothing in the denominator, it has no value)."""
    k = min_cell() if k is None else k
    if numerator is None or denominator is None:
        return None
    if k > 1 and min(numerator, denominator) < k:
        return None
    return Rate(numerator, denominator)


def times_basis(
    answered: int, published_answered: int, k: int | None = None
) -> Literal["all", "published"] | None:
    """Which answered cases response times (median, p90) are computed over: every one when
    at least k of them are unpublished, else only the published ones (so that no fewer than
    k unpublished cases ever shape a percentile, and zero and 1 to k - 1 unpublished give
    the same one); None (withheld) when that leaves fewer than k cases."""
    k = min_cell() if k is None else k
    if k == 1 or answered - published_answered >= k:
        return "all"
    if published_answered >= k:
        return "published"
    return None


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
    published: Mapping[str, int] | None = None,
) -> list[tuple[str, int, int]]:
    """The months of a monthly series, ``(month, count, published)`` each, every one listed
    (empty ones as 0), at most 600.

    Its ends never depend on which months hold a violation (the first and last month with
    one would be known to hold at least one): from ``start``, else from January of the year
    of the first month by which the violations so far show a figure (``rounded``: the first
    published one, or the k-th unpublished; before it the figure of every earlier month
    together is withheld: nothing to show); up to ``end``, else the current month."""
    k = min_cell() if k is None else k
    published = published or {}
    if start is None:
        running = running_published = 0
        for key in sorted(found):
            running += found[key]
            running_published += published.get(key, 0)
            if rounded(running, k, published=running_published):
                start = dt.date(int(key[:4]), 1, 1)
                break
        if start is None:
            return []
    last = end or max(today, start)
    months: list[tuple[str, int, int]] = []
    year, month = start.year, start.month
    while (year, month) <= (last.year, last.month) and len(months) < 600:
        key = f"{year:04d}-{month:02d}"
        months.append((key, found.get(key, 0), published.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
