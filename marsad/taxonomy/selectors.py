"""Reads for the vocabularies."""

from __future__ import annotations

import secrets

from django.core.cache import cache

from marsad.taxonomy.models import VOCABULARIES, Term, ViolationType, ViolationTypeGroup

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


_VERSION_KEY = "taxonomy:version"


def vocabularies_version() -> str:
    """A token that changes whenever a term or its labels change (``vocabularies_changed``):
    part of the key of anything rendered from the vocabularies, such as the blank report form.
    Where the cache is per process (no REDIS_URL), another process's change reaches this one
    when its cached renderings expire (``ACTIVE_TERMS_SECONDS``)."""
    return str(cache.get_or_set(_VERSION_KEY, lambda: secrets.token_hex(8), timeout=None))


def vocabularies_changed() -> None:
    """Forget what was cached from the vocabularies: a new version, no cached active terms."""
    cache.set(_VERSION_KEY, secrets.token_hex(8), timeout=None)
    for model in VOCABULARIES:
        active_terms_forget(model)


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
