"""The cache of public aggregates under concurrency: while one reader computes a new
generation's figure, the others get the last one instead of computing it again; the worker
computes the unfiltered figures right after a change."""

from __future__ import annotations

import hashlib
import threading

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from marsad.cases.services import violation_set_published
from marsad.core import crypto
from marsad.observatory import caching, tasks, warming
from marsad.observatory.caching import cached, public_cache_invalidate

from .world import build_world


def test_a_reader_during_a_computation_gets_the_last_value_not_a_second_computation():
    calls: list[str] = []
    assert cached("q", "x", lambda: "v1", per_language=False, stale_while_computing=True) == "v1"
    public_cache_invalidate()  # a publication: the next reader computes "v2"
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        calls.append("slow")
        started.set()
        assert release.wait(10)
        return "v2"

    results: list[str] = []
    first = threading.Thread(
        target=lambda: results.append(
            cached("q", "x", slow, per_language=False, stale_while_computing=True)
        )
    )
    first.start()
    assert started.wait(10)
    # Meanwhile, another visitor: the last value at once, and nothing computed for them.
    second = cached(
        "q", "x", lambda: calls.append("again") or "v3", per_language=False,
        stale_while_computing=True,
    )  # fmt: skip
    assert second == "v1"
    release.set()
    first.join(10)
    assert results == ["v2"]
    assert calls == ["slow"]
    # Once computed, everyone gets the new value, from the cache.
    assert cached("q", "x", lambda: "v4", per_language=False, stale_while_computing=True) == "v2"


def test_with_nothing_older_to_give_a_reader_computes_rather_than_waits():
    key, _latest = caching._keys("q", "y", per_language=False, generational=True)
    cache.add(key + ":computing", 1, timeout=60)  # someone else is computing it
    assert cached("q", "y", lambda: "mine", per_language=False, stale_while_computing=True) == (
        "mine"
    )


def test_a_failed_computation_leaves_no_lock_behind():
    def broken() -> str:
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        cached("q", "z", broken, per_language=False, stale_while_computing=True)
    key, _latest = caching._keys("q", "z", per_language=False, generational=True)
    assert cache.get(key + ":computing") is None
    assert cached("q", "z", lambda: "ok", per_language=False, stale_while_computing=True) == "ok"


