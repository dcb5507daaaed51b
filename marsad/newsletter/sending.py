"""Sending a mailing: batches of deliveries, one status per recipient, retries, bounces, and
resuming after a worker stopped, without anyone getting a second copy.

A delivery moves ``pending → claimed → sending → sent`` (or ``failed``, ``bounced``,
``skipped``). Every step is a conditional ``UPDATE … WHERE status = <old>`` committed on its
own, so two workers never send the same delivery, and the moment just before a message is
handed to the mail server is on record:

- a batch claims up to ``NEWSLETTER_BATCH_SIZE`` pending deliveries at once (``claimed``);
- each is marked ``sending`` just before its SMTP transaction and ``sent`` right after the
  server accepted it;
- when a worker dies (``kill -9``, a lost machine), its ``claimed`` deliveries go back to
  ``pending`` and the one it was handing over, if any, becomes ``unknown``: it may or may not
  have arrived, and it is not sent again. Everything else resumes where it stopped.

Temporary refusals (4xx, the server unreachable) are retried after ``NEWSLETTER_RETRY_MINUTES``
(×4 each time) up to ``NEWSLETTER_MAX_ATTEMPTS``; a permanent refusal of the address (5xx at
RCPT) marks the delivery and the subscriber ``bounced``.

Used by the task (``tasks.send_mailing_batch``) and ``services.mailings_resume_interrupted``;
this module enqueues nothing itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import secrets
import smtplib
import socket
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Min, Q
from django.utils import timezone

from marsad.newsletter import events, mail
from marsad.newsletter.choices import (
    OPEN_DELIVERY,
    DeliveryStatus,
    MailingStatus,
    SubscriberStatus,
)
from marsad.newsletter.models import Delivery, Mailing, Subscriber

logger = logging.getLogger(__name__)

# Seconds between two heartbeats of a sending worker (each also checks for a cancellation).
HEARTBEAT_SECONDS = 5
INTERRUPTED = (
    "The worker stopped while handing this message to the mail server: it is not sent again, "
    "so that nobody gets it twice."
)
UNUSABLE_ADDRESS = "The address cannot be put on an envelope."
# Anything shaped like an email address, with the brackets servers put around it.
_ADDRESS = re.compile(r"<?[^\s<>@\"',;:()\[\]]+@[^\s<>@\"',;:()\[\]]+>?")


def without_addresses(text: str, *addresses: str) -> str:
    """A mail server's answer (or an error's text) with every email address in it replaced
    by ``<address>``: servers quote the recipient (``550 5.1.1 <someone@example.org>: User
    unknown``), and what is kept of an answer is shown to analysts, who never see who
    subscribes, and stays after a subscriber is erased. ``addresses`` are replaced first,
    whatever their form (a quoted local part is not caught by the pattern)."""
    for address in addresses:
        if address:
            text = re.sub(re.escape(address), "<address>", text, flags=re.IGNORECASE)
    return _ADDRESS.sub("<address>", text).replace("<<address>>", "<address>")


def worker_id() -> str:
    """This process, as ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_gone(mailing: Mailing, *, now: dt.datetime) -> bool:
    """Whether the worker sending ``mailing`` is gone: a process of this machine that no
    longer exists, or any worker silent for longer than ``NEWSLETTER_LEASE_SECONDS``."""
    host, _colon, pid = mailing.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # it exists (another user's process)
    lease = dt.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS)
    return mailing.heartbeat_at is None or mailing.heartbeat_at < now - lease


@dataclass(frozen=True)
class BatchOutcome:
    """What the task does next: nothing, another batch now, or another batch at a time."""

    more: bool
    retry_at: dt.datetime | None = None


def texts_of(mailing: Mailing) -> dict[str, mail.MailingText]:
    """The mailing's complete language versions."""
    texts = {}
    for translation in mailing.translations.all():
        if translation.subject and translation.body:
            texts[translation.language_code] = mail.MailingText(
                translation.language_code, translation.subject, translation.body
            )
    return texts


def text_for(texts: dict[str, mail.MailingText], language: str) -> mail.MailingText:
    """The version in ``language``, else Arabic, else English, else any."""
    for code in (language, settings.LANGUAGE_CODE, "en"):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()))


