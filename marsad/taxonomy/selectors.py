"""Reads for the vocabularies."""

from __future__ import annotations

from django.core.cache import cache

from marsad.taxonomy.models import Term, ViolationType, ViolationTypeGroup

# Vocabularies change rarely and are read on every report: each process keeps the active
# terms for a minute (a term retired in the admin stops being accepted within that minute).
ACTIVE_TERMS_SECONDS = 60


def _active_terms_key(model: type[Term]) -> str:
    return f"taxonomy:active:{model._meta.label_lower}"


def active_term[T: Term](model: type[T], slug: str) -> T | None:
    """The active term of a vocabulary with this slug, or None."""
    terms = cache.get_or_set(
        _active_terms_key(model),
        lambda: {term.slug: term for term in model.objects.active()},
        timeout=ACTIVE_TERMS_SECONDS,
    )
    found = (terms or {}).get(slug)
    return found if isinstance(found, model) else None


def active_terms_forget(model: type[Term]) -> None:
    cache.delete(_active_terms_key(model))


def terms_active[T: Term](model: type[T]) -> list[T]:
    """Active terms of one vocabulary with their translations, in display order."""
    return list(model.objects.active().prefetch_related("translations"))


def violation_type_groups() -> list[tuple[ViolationTypeGroup, list[ViolationType]]]:
    """Active violation types by group, with their translations, for the public pages."""
    groups = list(
        ViolationTypeGroup.objects.active()
        .prefetch_related("translations")
        .order_by("sort_order", "slug")
    )
    types = list(
        ViolationType.objects.active()
        .prefetch_related("translations")
        .order_by("sort_order", "slug")
    )
    return [(group, [t for t in types if t.group_id == group.pk]) for group in groups]
