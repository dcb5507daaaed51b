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
    times_basis,
)
from marsad.observatory.filters import PublicFilter
from marsad.observatory.selectors.stats import _platform_row
from marsad.observatory.templatetags.observatory_figures import figure
from marsad.observatory.tests.world import build_world


@pytest.mark.parametrize(
    ("n", "published", "k", "shown"),
    [
        (0, 0, 5, None),  # zero looks like a small count
        (1, 0, 5, None),
        (4, 0, 5, None),
        (5, 0, 5, 5),
        (9, 0, 5, 5),
        (10, 0, 5, 10),
        (1119, 0, 5, 1115),
        (1119, 203, 5, 1118),  # 203 and 916 others shown as 915
        (3, 2, 5, 2),  # two published, one other: as if there were none
        (2, 2, 5, 2),
        (9, 6, 5, 6),  # a month of 9 with 6 published: the 3 others look like none
        (11, 6, 5, 11),
        (3, 0, 5, None),  # none published, three others: withheld, like none at all
        (0, 0, 1, 0),  # k = 1: exact
        (3, 1, 1, 3),
        (2, 0, 3, None),
        (8, 0, 3, 6),
        (8, 1, 3, 7),
    ],
)
def test_published_counts_are_exact_and_the_others_rounded_down(n, published, k, shown):
    assert rounded(n, k, published=published) == shown


def test_more_published_than_counted_is_an_error():
    with pytest.raises(ValueError, match="4 published of 3"):
        rounded(3, 5, published=4)


def _consistent(shown: int | None, k: int, published: int) -> set[int]:
    """Every number of unpublished violations a figure is consistent with, for someone who
    knows exactly how many published ones it covers (the open data)."""
    return {
        unpublished
        for unpublished in range(4 * k)
        if rounded(published + unpublished, k, published=published) == shown
    }


@pytest.mark.parametrize("k", [2, 3, 5])
def test_one_figure_never_tells_a_small_number_apart(k):
    """Whoever knows the published violations exactly (the exports) and reads one figure
    cannot tell that the unpublished ones number 1 to k-1: what is consistent with the
    figure always includes 0 (and with a figure that shows k or more of them, only numbers
    of k or more)."""
    for published, unpublished in itertools.product(range(3 * k), range(3 * k)):
        shown = rounded(published + unpublished, k, published=published)
        possible = _consistent(shown, k, published)
        assert unpublished in possible
        if unpublished < k:
            assert possible == set(range(k)), (published, unpublished)
        else:
            assert min(possible) >= k, (published, unpublished)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_the_difference_of_two_figures_never_tells_a_small_number_apart(k):
    """A figure and a narrower one (one more filter, a shorter period, one cell of its
    breakdown): their difference, the unpublished violations in the first and not in the
    second, is never known to be 1 to k-1, even knowing every published violation of
    both: 0, or k and more, is always possible too."""
    top = 3 * k
    for inner, rest, inner_published, rest_published in itertools.product(range(top), repeat=4):
        if inner_published > inner or rest_published > rest:
            continue
        if not 0 < rest - rest_published < k:
            continue
        outer_published = inner_published + rest_published
        outer_shown = rounded(inner + rest, k, published=outer_published)
        inner_shown = rounded(inner, k, published=inner_published)
        possible = {
            outer_guess - inner_guess
            for inner_guess in _consistent(inner_shown, k, inner_published)
            for outer_guess in _consistent(outer_shown, k, outer_published)
            if outer_guess >= inner_guess
        }
        assert 0 in possible or max(possible) >= k, (inner, rest, inner_published, rest_published)


@pytest.mark.parametrize("k", [2, 3, 5])
def test_a_figure_says_no_more_than_the_published_count_and_the_rounded_rest(k):
    """Two groups with the same published count and unpublished counts rounding to the
    same multiple of k (0 and 1 to k - 1 alike) show the same figure: the figure is a
    function of what the open data says and of the rounded rest, nothing else."""
    for published in range(2 * k):
        for low in range(0, 3 * k, k):
            figures = {rounded(published + u, k, published=published) for u in range(low, low + k)}
            assert len(figures) == 1, (published, low)


