"""Reads for the vocabularies."""

from __future__ import annotations

import secrets
import time

from django.core.cache import cache

from marsad.taxonomy.models import VOCABULARIES, Term, ViolationType, ViolationTypeGroup

# Vocabularies change rarely and are read on every report: each process keeps the active
# terms for a minute (a term retired in the admin stops being accepted within that minute).
ACTIVE_TERMS_SECONDS = 60


def _active_terms_key(model: type[Term]) -> str:
    return f"taxonomy:active:{model._meta.label_lower}"


# The active terms as this process last read them from the cache: (when, vocabularies
# version, terms) per vocabulary. A report's form checks five fields against them;
# reading and unpickling the whole vocabulary from Redis for each field was a seventh of an
# intake POST's time (py-spy, bench/intake.py). A change anywhere moves the version, so a
# process sees it at its next read; where the version is per process (no REDIS_URL) the
# copy is kept no longer than ACTIVE_TERMS_SECONDS, as the shared cache's entry was.
_held: dict[str, tuple[float, str, dict[str, Term]]] = {}


def _active_terms(model: type[Term]) -> dict[str, Term]:
    key = _active_terms_key(model)
    version = vocabularies_version()
    now = time.monotonic()
    held = _held.get(key)
    if held is not None and held[1] == version and now - held[0] < ACTIVE_TERMS_SECONDS:
        return held[2]
    terms = cache.get_or_set(
        key,
        lambda: {term.slug: term for term in model.objects.active()},
        timeout=ACTIVE_TERMS_SECONDS,
    )
    terms = terms if isinstance(terms, dict) else {}
    _held[key] = (now, version, terms)
    return terms


def active_term[T: Term](model: type[T], slug: str) -> T | None:
    """The active term of a vocabulary with this slug, or None."""
    found = _active_terms(model).get(slug)
    return found if isinstance(found, model) else None


def active_terms_forget(model: type[Term]) -> None:
    key = _active_terms_key(model)
    _held.pop(key, None)
    cache.delete(key)


_VERSION_KEY = "taxonomy:version"


# The version as this process last read it, and when: a report's form asks for it once per
# vocabulary field, and each ask was a Redis round trip. Another process's change is seen
# within VERSION_HOLD_SECONDS; this process's own at once.
VERSION_HOLD_SECONDS = 1.0
_version_held: tuple[float, str] | None = None


def vocabularies_version() -> str:
    """A token that changes whenever a term or its labels change (``vocabularies_changed``):
    part of the key of anything rendered from the vocabularies, such as the blank report form.
    Where the cache is per process (no REDIS_URL), another process's change reaches this one
    when its cached renderings expire (``ACTIVE_TERMS_SECONDS``)."""
    global _version_held
    held, now = _version_held, time.monotonic()
    if held is not None and now - held[0] < VERSION_HOLD_SECONDS:
        return held[1]
    version = str(cache.get_or_set(_VERSION_KEY, lambda: secrets.token_hex(8), timeout=None))
    _version_held = (now, version)
    return version


def vocabularies_held_forget() -> None:
    """Drop what this process holds (the version and the active terms), as when it starts;
    for a cache emptied under it, as the tests do between tests."""
    global _version_held
    _held.clear()
    _version_held = None


def vocabularies_changed() -> None:
    """Forget what was cached from the vocabularies: no cached active terms, a new version.
    In this order: a reader between the two that finds the new version cannot have taken the
    old terms for it."""
    global _version_held
    for model in VOCABULARIES:
        active_terms_forget(model)
    version = secrets.token_hex(8)
    cache.set(_VERSION_KEY, version, timeout=None)
    _version_held = (time.monotonic(), version)


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
