"""Writes for the public observatory: its search index and the cache of its aggregates.

``public_record_refresh`` is called explicitly (no signals) by the services of ``cases`` that
publish, withdraw, classify, summarise, merge or move a violation, inside their transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from marsad.cases.models import Violation
from marsad.core.text import match_key
from marsad.observatory import tasks
from marsad.observatory.caching import public_cache_forget, public_cache_invalidate
from marsad.observatory.models import INDEXED_TERMS, SearchText


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


def search_row_for(violation: Violation) -> dict[str, Any]:
    """The index row of a published violation: its text, and copies of its term ids and of
    the UTC day it was documented (what the filters narrow a search by)."""
    documented = violation.documented_at
    return {
        "text": search_text_for(violation),
        **{f"{name}_id": getattr(violation, f"{name}_id") for name in INDEXED_TERMS},
        "documented_on": None if documented is None else documented.astimezone(dt.UTC).date(),
    }


def public_record_refresh(*, violation: Violation) -> None:
    """Bring the public index in line with this violation (a row while it is published and
    counted, none otherwise) and drop the cached public aggregates. When it leaves the public
    record (unpublished, consent ended, merged away, reopened), the cache forgets every
    figure computed before (``public_record_forget``)."""
    fresh = Violation.objects.filter(pk=violation.pk).first()
    public = (
        fresh is not None
        and Violation.objects.counted().filter(pk=violation.pk, is_published=True).exists()
    )
    if fresh is not None and public:
        SearchText.objects.update_or_create(violation=fresh, defaults=search_row_for(fresh))
    else:
        removed, _by_model = SearchText.objects.filter(violation_id=violation.pk).delete()
        if removed:
            public_record_forget()
    public_figures_changed()


def public_record_forget() -> None:
    """A violation left the public record in this transaction: no figure computed before is
    handed out any more, now and again after the commit (a reader may have computed one from
    the rows as they were, before the commit)."""
    public_cache_forget()
    transaction.on_commit(public_cache_forget)


def public_figures_changed() -> None:
    """The public figures change in this transaction: drop the cached aggregates now, again
    after the commit (a reader may have cached the old figures in between), and have the
    worker compute the unfiltered ones for the new generation."""
    public_cache_invalidate()
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    public_cache_invalidate()
    tasks.warm_soon()


def public_records_rebuild() -> int:
    """Rebuild the whole index (after an import or a change of ``match_key``)."""
    SearchText.objects.all().delete()
    count = 0
    published = Violation.objects.counted().filter(is_published=True)
    for violation in published.iterator(chunk_size=500):
        SearchText.objects.create(violation=violation, **search_row_for(violation))
        count += 1
    public_figures_changed()
    return count
