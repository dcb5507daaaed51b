"""Subscribers and mailings for the tests, made through the same code the site uses."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from marsad.newsletter import events, services, tokens
from marsad.newsletter.addresses import address_hash, address_normalise
from marsad.newsletter.choices import SubscriberStatus
from marsad.newsletter.models import Mailing, Subscriber


def subscriber(
    address: str,
    *,
    language: str = "ar",
    status: SubscriberStatus = SubscriberStatus.ACTIVE,
    at: dt.datetime | None = None,
) -> Subscriber:
    at = at or timezone.now()
    normalised = address_normalise(address)
    made = Subscriber.objects.create(
        email=normalised,
        email_hash=address_hash(normalised),
        language=language,
        key=tokens.new_key(),
        confirm_nonce=tokens.new_key(),
        requested_at=at,
    )
    if status == SubscriberStatus.ACTIVE:
        events.subscriber_join(subscriber=made, at=at)
    elif status != SubscriberStatus.PENDING:
        events.subscriber_leave(subscriber=made, status=status, at=at)
    return made


def mailing(**texts: tuple[str, str]) -> Mailing:
    """``mailing(ar=("عنوان", "نص"), en=("Subject", "Text"))``"""
    return services.mailing_create(
        texts=texts or {"ar": ("نشرة", "مرحبا"), "en": ("News", "Hello")}, actor=None
    )


def links(made: Subscriber) -> dict[str, str]:
    token = tokens.link_token(made.key)
    return {
        "preferences": f"/{made.language}/newsletter/preferences/{token}/",
        "unsubscribe": f"/{made.language}/newsletter/unsubscribe/{token}/",
    }
