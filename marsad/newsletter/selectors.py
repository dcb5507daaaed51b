"""Reads for the newsletter. A read of a subscriber's address by staff is logged here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from marsad.accounts.models import User
from marsad.core.periods import Period
from marsad.newsletter import tokens
from marsad.newsletter.addresses import address_hash, address_normalise
from marsad.newsletter.choices import (
    AccessAction,
    DeliveryStatus,
    SubscriberEventKind,
    SubscriberStatus,
)
from marsad.newsletter.errors import InvalidAddress
from marsad.newsletter.models import (
    Delivery,
    Mailing,
    Subscriber,
    SubscriberAccessLog,
    SubscriberEvent,
)


def subscriber_for_link(token: str) -> Subscriber | None:
    """The subscriber a preferences or unsubscribe link is for."""
    key = tokens.link_key(token)
    return Subscriber.objects.filter(key=key).first() if key else None


def _log(subscriber: Subscriber, user: User | None, action: AccessAction, reason: str) -> None:
    SubscriberAccessLog.objects.create(
        subscriber=subscriber,
        subscriber_ref=subscriber.pk,
        user=user,
        action=action,
        reason=reason[:300],
    )


def subscriber_lookup(*, address: str, user: User | None, reason: str) -> Subscriber | None:
    """The subscriber with this address (for a request about their data); logged."""
    try:
        digest = address_hash(address_normalise(address))
    except InvalidAddress:
        return None
    subscriber = Subscriber.objects.filter(email_hash=digest).first()
    if subscriber is not None:
        _log(subscriber, user, AccessAction.LOOKUP, reason)
    return subscriber


def subscriber_reveal(*, subscriber: Subscriber, user: User | None, reason: str) -> str:
    """The address, for a permitted staff member; logged."""
    _log(subscriber, user, AccessAction.REVEAL, reason)
    return subscriber.email


def subscriber_export(*, subscriber: Subscriber, user: User | None, reason: str) -> dict[str, Any]:
    """Everything stored about a subscriber, for a request to see their data; logged."""
    _log(subscriber, user, AccessAction.EXPORT, reason)
    deliveries = (
        Delivery.objects.filter(subscriber=subscriber)
        .select_related("mailing")
        .prefetch_related("mailing__translations")
        .order_by("pk")
    )
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "status": subscriber.status,
        "asked_to_subscribe": subscriber.requested_at.isoformat(),
        "confirmed": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "left_the_list": subscriber.left_at.isoformat() if subscriber.left_at else None,
        "created": subscriber.created_at.isoformat(),
        "history": [
            {"event": event.kind, "at": event.at.isoformat()}
            for event in SubscriberEvent.objects.filter(subscriber_ref=subscriber.pk)
        ],
        "mailings": [
            {
                "mailing": delivery.mailing_id,
                "subject": str(delivery.mailing),
                "language": delivery.language,
                "status": delivery.status,
                "sent": delivery.sent_at.isoformat() if delivery.sent_at else None,
            }
            for delivery in deliveries
        ],
        "not_stored": "IP addresses, opens and clicks are never recorded.",
    }


def subscriber_access_log(subscriber: Subscriber) -> list[SubscriberAccessLog]:
    return list(
        SubscriberAccessLog.objects.filter(subscriber_ref=subscriber.pk).select_related("user")[:50]
    )


def subscriber_status_counts() -> dict[str, int]:
    rows = dict(Subscriber.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {status.value: rows.get(status.value, 0) for status in SubscriberStatus}


@dataclass(frozen=True)
class SubscriberFigures:
    """On the list at the start and at the end of a period, joined and left within it."""

    at_start: int
    at_end: int
    joined: int
    left: int


def subscribers_in(period: Period) -> SubscriberFigures:
    """docs/statistics.md, "Subscribers": from the join and leave events, so a figure for a
    past period stays what it was when people later leave or are erased."""
    start, end = period.moments()
    joined = Q(kind=SubscriberEventKind.CONFIRMED)
    left = ~joined
    figures = SubscriberEvent.objects.aggregate(
        joined_before=Count("id", filter=joined & Q(at__lt=start)),
        left_before=Count("id", filter=left & Q(at__lt=start)),
        joined=Count("id", filter=joined & Q(at__gte=start, at__lt=end)),
        left=Count("id", filter=left & Q(at__gte=start, at__lt=end)),
    )
    at_start = figures["joined_before"] - figures["left_before"]
    return SubscriberFigures(
        at_start=at_start,
        at_end=at_start + figures["joined"] - figures["left"],
        joined=figures["joined"],
        left=figures["left"],
    )


def mailings_list() -> Any:
    return (
        Mailing.objects.prefetch_related("translations")
        .annotate(
            recipients=Count("deliveries"),
            sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Progress:
    total: int
    by_status: dict[str, int]

    @property
    def done(self) -> int:
        return self.total - sum(
            self.by_status[s]
            for s in (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED, DeliveryStatus.SENDING)
        )

    def rows(self) -> list[tuple[str, int]]:
        """(label, count) for each status some recipients are in."""
        return [(str(DeliveryStatus(s).label), n) for s, n in self.by_status.items() if n]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def mailing_progress(mailing: Mailing) -> Progress:
    """Deliveries of a mailing per status, in one query."""
    rows = dict(
        Delivery.objects.filter(mailing=mailing)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_status = {status.value: rows.get(status.value, 0) for status in DeliveryStatus}
    return Progress(total=sum(by_status.values()), by_status=by_status)


def mailing_problems(mailing: Mailing, *, limit: int = 100) -> list[Delivery]:
    """Deliveries that did not go out (failed, bounced, interrupted), for the staff page."""
    return list(
        Delivery.objects.filter(
            mailing=mailing,
            status__in=[DeliveryStatus.FAILED, DeliveryStatus.BOUNCED, DeliveryStatus.UNKNOWN],
        ).order_by("pk")[:limit]
    )
