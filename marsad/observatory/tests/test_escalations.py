"""The public escalation figures: /api/v1/stats/summary, the statistics page (outcome mix,
recovery rate, response times per platform, small numbers withheld) and the outcome on the
public violation page. Every value is worked out by hand from ``world.add_escalations``; with
k = 1 (``exact``) nothing is rounded, with the default k = 5 the small-number rule applies."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from marsad.cases.services import violation_set_published
from marsad.observatory.tests.world import add_escalations, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    add_escalations(world)
    return world


@pytest.fixture
def exact(settings):
    settings.OBSERVATORY_MIN_CELL = 1


def summary(client, **params):
    response = client.get("/api/v1/stats/summary", params)
    assert response.status_code == 200, response.content
    return response.json()


def figures(body) -> tuple:
    return (body["escalated"], body["restored"], body["with_final_outcome"], body["recovery_rate"])


def test_summary_recovery_rate_is_exactly_one_third(anonymous, world, exact):
    body = summary(anonymous)
    # A, B, C, D, F escalated (F unpublished still counts: it is documented); removals A
    # restored, D refused, F no answer -> 1/3.
    assert figures(body) == (5, 1, 3, 1 / 3)
    assert Fraction(body["recovery_rate"]).limit_denominator(100) == Fraction(1, 3)
    assert body["documented"] == 6


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # The period counts cases by the day their first attempt was sent (not documented).
        ({"from": "2024-04-01", "to": "2024-04-30"}, (4, 1, 3, 1 / 3)),
        # Whole months: the 2nd of April is taken as the 1st (A was sent on the 1st).
        ({"from": "2024-04-02", "to": "2024-04-30"}, (4, 1, 3, 1 / 3)),
        ({"from": "2024-05-01"}, (1, 0, 0, None)),  # C only, still open
        ({"to": "2024-03-31"}, (0, 0, 0, None)),
        ({"platform": "facebook"}, (3, 1, 3, 1 / 3)),
        ({"platform": "instagram"}, (1, 0, 0, None)),  # a hacked account: in no rate
        ({"outcome": "restored"}, (1, 1, 1, 1.0)),
        ({"outcome": "not_escalated"}, (0, 0, 0, None)),
        ({"region": "gaza-strip"}, (2, 1, 2, 0.5)),  # A and D
    ],
)
def test_summary_escalation_figures_follow_the_filters(anonymous, world, exact, params, expected):
    assert figures(summary(anonymous, **params)) == expected


def test_summary_documented_and_escalated_periods_differ(anonymous, world, exact):
    body = summary(anonymous, **{"from": "2024-04-01", "to": "2024-04-30"})
    assert body["documented"] == 0
    assert body["escalated"] == 4


def test_summary_without_escalations_has_no_rate(anonymous, exact):
    body = summary(anonymous)
    assert figures(body) == (0, 0, 0, None)


def test_a_bad_outcome_is_a_400(anonymous, world):
    response = anonymous.get("/api/v1/stats/summary", {"outcome": "lost"})
    assert response.status_code == 400


def _rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S)
    assert table, table_id
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def _outcome_rows(html: str) -> list[list[str]]:
    section = html.split('id="chart-outcomes"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tbody>(.*?)</tbody>", section, re.S)[0]
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", rows, re.S)
    ]


def test_statistics_page_shows_outcomes_rates_and_times(anonymous, world, exact):
    html = anonymous.get("/en/statistics/").content.decode()
    assert _outcome_rows(html) == [
        ["Restored", "1"],
        ["Account secured", "1"],
        ["Refused", "1"],
        ["No answer", "1"],
        ["Waiting for the outcome", "1"],
        ["Partially restored", "0"],  # every outcome is listed, empty ones after
        ["Content removed", "0"],
        ["Withdrawn", "0"],
    ]
    # Response days: Facebook A 10 and D 4; Instagram B 2 -> all: [2, 4, 10], median 4, p90 10.
    assert _rows(html, "escalations-by-platform")[1:] == [
        ["Facebook", "3", "33% (1/3)", "4", "10"],
        ["Instagram", "1", "—", "2", "2"],
        ["X (Twitter)", "1", "—", "—", "—"],
        ["All platforms", "5", "33% (1/3)", "4", "10"],
    ]


def _unpublish(world, *keys: str) -> None:
    for key in keys:
        violation_set_published(violation=world.cases[key], actor=world.staff, published=False)


def test_statistics_page_withholds_small_numbers_of_unpublished_cases(anonymous, world):
    _unpublish(world, "A", "B", "C", "D")  # F is not published either
    html = anonymous.get("/en/statistics/").content.decode()  # k = 5
    # No outcome has 5 cases: one line says so for all, as for an empty one.
    assert _outcome_rows(html) == [["Every outcome", "fewer than 5 each"]]
    withheld = "withheld (few cases)"
    assert _rows(html, "escalations-by-platform")[1:] == [
        ["Every platform", "fewer than 5 each", withheld],
        # The total is rounded like any figure: 5 cases; 1 restored of 3 is withheld, and
        # so are the times of 3 answered cases.
        ["All platforms", "5", withheld, withheld, withheld],
    ]
    assert '<span class="figure">5</span> cases escalated' in html


def test_statistics_page_counts_the_cases_of_published_violations_exactly(anonymous, world):
    """A, B, C and D are published and F is not: their cases count exactly, F's no answer
    is rounded down to none (k = 5), and rates and times of so few cases are withheld."""
    html = anonymous.get("/en/statistics/").content.decode()
    assert _outcome_rows(html) == [
        ["Restored", "1"],
        ["Account secured", "1"],
        ["Refused", "1"],
        ["Waiting for the outcome", "1"],
        ["Every other outcome", "fewer than 5 each"],  # F's no answer, and the empty ones
    ]
    withheld = "withheld (few cases)"
    assert _rows(html, "escalations-by-platform")[1:] == [
        ["Facebook", "2", withheld, withheld, withheld],  # A and D, and F rounded down
        ["Instagram", "1", withheld, withheld, withheld],
        ["X (Twitter)", "1", withheld, withheld, withheld],
        ["Every other platform", "fewer than 5 each", withheld],
        ["All platforms", "4", withheld, withheld, withheld],
    ]
    assert '<span class="figure">4</span> cases escalated' in html


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_statistics_page_and_outcome_chart_render(anonymous, world, language, exact):
    page = anonymous.get(f"/{language}/statistics/", {"platform": "facebook"})
    assert page.status_code == 200
    assert f"/{language}/statistics/charts/outcomes.svg?platform=facebook" in page.content.decode()
    chart = anonymous.get(f"/{language}/statistics/charts/outcomes.svg", {"platform": "facebook"})
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"


@pytest.mark.parametrize(
    ("language", "key", "text"),
    [
        ("en", "A", "The platform restored what it had removed or restricted."),
        ("en", "D", "The platform refused to change its decision."),
        ("en", "C", "We sent it to the platform and are waiting for its answer."),
        ("en", "E", "This violation was not escalated to a platform."),
        ("ar", "A", "أعادت المنصة ما كانت قد حذفته أو قيّدته."),
        ("he", "E", "הפרה זו לא הועברה לפלטפורמה."),
    ],
)
def test_violation_page_says_the_outcome_in_plain_words(anonymous, world, language, key, text):
    html = anonymous.get(f"/{language}/violations/{world.cases[key].pk}/").content.decode()
    assert text in html


def test_violation_page_shows_the_outcome_date_and_never_the_answer(anonymous, world):
    html = anonymous.get(f"/en/violations/{world.cases['A'].pk}/").content.decode()
    assert "April 11, 2024" in html


def test_an_outcome_recorded_drops_the_cached_figures(anonymous, world, exact):
    from marsad.escalations.choices import Outcome
    from marsad.escalations.models import Escalation
    from marsad.escalations.services import escalation_close

    def count(outcome: str) -> int:
        return anonymous.get("/api/v1/violations", {"outcome": outcome}).json()["count"]

    assert (count("open"), count("no_answer")) == (1, 0)  # C; now cached
    stats = anonymous.get("/en/statistics/", {"outcome": "open"}).content.decode()
    assert '<span class="figure">1</span>' in stats
    waiting = Escalation.objects.get(violation=world.cases["C"])
    escalation_close(escalation=waiting, actor=world.staff, outcome=Outcome.NO_ANSWER)
    assert (count("open"), count("no_answer")) == (0, 1)
    stats = anonymous.get("/en/statistics/", {"outcome": "open"}).content.decode()
    assert '<span class="figure">0</span>' in stats


def test_escalations_endpoint_gives_the_page_figures(anonymous, world, exact):
    body = anonymous.get("/api/v1/stats/escalations", {"lang": "en"}).json()
    assert body["escalated"] == 5
    assert [(c["key"], c["count"]) for c in body["outcomes"]] == [
        ("restored", 1),
        ("account_secured", 1),
        ("refused", 1),
        ("no_answer", 1),
        ("open", 1),
        ("partially_restored", 0),
        ("content_removed", 0),
        ("withdrawn", 0),
    ]
    facebook = body["by_platform"][0]
    assert (facebook["label"], facebook["escalated"], facebook["recovery_rate"]) == (
        "Facebook",
        3,
        1 / 3,
    )
    assert (facebook["median_days"], facebook["p90_days"]) == (4, 10)
    assert body["total"]["recovery_rate"] == 1 / 3


def test_escalations_endpoint_withholds_small_numbers(anonymous, world):
    _unpublish(world, "A", "B", "C", "D")
    body = anonymous.get("/api/v1/stats/escalations", {"lang": "en"}).json()
    assert len(body["outcomes"]) == 8  # every outcome, each fewer than 5
    assert {(c["count"], c["protected"]) for c in body["outcomes"]} == {(None, True)}
    assert body["by_platform"] == []  # no platform has 5 cases
    total = body["total"]
    assert (body["escalated"], body["escalated_protected"], total["escalated"]) == (5, False, 5)
    assert (total["restored"], total["recovery_rate"], total["recovery_withheld"]) == (
        None,
        None,
        True,
    )
    assert (total["median_days"], total["times_withheld"]) == (None, True)


def test_escalations_endpoint_counts_published_cases_and_withholds_their_rates(
    anonymous, world, settings
):
    body = anonymous.get("/api/v1/stats/escalations", {"lang": "en"}).json()
    assert [(c["key"], c["count"]) for c in body["outcomes"]][:4] == [
        ("restored", 1),
        ("account_secured", 1),
        ("refused", 1),
        ("open", 1),
    ]
    assert {c["count"] for c in body["outcomes"][4:]} == {None}  # F's no answer among them
    assert [(row["label"], row["escalated"]) for row in body["by_platform"]] == [
        ("Facebook", 2),
        ("Instagram", 1),
        ("X (Twitter)", 1),
    ]
    total = body["total"]
    # 1 restored (A) of 2 with a final outcome (A, D; F rounded down): shown, but a rate of
    # fewer than 5 cases is withheld; so are the times of 3 answered published cases.
    assert (total["escalated"], total["restored"], total["with_final_outcome"]) == (4, 1, 2)
    assert (total["recovery_rate"], total["recovery_withheld"]) == (None, True)
    assert (total["median_days"], total["times_withheld"]) == (None, True)
    # With k = 3 the times are given: those of the three published answered cases (A 10,
    # D 4, B 2 days; F, unpublished, was never answered).
    settings.OBSERVATORY_MIN_CELL = 3
    total = anonymous.get("/api/v1/stats/escalations", {"lang": "en"}).json()["total"]
    assert (total["median_days"], total["p90_days"], total["times_withheld"]) == (4, 10, False)