def mailing_prepare(*, mailing_id: int, now: dt.datetime) -> bool:
    """Snapshot the list into deliveries the first time (queued → sending); True while the
    mailing is sending. Safe to run twice: deliveries are unique per subscriber."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
        if mailing is None:
            return False
        if mailing.status != MailingStatus.QUEUED:
            return mailing.status == MailingStatus.SENDING
        audience = Subscriber.objects.filter(status=SubscriberStatus.ACTIVE).values_list(
            "pk", "language"
        )
        Delivery.objects.bulk_create(
            (
                Delivery(mailing_id=mailing_id, subscriber_id=pk, language=language)
                for pk, language in audience.iterator(chunk_size=2000)
            ),
            batch_size=1000,
            ignore_conflicts=True,
        )
        mailing.status = MailingStatus.SENDING
        mailing.started_at = now
        mailing.worker = worker_id()
        mailing.heartbeat_at = now
        mailing.save(update_fields=["status", "started_at", "worker", "heartbeat_at"])
    return True


def _step(delivery_id: int, batch: str, old: str, **changes: object) -> bool:
    """Move one delivery on, only if it is still where this batch left it."""
    return bool(Delivery.objects.filter(pk=delivery_id, claim=batch, status=old).update(**changes))


def _retry_at(attempts: int, now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=settings.NEWSLETTER_RETRY_MINUTES * 4 ** (attempts - 1))


def _temporary(delivery: Delivery, claim: str, error: str, now: dt.datetime) -> None:
    attempts = delivery.attempts + 1  # this attempt was counted when it started
    if attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        _step(
            delivery.pk,
            claim,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.FAILED,
            claim="",
            last_error=error[:500],
        )
    else:
        _step(
            delivery.pk,
            claim,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.PENDING,
            claim="",
            not_before=_retry_at(attempts, now),
            last_error=error[:500],
        )


def _bounce(delivery: Delivery, claim: str, error: str, now: dt.datetime) -> None:
    with transaction.atomic():
        _step(
            delivery.pk,
            claim,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.BOUNCED,
            claim="",
            last_error=error[:500],
        )
        found = (
            Subscriber.objects.select_for_update().filter(pk=delivery.subscriber_id).first()
            if delivery.subscriber_id is not None
            else None
        )
        if found is not None:
            events.subscriber_leave(subscriber=found, status=SubscriberStatus.BOUNCED, at=now)


class _ServerUnavailable(Exception):
    """The mail server cannot be reached or refuses our sender: stop the batch, retry later."""


def _deliver(
    connection: object,
    delivery: Delivery,
    claim: str,
    texts: dict[str, mail.MailingText],
) -> None:
    subscriber = delivery.subscriber
    if subscriber is None or subscriber.status != SubscriberStatus.ACTIVE:
        _step(delivery.pk, claim, DeliveryStatus.CLAIMED, status=DeliveryStatus.SKIPPED, claim="")
        return
    message = mail.mailing_message(
        text=text_for(texts, delivery.language),
        subscriber=subscriber,
        mailing_id=delivery.mailing_id,
        delivery_id=delivery.pk,
    )
    if not _step(
        delivery.pk,
        claim,
        DeliveryStatus.CLAIMED,
        status=DeliveryStatus.SENDING,
        attempts=F("attempts") + 1,
    ):
        return  # released meanwhile (the mailing was cancelled or resumed elsewhere)
    now = timezone.now()
    address = subscriber.email
    try:
        connection.send_messages([message])  # type: ignore[attr-defined]
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()), (450, b""))
        error = without_addresses(f"{code} {_text(text)}", address)
        if 500 <= code < 600:
            _bounce(delivery, claim, error, now)
        else:
            _temporary(delivery, claim, error, now)
    except smtplib.SMTPDataError as exc:
        error = without_addresses(f"{exc.smtp_code} {_text(exc.smtp_error)}", address)
        if 500 <= exc.smtp_code < 600:  # the message itself was refused: retrying won't help
            _step(
                delivery.pk,
                claim,
                DeliveryStatus.SENDING,
                status=DeliveryStatus.FAILED,
                claim="",
                last_error=error[:500],
            )
        else:
            _temporary(delivery, claim, error, now)
    except ValueError:  # an address Django cannot put on the envelope (its text names it)
        _step(
            delivery.pk,
            claim,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.FAILED,
            claim="",
            last_error=UNUSABLE_ADDRESS,
        )
    except (smtplib.SMTPException, OSError) as exc:
        # Our sender refused, the connection lost: retried (with the same Message-ID), and
        # the rest of the batch waits.
        error = without_addresses(f"{type(exc).__name__}: {exc}", address)
        _temporary(delivery, claim, error, now)
        raise _ServerUnavailable(error) from exc
    else:
        _step(
            delivery.pk,
            claim,
            DeliveryStatus.SENDING,
            status=DeliveryStatus.SENT,
            claim="",
            sent_at=now,
            last_error="",
        )


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _release(claim: str, *, not_before: dt.datetime | None) -> int:
    """Put a batch's deliveries not yet attempted back in the queue."""
    return Delivery.objects.filter(claim=claim, status=DeliveryStatus.CLAIMED).update(
        status=DeliveryStatus.PENDING, claim="", not_before=not_before
    )


