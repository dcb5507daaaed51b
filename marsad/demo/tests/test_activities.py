"""The demo's organisational year 2022 is the one of 7amleh's annual report, as the counters
(docs/statistics.md) count it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from marsad.activities import selectors
from marsad.activities.models import Campaign, Event, Milestone
from marsad.core.periods import Period
from marsad.demo.seeding import seed_demo
from marsad.newsletter.addresses import address_hash
from marsad.newsletter.models import Subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2022():
    return seed_demo(year=2022, violations=50, today=dt.date(2026, 11, 25))


def test_the_2022_record(year_2022):
    figures = selectors.activity_figures(Period.year(2022))
    assert figures.publications_total == 13
    assert figures.publications == {
        "research": 5,
        "position_paper": 2,
        "legal_analysis": 1,
        "guide": 1,
        "survey_results": 2,
        "quarterly_report": 2,
        "annual_report": 0,
        "other": 0,
    }
    assert figures.trainees.total == 3124
    assert figures.trainees.women > figures.trainees.men > 0
    assert figures.organisations_trained == 54
    assert figures.organisations_assessed == 12
    forum = Event.objects.get(kind="forum")
    assert forum.edition == 6
    assert str(forum) == "منتدى فلسطين للنشاط الرقمي 2022"
    assert figures.events.attendees > 150
    targets = set(Campaign.objects.values_list("targets__slug", flat=True))
    assert {"meta", "paypal", "un-human-rights-council", "european-parliament"} <= targets
    assert figures.campaigns["eu_session"] == 2
    assert [m.kind for m in figures.milestones] == ["membership", "status"]
    assert Milestone.objects.count() == 2
    assert figures.media_mentions_total == 30
    assert figures.communications.followers_total > 0
    assert figures.subscribers.at_start == 0
    assert figures.subscribers.joined == 120
    assert figures.subscribers.at_end == 120 - figures.subscribers.left


def test_the_demo_is_deterministic_and_encrypts_addresses(year_2022):
    first = sorted(selectors.trainings_in(Period.year(2022)).values_list("women", "men"))
    assert Subscriber.objects.filter(email_hash=address_hash("reader0000@example.org")).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM newsletter_subscriber LIMIT 1")
        assert cursor.fetchone()[0].startswith("gAAAA")
    assert len(first) > 20
