"""Writes for the newsletter: the list (subscribe, confirm, preferences, unsubscribe, bounces,
erasure) and mailings (write, draft an announcement, queue, cancel, resume).

The subscribe form never says whether an address is on the list: every request gets the same
answer, and what differs (a confirmation email, or a notice that the address is already
subscribed) happens in a background task, by email, to the address itself.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from marsad.accounts.models import User
from marsad.core.dbsettings import erasure_checkpoint_on_commit
from marsad.core.ratelimit import hit
from marsad.newsletter import events, sending, tasks, tokens
from marsad.newsletter.addresses import address_hash, address_normalise
from marsad.newsletter.choices import (
    AccessAction,
    DeliveryStatus,
    MailingStatus,
    SubscriberStatus,
)
from marsad.newsletter.errors import (
    InvalidAddress,
    MailingIncomplete,
    MailingNotEditable,
    MailingTransitionNotAllowed,
)
from marsad.newsletter.models import Delivery, Mailing, Subscriber, SubscriberAccessLog

# Emails one address can be sent in a day by subscribe requests (confirmation or notice),
# however often it is typed into the form.
NOTICES_PER_ADDRESS_PER_DAY = 3
# Addresses that left the list (unsubscribed, bounced) are deleted after this many days.
KEEP_LEFT_DAYS = 90


# --- The list ---------------------------------------------------------------------------------


@transaction.atomic
def subscriber_request(*, email: str, language: str) -> None:
    """Someone asked to subscribe ``email``. A new address, one waiting for confirmation or
    one that left the list gets a confirmation email (it joins only when the link is used);
    an address already on the list gets a notice with its preferences link instead."""
    address = address_normalise(email)
    digest = address_hash(address)
    now = timezone.now()
    subscriber = Subscriber.objects.select_for_update().filter(email_hash=digest).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=address,
                    email_hash=digest,
                    language=language,
                    key=tokens.new_key(),
                    confirm_nonce=tokens.new_key(),
                    requested_at=now,
                )
        except IntegrityError:  # the same address, at the same moment
            subscriber = Subscriber.objects.select_for_update().get(email_hash=digest)
    if subscriber.status == SubscriberStatus.ACTIVE:
        notice = tasks.ALREADY
    else:
        if subscriber.status != SubscriberStatus.PENDING or not subscriber.confirm_nonce:
            subscriber.confirm_nonce = tokens.new_key()
        subscriber.status = SubscriberStatus.PENDING
        subscriber.language = language
        subscriber.requested_at = now
        subscriber.save(update_fields=["status", "language", "requested_at", "confirm_nonce"])
        notice = tasks.CONFIRM
    if hit("newsletter-address", digest, window_seconds=86400) <= NOTICES_PER_ADDRESS_PER_DAY:
        pk = subscriber.pk
        transaction.on_commit(lambda: tasks.send_subscriber_notice.enqueue(pk, notice))


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber | None:
    """Use a confirmation link: the subscriber joins the list (again a no-op when it already
    did with this link). None for a link that is forged, expired, or from an earlier request."""
    found = tokens.confirmation(token)
    if found is None:
        return None
    subscriber = Subscriber.objects.select_for_update().filter(key=found.key).first()
    if subscriber is None or not subscriber.confirm_nonce:
        return None
    if not hmac.compare_digest(subscriber.confirm_nonce, found.nonce):
        return None
    if subscriber.status == SubscriberStatus.ACTIVE:
        return subscriber
    return subscriber if events.subscriber_join(subscriber=subscriber, at=timezone.now()) else None


@transaction.atomic
def subscriber_set_language(*, subscriber: Subscriber, language: str) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).update(language=language)
    subscriber.language = language


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> None:
    """Take the subscriber off the list (idempotent). Mailings being sent skip it."""
    locked = Subscriber.objects.select_for_update().filter(pk=subscriber.pk).first()
    if locked is not None:
        events.subscriber_leave(
            subscriber=locked, status=SubscriberStatus.UNSUBSCRIBED, at=timezone.now()
        )
        subscriber.status = locked.status


@dataclass(frozen=True)
class BounceResult:
    marked: int
    unknown: int


@transaction.atomic
def subscribers_record_bounces(
    *, addresses: Iterable[str], user: User | None = None
) -> BounceResult:
    """Addresses a mail provider reported as bouncing (a bounce report pasted by staff, or
    ``marsad newsletter bounced``): they leave the list. ``unknown`` counts the addresses that
    were not on it (never subscribed, or already gone). Each address found is a look-up by
    address, in that subscriber's access log with who did it (``None``: the command line)."""
    marked = unknown = 0
    now = timezone.now()
    for raw in addresses:
        if not raw.strip():
            continue
        try:
            digest = address_hash(address_normalise(raw))
        except InvalidAddress:
            unknown += 1
            continue
        subscriber = Subscriber.objects.select_for_update().filter(email_hash=digest).first()
        if subscriber is not None:
            SubscriberAccessLog.objects.create(
                subscriber=subscriber,
                subscriber_ref=subscriber.pk,
                user=user,
                action=AccessAction.BOUNCE,
                reason="bounce report",
            )
        if subscriber is None:
            unknown += 1
        elif events.subscriber_leave(
            subscriber=subscriber, status=SubscriberStatus.BOUNCED, at=now
        ):
            marked += 1
        else:
            unknown += 1  # already off the list
    return BounceResult(marked=marked, unknown=unknown)