def test_a_breakdown_lists_every_category_by_its_figure_then_vocabulary():
    categories = [("c", "C"), ("b", "B"), ("a", "A"), ("z", "Z"), ("y", "Y"), ("", "Not recorded")]
    published = {"a": 1, "y": 2}
    cells = public_cells(
        {"a": 9, "b": 5, "c": 7, "z": 3, "x": 12, "y": 3}, categories, k=5, published=published
    )
    assert cells == [
        Cell("x", "x", 10),  # a key the vocabulary no longer has is listed too
        Cell("a", "A", 6),  # 1 published and 8 others: 1 + 5
        Cell("c", "C", 5),  # 7 and 5 are both "5": the vocabulary's order, not 7 first
        Cell("b", "B", 5),
        Cell("y", "Y", 2),  # 2 published and 1 other
        Cell("z", "Z", None),  # 3 unpublished and none look the same
        Cell("", "Not recorded", None),
    ]


def test_a_rate_is_that_of_the_counts_shown_and_withheld_below_k():
    assert public_rate(5, 10, 5) == Rate(5, 10)
    assert public_rate(None, 10, 5) is None
    assert public_rate(5, None, 5) is None
    assert public_rate(3, 10, 5) is None  # three published restored: too few for a rate
    assert public_rate(0, 0, 1) == Rate(0, 0)  # k = 1: given, with no value

    def figures(escalated, restored, final, answered, published=None, days=(4, 9)):
        return EscalationFigures(
            platform=None,
            escalated=escalated,
            answered=answered,
            response=ResponseTimes(answered, *days),
            outcomes=OutcomeMix({}),
            recovery=Rate(restored, final),
            removal=Rate(0, 0),
            published=published,
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
    # 12 cases, 9 of them published: 7 restored of 11 (6 of 9 published), 8 answered (7).
    published = figures(9, 6, 9, 7, days=(3, 8))
    row = _platform_row(figures(12, 7, 11, 8, published), "All", k=5)
    assert (row.escalated, row.restored, row.with_final_outcome) == (9, 6, 9)
    assert (row.recovery_percent, row.recovery_withheld) == (67, False)
    # One unpublished case answered: the times are the published cases' alone.
    assert (row.median_days, row.p90_days, row.times_withheld) == (3, 8, False)
    # Five unpublished answered: every answered case counts.
    row = _platform_row(figures(16, 7, 11, 12, published), "All", k=5)
    assert (row.median_days, row.p90_days) == (4, 9)


@pytest.mark.parametrize(
    ("answered", "published", "k", "basis"),
    [
        (8, 7, 5, "published"),  # one unpublished: as if none
        (7, 7, 5, "published"),
        (12, 7, 5, "all"),  # five unpublished
        (6, 2, 5, None),  # four unpublished and two published: too few either way
        (5, 0, 5, "all"),
        (0, 0, 1, "all"),  # k = 1: nothing withheld
    ],
)
def test_response_times_count_unpublished_cases_only_k_at_a_time(answered, published, k, basis):
    assert times_basis(answered, published, k) == basis


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
    # The 5th unpublished violation came in July 2022: from January 2022 to the current month.
    assert (months[0], months[-1], len(months)) == (("2022-01", 0, 0), ("2026-12", 0, 0), 60)
    assert series_months({"2022-03": 4}, start=None, end=None, today=today, k=5) == []
    # A published violation shows at once: from the year of the first one.
    published = {"2022-03": 1}
    months = series_months(
        {"2022-03": 4}, start=None, end=None, today=today, k=5, published=published
    )
    assert months[:3] == [("2022-01", 0, 0), ("2022-02", 0, 0), ("2022-03", 4, 1)]
    given = series_months(found, start=dt.date(2022, 2, 1), end=dt.date(2022, 4, 30), today=today)
    assert given == [("2022-02", 0, 0), ("2022-03", 2, 0), ("2022-04", 0, 0)]


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
