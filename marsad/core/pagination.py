"""A paginator that counts only as far as its pages reach.

Django's ``Paginator`` counts every row of its query to number the pages. At the sizes an
observatory reaches in a crisis (millions of reports) that count costs more than the rest of
the page: PostgreSQL must visit every matching row, while the page itself reads fifty. A
``CappedPaginator`` counts at most ``cap + 1`` rows (``SELECT COUNT(*) FROM (... LIMIT
cap + 1)``), shows at most ``cap`` rows' worth of pages, and says "more than" beyond that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

# Staff lists: 200 pages of 50. Deeper than that, a filter is the way to a row.
STAFF_COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts up to ``cap + 1`` rows (or asks ``count``, which must count the same way)."""

    def __init__(
        self,
        object_list: Any,
        per_page: int,
        *,
        cap: int | None = None,
        count: Callable[[], int] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = STAFF_COUNT_CAP if cap is None else cap
        self._count = count

    @cached_property
    def count(self) -> int:
        if self._count is not None:
            return self._count()
        rows: Any = self.object_list
        return int(rows.order_by()[: self.cap + 1].count())

    @cached_property
    def num_pages(self) -> int:
        """Pages up to the cap only: a page past it is never offered nor served."""
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        shown = min(self.count, self.cap)
        return max(1, -(-shown // self.per_page))

    @property
    def more_than_cap(self) -> bool:
        return self.count > self.cap


def capped_page(object_list: Any, per_page: int, number: Any, **options: Any) -> Page[Any]:
    """The page asked for (the last page for one past the end, the first for garbage)."""
    return CappedPaginator(object_list, per_page, **options).get_page(number)
