"""The small-number rule of the public figures (``disclosure``; docs/statistics.md, "Small
numbers"): rounding, the order of categories, whole months, rates, and the guarantee for one
figure and for the difference of two, checked exhaustively. The attack over the demo data is
test_differencing_attack.py."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from marsad.escalations.selectors import EscalationFigures, OutcomeMix, Rate, ResponseTimes
from marsad.observatory.disclosure import (
    Cell,
    public_cells,
    public_rate,
    rounded,
    series_months,
)
from marsad.observatory.filters import PublicFilter
from marsad.observatory.selectors import _platform_row
from marsad.observatory.templatetags.observatory_figures import figure
from marsad.observatory.tests.world import build_world


@pytest.mark.parametrize(
    ("n", "k", "shown"),
    [
        (0, 5, None),  # zero looks like a small count
        (1, 5, None),
        (4, 5, None),
        (5, 5, 5),
        (9, 5, 5),
        (10, 5, 10),
        (1119, 5, 1115),
        (0, 1, 0),  # k = 1: exact
        (3, 1, 3),
        (2, 3, None),
        (8, 3, 6),
    ],
)
def test_counts_are_rounded_down_to_a_multiple_of_k(n, k, shown):
    assert rounded(n, k) == shown


def _consistent(shown: int | None, k: int, at_least: int) -> range:
    """Every true count that shows as ``shown``, given that it is at least ``at_least``."""
    low, high = (0, k - 1) if shown is None else (shown, shown + k - 1)
    return range(max(low, at_least), high + 1)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_one_figure_never_tells_a_small_number_apart(k):
    """Whoever knows the published violations exactly (the exports) and reads one figure
    cannot tell that the unpublished ones number 1 to k-1: what is consistent with the
    figure always includes 0 or k and more."""
    for total, published in itertools.product(range(4 * k), repeat=2):
        if published > total or not 0 < total - published < k:
            continue
        unpublished = {n - published for n in _consistent(rounded(total, k), k, published)}
        assert 0 in unpublished or max(unpublished) >= k, (total, published)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_the_difference_of_two_figures_never_tells_a_small_number_apart(k):
    """A figure and a narrower one (one more filter, a shorter period, one cell of its
    breakdown): their difference, the violations in the first and not in the second, is
    never known to be 1 to k-1, even knowing every published violation of both."""
    top = 3 * k
    for inner, rest, inner_published, rest_published in itertools.product(range(top), repeat=4):
        if inner_published > inner or rest_published > rest:
            continue
        if not 0 < rest - rest_published < k:
            continue
        outer_shown, inner_shown = rounded(inner + rest, k), rounded(inner, k)
        possible = set()
        for inner_guess in _consistent(inner_shown, k, inner_published):
            low = inner_guess + rest_published
            for outer_guess in _consistent(outer_shown, k, low):
                possible.add(outer_guess - inner_guess - rest_published)
        assert 0 in possible or max(possible) >= k, (inner, rest, inner_published, rest_published)


def test_a_breakdown_lists_every_category_by_rounded_count_then_vocabulary():
    categories = [("c", "C"), ("b", "B"), ("a", "A"), ("z", "Z"), ("", "Not recorded")]
    cells = public_cells({"a": 9, "b": 5, "c": 7, "z": 3, "x": 12}, categories, k=5)
    assert cells == [
        Cell("x", "x", 10),  # a key the vocabulary no longer has is listed too
        Cell("c", "C", 5),  # 7, 5 and 9 are all "5": the vocabulary's order, not 9 first
        Cell("b", "B", 5),
        Cell("a", "A", 5),
        Cell("z", "Z", None),  # 3 and none look the same
        Cell("", "Not recorded", None),
    ]


def test_a_rate_is_that_of_the_rounded_counts_and_withheld_with_them():
    assert public_rate(5, 10) == Rate(5, 10)
    assert public_rate(None, 10) is None
    assert public_rate(5, None) is None

    def figures(escalated, restored, final, answered):
        return EscalationFigures(
            platform=None,
            escalated=escalated,
            answered=answered,
            response=ResponseTimes(answered, 4, 9),
            outcomes=OutcomeMix({}),
            recovery=Rate(restored, final),
            removal=Rate(0, 0),
        )

    row = _platform_row(figures(12, 7, 12, 6), "All", k=5)
    assert (row.escalated, row.restored, row.with_final_outcome) == (10, 5, 10)
    assert (row.recovery_percent, row.recovery_rate) == (50, 0.5)  # 5 of 10, as shown
    assert (row.median_days, row.times_withheld) == (4, False)
    row = _platform_row(figures(12, 3, 12, 4), "All", k=5)
    assert (row.recovery_withheld, row.restored, row.recovery_percent) == (True, None, None)
    assert (row.median_days, row.times_withheld) == (None, True)  # 4 answered
    row = _platform_row(figures(12, 0, 0, 0), "All", k=5)
    assert row.recovery_withheld
    assert row.times_withheld


def test_statistics_take_whole_months():
    filters = PublicFilter({"from": "2024-02-10", "to": "2024-03-03"}, for_stats=True)
    assert filters.is_valid()
    assert (filters.values()["from"], filters.values()["to"]) == (
        dt.date(2024, 2, 1),
        dt.date(2024, 3, 31),
    )
    assert filters.query_string() == "from=2024-02-01&to=2024-03-31"
    # The database of published violations keeps days; the statistics made from its
    # filters take whole months and leave the search words out.
    listing = PublicFilter({"from": "2024-02-10", "q": "word", "sort": "oldest"})
    assert listing.is_valid()
    assert listing.values()["from"] == dt.date(2024, 2, 10)
    assert listing.for_statistics().query_string() == "from=2024-02-01"
    backwards = PublicFilter({"from": "2024-03-20", "to": "2024-03-10"}, for_stats=True)
    assert not backwards.is_valid()
    assert "to" in backwards.errors


def test_a_series_never_starts_or_ends_where_the_data_does():
    today = dt.date(2026, 12, 7)
    found = {"2021-11": 2, "2022-03": 2, "2022-07": 1, "2024-05": 9}
    months = series_months(found, start=None, end=None, today=today, k=5)
    # The 5th violation came in July 2022: from January 2022 to the current month.
    assert (months[0], months[-1], len(months)) == (("2022-01", 0), ("2026-12", 0), 60)
    assert series_months({"2022-03": 4}, start=None, end=None, today=today, k=5) == []
    given = series_months(found, start=dt.date(2022, 2, 1), end=dt.date(2022, 4, 30), today=today)
    assert given == [("2022-02", 0), ("2022-03", 2), ("2022-04", 0)]


@pytest.mark.django_db
def test_day_filters_give_the_answer_of_their_month(anonymous):
    """Bisecting ``from``/``to`` learns nothing finer than a month: any days of February
    give the figures of the whole of February, and say so."""
    build_world()

    def ask(first, last):
        body = anonymous.get("/api/v1/stats/breakdowns", {"from": first, "to": last}).json()
        return body

    month = ask("2024-02-01", "2024-02-29")
    assert (month["from"], month["to"]) == ("2024-02-01", "2024-02-29")
    for first, last in (("2024-02-03", "2024-02-03"), ("2024-02-04", "2024-02-19")):
        assert ask(first, last) == month
    summary = anonymous.get("/api/v1/stats/summary", {"from": "2024-02-20"}).json()
    assert (summary["from"], summary["to"]) == ("2024-02-01", None)


@pytest.mark.django_db
def test_the_rule_adds_no_query(anonymous, settings):
    """Rounding and listing every category are done on the cached counts: a cold request
    runs the counts (one statement on PostgreSQL) and the vocabularies' labels, no more."""
    build_world()
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        anonymous.get("/api/v1/stats/breakdowns", {"from": "2024-01-01", "to": "2024-12-31"})
    counts = 1 if connection.vendor == "postgresql" else 7  # total, months, 5 breakdowns
    labels = 2 * 5  # each vocabulary and its translations, cached for a minute
    assert len(queries) == counts + labels, [q["sql"][:80] for q in queries]
    with CaptureQueriesContext(connection) as queries:
        anonymous.get("/api/v1/stats/breakdowns", {"from": "2024-01-10", "to": "2024-12-31"})
    assert len(queries) == 0  # the same whole months: the same cached answer


@pytest.mark.parametrize(("language", "text"), [("en", "1,115"), ("ar", "1115")])
def test_figures_print_through_the_locale(language, text, settings):
    with translation.override(language):
        assert figure(1115) == text
    with translation.override("en"):
        assert figure(None) == "fewer than 5"
    with translation.override("ar"):
        assert figure(None) == "أقل من 5"
