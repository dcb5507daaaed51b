"""Subscribers (personal data: the address is encrypted at rest), mailings and deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableManager, TranslatableQuerySet
from parler.models import TranslatableModel, TranslatedFields

from marsad.core.fields import EncryptedTextField
from marsad.core.models import TimeStampedModel
from marsad.newsletter.choices import (
    AccessAction,
    DeliveryStatus,
    Language,
    MailingStatus,
    SubscriberEventKind,
    SubscriberStatus,
)


class Subscriber(models.Model):
    """One address on the list. Only ever shown to permitted staff, every read logged
    (``SubscriberAccessLog``); looked up by a keyed hash of the normalised address."""

    email = EncryptedTextField(_("email"))
    email_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubscriberStatus.choices,
        default=SubscriberStatus.PENDING,
        db_index=True,
    )
    # Random, opaque: the links in emails carry it, signed (newsletter/tokens.py).
    key = models.CharField(max_length=32, unique=True, editable=False)
    # The current confirmation link's nonce; a new request after leaving the list makes a new
    # one, so an old confirmation email can never put the address back on the list.
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    requested_at = models.DateTimeField(_("last asked to subscribe"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    left_at = models.DateTimeField(_("left the list"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_subscriber", "Can read, export and erase subscribers' data")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SubscriberStatus.ACTIVE) | Q(confirmed_at__isnull=False),
                name="subscriber_active_was_confirmed",
            )
        ]

    def __str__(self) -> str:
        return f"subscriber #{self.pk}"


class SubscriberEvent(models.Model):
    """A subscriber joining (confirmed) or leaving the active list. Kept when the subscriber
    is erased (``subscriber_ref`` is a bare number then), so past counts stay true.

    For one subscriber the events alternate: confirmed, then one way of leaving, then
    confirmed again ...; the number on the list at a moment is confirmations minus leavings
    before it (docs/statistics.md, "Subscribers")."""

    subscriber_ref = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=20, choices=SubscriberEventKind.choices)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.subscriber_ref}"


class SubscriberAccessLog(models.Model):
    """Who read or removed a subscriber's data, when and why. Append-only."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="access_log"
    )
    subscriber_ref = models.BigIntegerField()
    # Empty for the command line (``marsad newsletter export|erase``).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} of subscriber {self.subscriber_ref}"


class MailingManager(TranslatableManager.from_queryset(TranslatableQuerySet)):  # type: ignore[misc]
    pass


class Mailing(TranslatableModel, TimeStampedModel):
    """A message to the list, written in ar/en/he (translation rows), and its sending job:
    status, who queued it, when it started and ended, the worker sending it and when it last
    reported (a worker silent for ``NEWSLETTER_LEASE_SECONDS`` is taken to be gone)."""

    translations = TranslatedFields(
        subject=models.CharField(_("subject"), max_length=200),
        body=models.TextField(
            _("text"),
            help_text=_("Plain text. Paragraphs are separated by an empty line; links are kept."),
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MailingStatus.choices,
        default=MailingStatus.DRAFT,
        db_index=True,
    )
    # What the mailing was drafted for (e.g. ``publication:12``): drafted once per origin.
    origin = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)

    objects = MailingManager()

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_mailing", "Can send a mailing to the list")]

    def __str__(self) -> str:
        return str(self.safe_translation_getter("subject", any_language=True) or f"#{self.pk}")


class Delivery(models.Model):
    """One recipient of one mailing: its status, attempts and the last error. No address is
    stored here (the subscriber row has it), and no open or click is ever recorded."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    language = models.CharField(max_length=8, choices=Language.choices)
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["mailing", "subscriber"], name="delivery_once")
        ]
        indexes = [
            models.Index(fields=["mailing", "status", "not_before"]),
            models.Index(fields=["claim"]),
        ]

    def __str__(self) -> str:
        return f"delivery #{self.pk} of mailing #{self.mailing_id}"
