"""Reports: what one person told us, kept as submitted, with their files and contact."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marsad.cases.models import Violation
from marsad.core.fields import EncryptedTextField
from marsad.intake.choices import (
    AppealResult,
    Channel,
    ContactMethod,
    FileSource,
    MessageDirection,
    ReportLanguage,
    Target,
    TriageState,
    Trust,
    YesNoUnsure,
)
from marsad.taxonomy.models import PerpetratorType, Platform, Region, VictimType, ViolationType


class Report(models.Model):
    """One submission. ``original`` is the payload exactly as received and is never edited;
    the structured fields beside it are what triage works with."""

    submitted_at = models.DateTimeField(_("submitted"), db_index=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=8, choices=ReportLanguage.choices)
    triage_state = models.CharField(
        _("triage"),
        max_length=20,
        choices=TriageState.choices,
        default=TriageState.NEW,
        db_index=True,
    )
    trust = models.CharField(
        _("trust"), max_length=10, choices=Trust.choices, default=Trust.NORMAL, db_index=True
    )
    violation = models.ForeignKey(
        Violation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("violation"),
    )
    original = models.JSONField(_("as submitted"), default=dict)
    description = models.TextField(_("what happened"))
    violation_type = models.ForeignKey(
        ViolationType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("violation type"),
    )
    platform = models.ForeignKey(
        Platform,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("platform"),
    )
    links = models.JSONField(_("links"), default=list, blank=True)
    account_handle = models.CharField(_("account handle"), max_length=200, blank=True)
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    occurred_on_approximate = models.BooleanField(_("date approximate"), default=False)
    target = models.CharField(
        _("who was targeted"), max_length=10, choices=Target.choices, blank=True
    )
    victim_type = models.ForeignKey(
        VictimType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("victim type"),
    )
    victim_name = EncryptedTextField(_("name of the person or organisation targeted"), blank=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    perpetrator_type = models.ForeignKey(
        PerpetratorType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who the reporter thinks is responsible"),
    )
    perpetrator_details = models.TextField(_("about who is responsible"), blank=True)
    platform_notified = models.CharField(
        _("the platform sent a notice"), max_length=10, choices=YesNoUnsure.choices, blank=True
    )
    platform_rule = models.CharField(_("rule the platform cited"), max_length=500, blank=True)
    appealed = models.CharField(
        _("appealed"), max_length=10, choices=YesNoUnsure.choices, blank=True
    )
    appeal_result = models.CharField(
        _("appeal result"), max_length=20, choices=AppealResult.choices, blank=True
    )
    consent_contact = models.BooleanField(_("may contact"), default=False)
    consent_share_with_platform = models.BooleanField(_("may share with platform"), default=False)
    consent_publish = models.BooleanField(_("may publish anonymised summary"), default=False)
    # Keyed hash of the receipt code; the code itself is never stored.
    receipt_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # Keyed hash of the form's one-time submission id (or partner + Idempotency-Key), so a
    # repeated submission finds the report already made instead of making a second one.
    submission_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    # For the partner API: SHA-256 of the request body, so that a reused Idempotency-Key with
    # a different body is refused instead of silently answered with another report.
    submission_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_reports",
        verbose_name=_("partner organisation"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(triage_state=TriageState.ATTACHED) | Q(violation__isnull=False),
                name="report_attached_has_violation",
            ),
            models.CheckConstraint(
                condition=~Q(triage_state=TriageState.WITHDRAWN) | Q(withdrawn_at__isnull=False),
                name="report_withdrawn_has_date",
            ),
        ]
        indexes = [models.Index(fields=["triage_state", "trust", "submitted_at"])]

    def __str__(self) -> str:
        return f"#{self.pk}"


class ReportKey(models.Model):
    """A canonical link or account handle of a report, indexed, for finding duplicates."""

    class Kind(models.TextChoices):
        LINK = "link", _("link")
        HANDLE = "handle", _("account handle")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"])]
        constraints = [
            models.UniqueConstraint(fields=["report", "kind", "value"], name="report_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def _report_file_path(instance: ReportFile, filename: str) -> str:
    # The stored name never comes from the user: a random id and the extension of the type
    # detected from the content.
    return f"intake/{instance.report_id}/{uuid.uuid4().hex}{instance.extension}"


class ReportFile(models.Model):
    """A file a reporter sent. Kept as received for the evidence pipeline, never served
    directly to anyone, and deleted once the evidence store holds it (``file`` is then
    empty; the rest of the row stays: marsad/evidence/work.py)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    file = models.FileField(_("file"), upload_to=_report_file_path, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    source = models.CharField(
        _("source"), max_length=20, choices=FileSource.choices, default=FileSource.REPORT
    )
    received_at = models.DateTimeField(_("received"))
    # How many times a worker began taking the file into the evidence store: the sweep that
    # queues lost ingests stops after a few (a file failing its check is not tried for ever).
    ingest_attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]


class Contact(models.Model):
    """How to reach the reporter. Encrypted at rest; every read is logged."""

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, related_name="contact", verbose_name=_("report")
    )
    method = models.CharField(
        _("preferred way"), max_length=10, choices=ContactMethod.choices, blank=True
    )
    email = EncryptedTextField(_("email"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    signal = EncryptedTextField(_("Signal"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=ReportLanguage.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        permissions = [("reveal_contact", "Can read reporter contact details")]

    def __str__(self) -> str:
        return f"contact for report #{self.report_id}"


class ContactAccessLog(models.Model):
    """Who read a reporter's contact details, when and why. Append-only."""

    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, related_name="access_log"
    )
    report_id_snapshot = models.BigIntegerField(_("report number"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff member"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("reading of contact details")
        verbose_name_plural = _("readings of contact details")

    def __str__(self) -> str:
        return f"{self.user_id} read contact of report {self.report_id_snapshot}"


class ReporterMessage(models.Model):
    """The follow-up thread between staff and the reporter (questions and answers)."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="messages", verbose_name=_("report")
    )
    direction = models.CharField(_("direction"), max_length=20, choices=MessageDirection.choices)
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.direction} #{self.pk}"


class PartnerToken(models.Model):
    """An API token of a partner organisation. Only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_tokens",
        verbose_name=_("partner"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner API token")
        verbose_name_plural = _("partner API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