def _beat(mailing_id: int, me: str, now: dt.datetime) -> bool:
    """Record that this worker is alive; False when the mailing is no longer sending."""
    return bool(
        Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).update(
            worker=me, heartbeat_at=now
        )
    )


def batch_send(*, mailing_id: int) -> BatchOutcome:
    """Send one batch of a queued or sending mailing; say whether more batches are needed."""
    now = timezone.now()
    if not mailing_prepare(mailing_id=mailing_id, now=now):
        return BatchOutcome(more=False)
    me = worker_id()
    if not _beat(mailing_id, me, now):
        return BatchOutcome(more=False)
    mailing = Mailing.objects.prefetch_related("translations").get(pk=mailing_id)
    texts = texts_of(mailing)
    claim = secrets.token_hex(16)
    ready = (
        Delivery.objects.filter(mailing_id=mailing_id, status=DeliveryStatus.PENDING)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[: settings.NEWSLETTER_BATCH_SIZE]
    )
    Delivery.objects.filter(pk__in=list(ready), status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.CLAIMED, claim=claim
    )
    batch = list(
        Delivery.objects.filter(claim=claim, status=DeliveryStatus.CLAIMED)
        .select_related("subscriber")
        .order_by("pk")
    )
    if batch:
        _send(mailing_id, batch, claim, texts, me)
    return _next(mailing_id)


def _send(
    mailing_id: int,
    batch: list[Delivery],
    claim: str,
    texts: dict[str, mail.MailingText],
    me: str,
) -> None:
    connection = mailers.default
    last_beat = time.monotonic()
    try:
        connection.open()
        for delivery in batch:
            if time.monotonic() - last_beat > HEARTBEAT_SECONDS:
                last_beat = time.monotonic()
                if not _beat(mailing_id, me, timezone.now()):
                    break  # cancelled: what is left was skipped by the cancellation
            _deliver(connection, delivery, claim, texts)
        error = ""
    except (_ServerUnavailable, smtplib.SMTPException, OSError) as exc:
        error = without_addresses(str(exc))
        logger.warning("mailing %s: mail server unavailable: %s", mailing_id, error)
    finally:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.close()
    now = timezone.now()
    if error:
        retry = now + dt.timedelta(minutes=settings.NEWSLETTER_RETRY_MINUTES)
        _release(claim, not_before=retry)
        Mailing.objects.filter(pk=mailing_id).update(
            last_error=f"{now:%Y-%m-%d %H:%M} {error}"[:2000]
        )
    else:
        _release(claim, not_before=None)  # after a cancellation
    _beat(mailing_id, me, now)


def _next(mailing_id: int) -> BatchOutcome:
    """Finish the mailing when nothing is left; otherwise when to send the next batch."""
    now = timezone.now()
    deliveries = Delivery.objects.filter(mailing_id=mailing_id)
    if not deliveries.filter(status__in=OPEN_DELIVERY).exists():
        Mailing.objects.filter(pk=mailing_id, status=MailingStatus.SENDING).update(
            status=MailingStatus.SENT, finished_at=now, worker="", heartbeat_at=None
        )
        return BatchOutcome(more=False)
    pending = deliveries.filter(status=DeliveryStatus.PENDING)
    if pending.filter(Q(not_before__isnull=True) | Q(not_before__lte=now)).exists():
        return BatchOutcome(more=True)
    later = pending.aggregate(at=Min("not_before"))["at"]
    # Only deliveries another worker holds: that worker finishes the mailing.
    return BatchOutcome(more=later is not None, retry_at=later)


def mailing_release_interrupted(*, mailing: Mailing) -> tuple[int, int]:
    """After its worker died: the deliveries it was handing over become ``unknown`` (never
    sent again) and those it had claimed go back to ``pending``. Returns both counts."""
    with transaction.atomic():
        deliveries = Delivery.objects.filter(mailing=mailing)
        unknown = deliveries.filter(status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.UNKNOWN, claim="", last_error=INTERRUPTED
        )
        released = deliveries.filter(status=DeliveryStatus.CLAIMED).update(
            status=DeliveryStatus.PENDING, claim=""
        )
        Mailing.objects.filter(pk=mailing.pk).update(worker="", heartbeat_at=None)
    return unknown, released
