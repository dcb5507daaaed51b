"""The subscriber counts for a period equal what was counted by hand (docs/statistics.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from marsad.core.periods import Period
from marsad.newsletter import events, services
from marsad.newsletter.choices import SubscriberStatus
from marsad.newsletter.models import Subscriber
from marsad.newsletter.selectors import SubscriberFigures, subscribers_in
from marsad.newsletter.tests import factories

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Jerusalem")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def join(address: str, when: dt.datetime) -> Subscriber:
    return factories.subscriber(address, at=when)


def leave(subscriber: Subscriber, status: SubscriberStatus, when: dt.datetime) -> None:
    subscriber.refresh_from_db()
    events.subscriber_leave(subscriber=subscriber, status=status, at=when)


def rejoin(subscriber: Subscriber, when: dt.datetime) -> None:
    subscriber.refresh_from_db()
    subscriber.status = SubscriberStatus.PENDING
    subscriber.save()
    events.subscriber_join(subscriber=subscriber, at=when)


def test_subscribers_in_2022_match_the_hand_count(settings):
    settings.TIME_ZONE = "Asia/Jerusalem"
    a = join("a@example.org", at(2021, 12, 15))
    leave(a, SubscriberStatus.UNSUBSCRIBED, at(2022, 3, 1))
    join("b@example.org", at(2022, 2, 1))
    c = join("c@example.org", at(2022, 5, 1))
    leave(c, SubscriberStatus.UNSUBSCRIBED, at(2022, 6, 1))
    rejoin(c, at(2022, 8, 1))
    join("d@example.org", at(2022, 12, 31, 23, 30))  # still 2022 in Jerusalem
    join("e@example.org", at(2023, 1, 1, 0, 30))  # already 2023 there (22:30 UTC)
    f = join("f@example.org", at(2021, 6, 1))
    g = join("g@example.org", at(2022, 4, 1))
    leave(g, SubscriberStatus.BOUNCED, at(2022, 4, 20))
    factories.subscriber("pending@example.org", status=SubscriberStatus.PENDING)
    # Erased later: the past stays as it was.
    services.subscriber_erase(subscriber=f, user=None, reason="request")

    # By hand: on 2022-01-01 a and f (2); joined b, c, c again, d, g (5); left a, c, g (3);
    # on 2023-01-01 b, c, d, f (4).
    assert subscribers_in(Period.year(2022)) == SubscriberFigures(
        at_start=2, at_end=4, joined=5, left=3
    )
    # The first quarter: a and f at the start; b joined; a left on 1 March.
    assert subscribers_in(Period.quarter(2022, 1)) == SubscriberFigures(
        at_start=2, at_end=2, joined=1, left=1
    )
    # 2023: e joined. f was erased today, which no past figure sees ...
    assert subscribers_in(Period.year(2023)) == SubscriberFigures(
        at_start=4, at_end=5, joined=1, left=0
    )
    # ... but a period up to today does.
    since_2023 = Period(dt.date(2023, 1, 1), timezone.localdate() + dt.timedelta(days=1))
    assert subscribers_in(since_2023) == SubscriberFigures(at_start=4, at_end=4, joined=1, left=1)
