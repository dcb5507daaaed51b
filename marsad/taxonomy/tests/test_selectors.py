"""Each process holds the active terms it read; a change still reaches it."""

import pytest
from django.core.cache import cache

from marsad.taxonomy import selectors
from marsad.taxonomy.models import Platform
from marsad.taxonomy.selectors import ACTIVE_TERMS_SECONDS, VERSION_HOLD_SECONDS, active_term
from marsad.taxonomy.services import terms_set_active

pytestmark = pytest.mark.django_db


def test_a_term_retired_here_is_refused_at_once(django_capture_on_commit_callbacks):
    assert active_term(Platform, "facebook") is not None
    with django_capture_on_commit_callbacks(execute=True):
        terms_set_active(terms=Platform.objects.filter(slug="facebook"), active=False)
    assert active_term(Platform, "facebook") is None
    assert active_term(Platform, "instagram") is not None


def test_the_held_copy_serves_reads_without_the_cache(django_assert_num_queries):
    assert active_term(Platform, "facebook") is not None
    # Another process's cache entry expiring, or a shared cache losing it: the held copy
    # answers until the version moves or it is ACTIVE_TERMS_SECONDS old.
    cache.delete(selectors._active_terms_key(Platform))
    with django_assert_num_queries(0):
        assert active_term(Platform, "facebook") is not None


def test_a_change_made_by_another_process_reaches_this_one(monkeypatch):
    assert active_term(Platform, "facebook") is not None
    # Another process retires the term: the rows change and the shared cache gets a new
    # version, but none of this process's own forgetting runs. This process reads the
    # version again within VERSION_HOLD_SECONDS.
    Platform.objects.filter(slug="facebook").update(is_active=False)
    cache.delete(selectors._active_terms_key(Platform))
    cache.set(selectors._VERSION_KEY, "another-process", timeout=None)
    now = selectors.time.monotonic()
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now + VERSION_HOLD_SECONDS)
    assert selectors.vocabularies_version() == "another-process"
    assert active_term(Platform, "facebook") is None


def test_without_a_shared_version_the_held_copy_expires(monkeypatch):
    # No REDIS_URL: the version is this process's own and never moves for another
    # process's change; the held copy is read again once it is ACTIVE_TERMS_SECONDS old.
    assert active_term(Platform, "facebook") is not None
    Platform.objects.filter(slug="facebook").update(is_active=False)
    cache.delete(selectors._active_terms_key(Platform))  # expired with its timeout
    assert active_term(Platform, "facebook") is not None
    now = selectors.time.monotonic()
    monkeypatch.setattr(selectors.time, "monotonic", lambda: now + ACTIVE_TERMS_SECONDS + 1)
    assert active_term(Platform, "facebook") is None
