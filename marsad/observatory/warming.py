"""Computing the public figures ahead of visitors (the engine of ``observatory.tasks``).

A figure is named by its cache name and the query string of the filters it was asked with
(``caching.cached``); ``figure_refresh`` computes one such figure for the current generation,
``first_page_warm`` the unfiltered ones every visitor's first page needs. Both run inside
``caching.computing()``, so they compute rather than hand out an older value.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import QueryDict

from marsad.observatory import selectors
from marsad.observatory.caching import computing, is_cached
from marsad.observatory.filters import PublicFilter


def figure_refresh(name: str, parts: str) -> bool:
    """Compute one cached figure of the current generation; False for an unknown name."""
    query = QueryDict(parts)
    with computing():
        if name == "stats":
            selectors.statistics(filters=PublicFilter(query, for_stats=True))
        elif name == "escalations":
            selectors.escalation_statistics(filters=PublicFilter(query, for_stats=True))
        elif name == "count":
            selectors.public_count(filters=PublicFilter(query))
        elif name.startswith("capped-count:") and name.removeprefix("capped-count:").isdigit():
            cap = int(name.removeprefix("capped-count:"))
            selectors.public_count(filters=PublicFilter(query), cap=cap)
        else:
            return False
    return True


def _first_page_figures() -> list[tuple[str, PublicFilter, Callable[[], object]]]:
    """What every visitor's first page needs, unfiltered: the database page's count, the API's
    count, the statistics and the escalation figures (cache name, filters, computation)."""
    listing = PublicFilter(QueryDict())
    stats = PublicFilter(QueryDict(), for_stats=True)
    cap = selectors.COUNT_CAP
    return [
        (f"capped-count:{cap}", listing, lambda: selectors.public_count(filters=listing, cap=cap)),
        ("count", listing, lambda: selectors.public_count(filters=listing)),
        ("stats", stats, lambda: selectors.statistics(filters=stats)),
        ("escalations", stats, lambda: selectors.escalation_statistics(filters=stats)),
    ]


def first_page_fresh() -> bool:
    """Whether the current generation holds every unfiltered first-page figure."""
    return all(
        is_cached(name, filters.query_string(), per_language=False)
        for name, filters, _compute in _first_page_figures()
    )


def first_page_warm() -> int:
    """Compute the unfiltered first-page figures of the current generation; readers meanwhile
    get the previous values. Returns how many were computed (0: they were there already)."""
    computed = 0
    with computing():
        for name, filters, compute in _first_page_figures():
            if not is_cached(name, filters.query_string(), per_language=False):
                compute()
                computed += 1
    return computed
