"""The only writers of ``SubscriberEvent``: an address joining or leaving the active list.

Both take the subscriber row locked (``select_for_update``) inside the caller's transaction
and write an event only when the active state really changes, so that for each subscriber
the events alternate (confirmed, left, confirmed ...) and the counts in docs/statistics.md
hold.
"""

from __future__ import annotations

import datetime as dt

from marsad.newsletter.choices import SubscriberEventKind, SubscriberStatus
from marsad.newsletter.models import Subscriber, SubscriberEvent

LEAVING = {
    SubscriberStatus.UNSUBSCRIBED: SubscriberEventKind.UNSUBSCRIBED,
    SubscriberStatus.BOUNCED: SubscriberEventKind.BOUNCED,
}


def subscriber_join(*, subscriber: Subscriber, at: dt.datetime) -> bool:
    """Make a pending subscriber active. False if it was not pending."""
    if subscriber.status != SubscriberStatus.PENDING:
        return False
    subscriber.status = SubscriberStatus.ACTIVE
    subscriber.confirmed_at = at
    subscriber.left_at = None
    subscriber.save(update_fields=["status", "confirmed_at", "left_at"])
    SubscriberEvent.objects.create(
        subscriber_ref=subscriber.pk, kind=SubscriberEventKind.CONFIRMED, at=at
    )
    return True


def subscriber_leave(*, subscriber: Subscriber, status: SubscriberStatus, at: dt.datetime) -> bool:
    """Take a pending or active subscriber off the list (unsubscribed or bounced); the
    confirmation nonce goes, so no earlier confirmation email can bring it back. False when
    it had already left."""
    if subscriber.status not in (SubscriberStatus.PENDING, SubscriberStatus.ACTIVE):
        return False
    was_active = subscriber.status == SubscriberStatus.ACTIVE
    subscriber.status = status
    subscriber.left_at = at
    subscriber.confirm_nonce = ""
    subscriber.save(update_fields=["status", "left_at", "confirm_nonce"])
    if was_active:
        SubscriberEvent.objects.create(subscriber_ref=subscriber.pk, kind=LEAVING[status], at=at)
    return True


def subscriber_erased(*, subscriber: Subscriber, at: dt.datetime) -> None:
    """Record that an active subscriber is being erased (before the row is deleted)."""
    if subscriber.status == SubscriberStatus.ACTIVE:
        SubscriberEvent.objects.create(
            subscriber_ref=subscriber.pk, kind=SubscriberEventKind.ERASED, at=at
        )