def test_language_independent_figures_are_computed_once_for_every_language():
    calls: list[str] = []

    def compute() -> int:
        calls.append(translation.get_language())
        return 7

    for language in ("ar", "en", "he"):
        with translation.override(language):
            assert cached("stats-like", "", compute, per_language=False) == 7
    assert calls == ["ar"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_computes_the_first_page_figures_after_a_publication(
    settings, anonymous, vocabularies_reseeded
):
    settings.OBSERVATORY_WARM = True
    world = build_world()  # each publication queued a warm-up, run at once by the test backend
    assert warming.first_page_fresh()
    with transaction.atomic():
        violation_set_published(violation=world.cases["C"], actor=world.staff, published=False)
        assert not warming.first_page_fresh()  # dropped at once, inside the transaction
    # After the commit the warm-up ran: the figures of the new generation are there, right.
    assert warming.first_page_fresh()
    assert anonymous.get("/api/v1/violations").json()["count"] == 4
    # Six documented, four of them published: those, and the other two rounded down to a
    # multiple of 5 (docs/statistics.md).
    assert anonymous.get("/api/v1/stats/summary", {"lang": "en"}).json()["documented"] == 4


@pytest.mark.django_db
def test_the_sweep_queues_the_warm_up_only_when_the_figures_are_missing(settings):
    settings.OBSERVATORY_WARM = False
    assert tasks.sweep() == 0  # switched off: never
    settings.OBSERVATORY_WARM = True
    assert tasks.sweep() == 1  # missing (nothing computed yet): queued, and run by the backend
    assert warming.first_page_fresh()
    assert tasks.sweep() == 0  # there already
    public_cache_invalidate()
    assert tasks.sweep() == 1
    assert tasks.sweep() == 0


@pytest.mark.django_db
def test_with_a_worker_every_reader_gets_the_older_figure_and_the_worker_computes_it(
    settings, anonymous
):
    """OBSERVATORY_WARM: after a change no visitor computes; the first one queues the work."""
    from django.tasks import default_task_backend

    world = build_world()
    settings.OBSERVATORY_WARM = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    assert anonymous.get("/api/v1/violations").json()["count"] == 5  # computed: none older
    with transaction.atomic():
        violation_set_published(violation=world.cases["F"], actor=world.staff, published=True)
    for _reader in range(3):
        assert anonymous.get("/api/v1/violations").json()["count"] == 5  # the older figure
    queued = [r for r in default_task_backend.results if r.task.name == "refresh"]
    assert [(r.args[0], crypto.decrypt(r.args[1])) for r in queued] == [("count", "")]  # once
    assert tasks.refresh.call(*queued[0].args) is True  # the worker runs it
    assert anonymous.get("/api/v1/violations").json()["count"] == 6
    assert warming.figure_refresh("no-such-figure", "") is False


@pytest.mark.django_db
@pytest.mark.parametrize("leaves", ["withdrawn", "unpublished"])
def test_once_a_violation_leaves_the_public_record_no_reader_gets_a_figure_counting_it(
    settings, anonymous, django_capture_on_commit_callbacks, leaves
):
    """The older figures are handed out while new ones are computed, except after a
    violation left the public record: a count that still holds it would say it was there
    (issue 23, finding 1). Readers compute instead, at once."""
    from django.tasks import default_task_backend

    from marsad.intake.services import report_withdraw

    world = build_world()
    settings.OBSERVATORY_WARM = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    smear = {"q": "تشهير"}  # only in C's summary
    assert anonymous.get("/api/v1/violations").json()["count"] == 5
    assert anonymous.get("/api/v1/violations", smear).json()["count"] == 1
    case = world.cases["C"]
    with django_capture_on_commit_callbacks(execute=True):
        if leaves == "withdrawn":
            report_withdraw(report=case.reports.get())
        else:
            violation_set_published(violation=case, actor=world.staff, published=False)
    for _reader in range(2):
        assert anonymous.get("/api/v1/violations").json()["count"] == 4
        assert anonymous.get("/api/v1/violations", smear).json() == {
            "count": 0,
            "limit": 20,
            "offset": 0,
            "items": [],
        }
    assert [r for r in default_task_backend.results if r.task.name == "refresh"] == []


def test_after_forgetting_a_reader_computes_rather_than_take_the_last_value():
    assert cached("q", "f", lambda: "v1", per_language=False, stale_while_computing=True) == "v1"
    caching.public_cache_forget()
    key, _latest = caching._keys("q", "f", per_language=False, generational=True)
    cache.add(key + ":computing", 1, timeout=60)  # someone else is computing it
    assert cached("q", "f", lambda: "v2", per_language=False, stale_while_computing=True) == "v2"
    public_cache_invalidate()  # an ordinary change: the last value serves again meanwhile
    key, _latest = caching._keys("q", "f", per_language=False, generational=True)
    cache.add(key + ":computing", 1, timeout=60)
    assert cached("q", "f", lambda: "v3", per_language=False, stale_while_computing=True) == "v2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/ar/statistics/?platform=facebook&from=2024-01-01", "/en/violations/?q=غزة"]
)
def test_a_refresh_recomputes_exactly_the_question_that_was_asked(settings, anonymous, url):
    """The task gets the cache name and the filters' query string; what it computes must land
    under the key the page reads, or visitors would get the older figure for ever."""
    from django.tasks import default_task_backend

    build_world()
    settings.OBSERVATORY_WARM = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    assert anonymous.get(url).status_code == 200
    public_cache_invalidate()
    assert anonymous.get(url).status_code == 200
    queued = [r.args for r in default_task_backend.results if r.task.name == "refresh"]
    assert queued
    for name, sealed in queued:
        parts = crypto.decrypt(sealed)  # the question travels encrypted
        assert not caching.is_cached(name, parts, per_language=False)
        assert tasks.refresh.call(name, sealed)
        assert caching.is_cached(name, parts, per_language=False)


@pytest.mark.django_db
def test_the_words_of_a_search_reach_neither_the_task_queue_nor_a_cache_key(settings, anonymous):
    """A refresh waits in the task queue (a database table kept after it ran, or Redis) and
    the cache's keys are in Redis: neither may hold what a visitor searched for, in clear or
    as a hash anyone could compute from a guess."""
    from django.tasks import default_task_backend

    build_world()
    settings.OBSERVATORY_WARM = True
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    url = "/en/violations/?q=zq7secretname"
    assert anonymous.get(url).status_code == 200
    public_cache_invalidate()
    assert anonymous.get(url).status_code == 200
    queued = [r.args for r in default_task_backend.results if r.task.name == "refresh"]
    assert queued
    assert "zq7secretname" not in repr(queued)
    assert "zq7secretname" in crypto.decrypt(queued[0][1])
    guessed = hashlib.sha256(b"q=zq7secretname").hexdigest()[:32]
    keys = list(cache._cache)  # type: ignore[attr-defined]  # the local-memory cache's keys
    assert any(":capped-count:" in key for key in keys)
    assert [key for key in keys if guessed in key or "zq7" in key] == []


@pytest.mark.django_db
def test_a_queue_that_is_down_does_not_break_the_page(settings, anonymous, monkeypatch):
    """The refresh cannot be queued: the visitor is answered with the figure computed now."""
    world = build_world()
    settings.OBSERVATORY_WARM = True
    assert anonymous.get("/api/v1/violations").json()["count"] == 5

    def down(name: str, parts: str) -> None:
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(caching, "_refresh", down)
    violation_set_published(violation=world.cases["C"], actor=world.staff, published=False)
    public_cache_invalidate()
    assert anonymous.get("/api/v1/violations").json()["count"] == 4
