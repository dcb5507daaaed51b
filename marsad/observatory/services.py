"""Writes for the public observatory: its search index and the cache of its aggregates.

``public_record_refresh`` is called explicitly (no signals) by the services of ``cases`` that
publish, withdraw, classify, summarise, merge or move a violation, inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict

from marsad.cases.models import Violation
from marsad.core.text import match_key
from marsad.observatory import selectors
from marsad.observatory.caching import (
    COMPUTE_LOCK_SECONDS,
    computing,
    generation,
    is_cached,
    public_cache_invalidate,
)
from marsad.observatory.filters import PublicFilter
from marsad.observatory.models import SearchText


def search_text_for(violation: Violation) -> str:
    """What a public search looks in: the public summaries in every language and the labels
    of the violation's terms in every language, folded by ``match_key``. Nothing else (no
    report, no working title, no note) is ever part of it."""
    parts = [s.text for s in violation.summaries.order_by("language_code")]
    terms = [
        violation.violation_type,
        violation.platform,
        violation.perpetrator_type,
        violation.victim_type,
        violation.region,
        violation.crisis_period,
        *violation.tags.all(),
    ]
    for term in terms:
        if term is not None:
            parts.extend(t.name for t in term.translations.all())
    return match_key(" \n ".join(parts))


def public_record_refresh(*, violation: Violation) -> None:
    """Bring the public index in line with this violation (a row while it is published and
    counted, none otherwise) and drop the cached public aggregates."""
    fresh = Violation.objects.filter(pk=violation.pk).first()
    public = (
        fresh is not None
        and Violation.objects.counted().filter(pk=violation.pk, is_published=True).exists()
    )
    if fresh is not None and public:
        SearchText.objects.update_or_create(
            violation=fresh, defaults={"text": search_text_for(fresh)}
        )
    else:
        SearchText.objects.filter(violation_id=violation.pk).delete()
    public_figures_changed()


def public_figures_changed() -> None:
    """The public figures change in this transaction: drop the cached aggregates now, again
    after the commit (a reader may have cached the old figures in between), and have the
    worker compute the unfiltered ones for the new generation."""
    public_cache_invalidate()
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    public_cache_invalidate()
    public_figures_warm_soon()


def public_figures_warm_soon() -> bool:
    """Queue ``observatory.tasks.warm`` once per generation (``OBSERVATORY_WARM``: only where
    the worker shares the web's cache, else its results would be seen by nobody)."""
    if not settings.OBSERVATORY_WARM:
        return False
    if not cache.add(f"observatory:{generation()}:warm-queued", 1, timeout=COMPUTE_LOCK_SECONDS):
        return False
    from marsad.observatory import tasks  # the tasks module imports this one

    tasks.warm.enqueue()
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


def public_figure_refresh(name: str, parts: str) -> bool:
    """Compute one cached figure of the current generation (``observatory.tasks.refresh``):
    the question is the cache name and the filters' query string it was asked with."""
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


def public_figures_fresh() -> bool:
    """Whether the current generation holds every unfiltered first-page figure."""
    return all(
        is_cached(name, filters.query_string(), per_language=False)
        for name, filters, _compute in _first_page_figures()
    )


def public_figures_warm() -> int:
    """Compute the unfiltered first-page figures of the current generation; readers meanwhile
    get the previous values (``stale_while_computing``). Returns how many were computed here
    (0 when they were there already)."""
    computed = 0
    with computing():
        for name, filters, compute in _first_page_figures():
            if not is_cached(name, filters.query_string(), per_language=False):
                compute()
                computed += 1
    return computed


def public_records_rebuild() -> int:
    """Rebuild the whole index (after an import or a change of ``match_key``)."""
    SearchText.objects.all().delete()
    count = 0
    published = Violation.objects.counted().filter(is_published=True)
    for violation in published.iterator(chunk_size=500):
        SearchText.objects.create(violation=violation, text=search_text_for(violation))
        count += 1
    public_figures_changed()
    return count