@transaction.atomic
def subscriber_erase(*, subscriber: Subscriber, user: User | None, reason: str) -> None:
    """Delete everything about a subscriber, on their request. What stays has no address in
    it: the count of deliveries per mailing, and the bare numbers of the subscriber events."""
    locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    SubscriberAccessLog.objects.create(
        subscriber=None,
        subscriber_ref=locked.pk,
        user=user,
        action=AccessAction.ERASE,
        reason=reason[:300],
    )
    events.subscriber_erased(subscriber=locked, at=timezone.now())
    locked.delete()
    erasure_checkpoint_on_commit()


@transaction.atomic
def subscribers_purge(*, now: dt.datetime | None = None) -> int:
    """Delete unconfirmed requests older than the confirmation links, and addresses that left
    the list more than ``KEEP_LEFT_DAYS`` ago. Returns how many were deleted."""
    now = now or timezone.now()
    unconfirmed = Q(status=SubscriberStatus.PENDING) & Q(
        requested_at__lt=now - dt.timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
    )
    left = Q(status__in=[SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED]) & Q(
        left_at__lt=now - dt.timedelta(days=KEEP_LEFT_DAYS)
    )
    _total, rows = Subscriber.objects.filter(unconfirmed | left).delete()
    return int(rows.get(Subscriber._meta.label, 0))


def subscribers_reencrypt(*, batch_size: int = 500) -> int:
    """Re-encrypt every subscriber address with the newest key (``marsad rotate-keys``)."""
    rewritten = last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                Subscriber.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "email")[:batch_size]
            )
            if not rows:
                return rewritten
            # Saving writes each decrypted value again, now under the newest key.
            Subscriber.objects.bulk_update(rows, ["email"])
            rewritten += len(rows)
            last_pk = rows[-1].pk


# --- Mailings ---------------------------------------------------------------------------------

type Texts = dict[str, tuple[str, str]]


def _set_texts(mailing: Mailing, texts: Texts) -> None:
    """Language versions: (subject, body) per language; an empty pair removes that version."""
    for language, (subject, body) in texts.items():
        if subject.strip() and body.strip():
            mailing.set_current_language(language)
            mailing.subject = subject.strip()
            mailing.body = body.strip()
        elif mailing.pk and mailing.has_translation(language):
            mailing.delete_translation(language)
    mailing.set_current_language(settings.LANGUAGE_CODE)


@transaction.atomic
def mailing_create(*, texts: Texts, actor: User | None, origin: str | None = None) -> Mailing:
    mailing = Mailing(created_by=actor, origin=origin)
    mailing.save()
    _set_texts(mailing, texts)
    mailing.save()
    return mailing


@transaction.atomic
def mailing_update(*, mailing: Mailing, texts: Texts) -> Mailing:
    locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if locked.status != MailingStatus.DRAFT:
        raise MailingNotEditable
    _set_texts(mailing, texts)
    mailing.save()
    return mailing


@transaction.atomic
def mailing_draft_announcement(*, origin: str, texts: Texts) -> tuple[Mailing, bool]:
    """A draft announcing something (a publication ...), once per ``origin``: a second call
    returns the first draft as staff left it. Returns the mailing and whether it is new."""
    existing = Mailing.objects.filter(origin=origin).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return mailing_create(texts=texts, actor=None, origin=origin), True
    except IntegrityError:
        return Mailing.objects.get(origin=origin), False


@transaction.atomic
def mailing_queue(*, mailing: Mailing, actor: User) -> None:
    """Send a draft to everyone on the list, in the background."""
    if not sending.texts_of(mailing):
        raise MailingIncomplete
    queued = Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.DRAFT).update(
        status=MailingStatus.QUEUED, queued_by=actor, queued_at=timezone.now()
    )
    if not queued:
        raise MailingTransitionNotAllowed
    pk = mailing.pk
    transaction.on_commit(lambda: tasks.send_mailing_batch.enqueue(pk))


@transaction.atomic
def mailing_cancel(*, mailing: Mailing) -> int:
    """Stop a queued or sending mailing; deliveries not yet attempted are skipped. Messages
    already handed to the mail server cannot be called back. Returns the skipped count."""
    cancelled = Mailing.objects.filter(
        pk=mailing.pk, status__in=[MailingStatus.QUEUED, MailingStatus.SENDING]
    ).update(status=MailingStatus.CANCELLED, finished_at=timezone.now(), worker="")
    if not cancelled:
        raise MailingTransitionNotAllowed
    return Delivery.objects.filter(
        mailing=mailing, status__in=[DeliveryStatus.PENDING, DeliveryStatus.CLAIMED]
    ).update(status=DeliveryStatus.SKIPPED, claim="")


def mailings_resume_interrupted(*, mailing: Mailing | None = None) -> int:
    """Resume mailings whose worker is gone (``sending.worker_gone``): see
    ``sending.mailing_release_interrupted``. Run when a worker starts (``marsad worker``), by
    ``marsad newsletter resume`` and from the mailing's staff page. Returns how many resumed."""
    now = timezone.now()
    candidates = Mailing.objects.filter(status=MailingStatus.SENDING)
    if mailing is not None:
        candidates = candidates.filter(pk=mailing.pk)
    resumed = 0
    for each in candidates:
        if not sending.worker_gone(each, now=now):
            continue
        sending.mailing_release_interrupted(mailing=each)
        tasks.send_mailing_batch.enqueue(each.pk)
        resumed += 1
    return resumed
