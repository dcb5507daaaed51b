"""A search with filters reads the search index's copies of each violation's terms and
documented day (``SearchText``): the copies follow every change of the violation, and a
filtered search finds exactly the violations the filters' own conditions find."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from marsad.cases import services
from marsad.observatory.filters import search_words
from marsad.observatory.models import INDEXED_TERMS, SearchText
from marsad.observatory.selectors import published_violations
from marsad.observatory.tests.world import build_world, document
from marsad.taxonomy.models import Platform, Region

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Jerusalem")


@pytest.fixture
def world():
    world = build_world()
    # Either side of local midnight at the start of 1 April 2024 (UTC+3 then): both on the
    # UTC day 31 March, so only the exact time on the violation tells them apart.
    document(
        world,
        key="G",
        summaries={"ar": "حذف منشور عن جنين قبل منتصف الليل."},
        documented=dt.datetime(2024, 3, 31, 23, 30, tzinfo=LOCAL),
        region="gaza-strip",
    )
    document(
        world,
        key="H",
        summaries={"ar": "حذف منشور عن جنين بعد منتصف الليل."},
        documented=dt.datetime(2024, 4, 1, 0, 30, tzinfo=LOCAL),
        platform="instagram",
    )
    return world


def found(client, world, **params) -> str:
    response = client.get("/api/v1/violations", {**params, "limit": 100})
    assert response.status_code == 200, response.content
    by_pk = {v.pk: key for key, v in world.cases.items()}
    return "".join(sorted(by_pk[item["id"]] for item in response.json()["items"]))


def test_each_published_violation_has_a_copy_of_its_terms_and_its_utc_day(world):
    rows = {row.violation_id: row for row in SearchText.objects.all()}
    published = list(published_violations())
    assert sorted(rows) == sorted(v.pk for v in published)
    for violation in published:
        row = rows[violation.pk]
        for name in INDEXED_TERMS:
            assert getattr(row, f"{name}_id") == getattr(violation, f"{name}_id"), name
        assert row.documented_on == violation.documented_at.astimezone(dt.UTC).date()
    assert rows[world.cases["H"].pk].documented_on == dt.date(2024, 3, 31)


def test_reclassifying_moves_a_violation_between_filtered_searches(anonymous, world):
    assert found(anonymous, world, q="منصة", platform="facebook") == "A"
    assert found(anonymous, world, q="منصة", platform="instagram") == ""
    services.violation_classify(
        violation=world.cases["A"],
        actor=world.staff,
        changes={
            "platform": Platform.objects.get(slug="instagram"),
            "region": Region.objects.get(slug="west-bank"),
        },
    )
    assert found(anonymous, world, q="منصة", platform="facebook") == ""
    assert found(anonymous, world, q="منصة", platform="instagram") == "A"
    assert found(anonymous, world, q="منصة", region="gaza-strip") == ""
    assert found(anonymous, world, q="منصة", region="west-bank") == "AC"


def test_a_search_by_dates_keeps_the_local_day_at_midnight(anonymous, world):
    assert found(anonymous, world, q="جنين") == "GH"
    assert found(anonymous, world, q="جنين", **{"from": "2024-04-01"}) == "H"
    assert found(anonymous, world, q="جنين", to="2024-03-31") == "G"
    assert found(anonymous, world, q="جنين", **{"from": "2024-03-31", "to": "2024-03-31"}) == "G"
    assert found(anonymous, world, q="جنين", **{"from": "2024-04-01", "to": "2024-04-01"}) == "H"
    assert found(anonymous, world, q="جنين", **{"from": "2024-04-02"}) == ""


def test_withdrawing_and_publishing_again_brings_back_the_copies(anonymous, world):
    violation = world.cases["H"]
    services.violation_set_published(violation=violation, actor=world.staff, published=False)
    assert not SearchText.objects.filter(violation=violation).exists()
    assert found(anonymous, world, q="جنين", platform="instagram") == ""
    services.violation_set_published(violation=violation, actor=world.staff, published=True)
    assert SearchText.objects.get(violation=violation).platform_id == violation.platform_id
    assert found(anonymous, world, q="جنين", platform="instagram") == "H"


FILTER_SETS = [
    {"q": "على", "platform": "instagram"},
    {"q": "على", "region": "west-bank"},
    {"q": "على", "violation_type": "hacking"},
    {"q": "עזה", "victim_type": "journalist"},
    {"q": "facebook", "perpetrator_type": "social-media-company"},
    {"q": "facebook", "crisis_period": "october-2023"},
    {"q": "حذف", "from": "2024-03-31", "to": "2024-04-01"},
    {"q": "على", "from": "2024-02-01", "to": "2024-02-29", "region": "west-bank"},
    {"q": "صحفي", "platform": "instagram", "victim_type": "journalist"},
    {"q": "ـــ", "platform": "facebook"},  # tatweel only: no word, the filters alone
]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_a_filtered_search_finds_what_the_filters_own_conditions_find(anonymous, world, params):
    """The expected set is worked out without the index's copies: the words on the search
    text and each filter on the violation's own columns."""
    expected = published_violations()
    for word in search_words(params["q"]):
        expected = expected.filter(search_text__text__contains=word)
    for name in INDEXED_TERMS:
        if name in params:
            expected = expected.filter(**{f"{name}__slug": params[name]})
    if "from" in params:
        start = dt.datetime.fromisoformat(params["from"]).replace(tzinfo=LOCAL)
        expected = expected.filter(documented_at__gte=start)
    if "to" in params:
        end = dt.datetime.fromisoformat(params["to"]).replace(tzinfo=LOCAL)
        expected = expected.filter(documented_at__lt=end + dt.timedelta(days=1))
    by_pk = {v.pk: key for key, v in world.cases.items()}
    want = "".join(sorted(by_pk[pk] for pk in expected.values_list("pk", flat=True)))
    assert want  # every set finds something ...
    assert found(anonymous, world, **params) == want
    assert published_violations().count() > len(want)  # ... and leaves something out
