"""The demo publishes a share of its documented violations, with summaries in three
languages, and they are searchable."""

import datetime as dt

import pytest

from marsad.demo.seeding import seed_demo
from marsad.observatory.models import SearchText
from marsad.observatory.selectors import published_violations

pytestmark = pytest.mark.django_db


def test_demo_violations_are_published_and_searchable(anonymous):
    seed_demo(year=2024, violations=120, today=dt.date(2026, 11, 25))
    published = published_violations().count()
    assert published > 10
    assert SearchText.objects.count() == published
    assert all(
        sorted(v.summaries.values_list("language_code", flat=True)) == ["ar", "en", "he"]
        for v in published_violations()[:10]
    )
    found = anonymous.get("/api/v1/violations", {"q": "صحفي"}).json()["count"]
    assert 0 < found < published
