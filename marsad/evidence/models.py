"""Evidence: files and web captures with their hashes, safe copies and chain of custody."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marsad.cases.models import Violation
from marsad.evidence.choices import Action, Kind, SafeCopy, State
from marsad.evidence.storage import evidence_storage
from marsad.intake.models import Report, ReportFile


class EvidenceItem(models.Model):
    """One file or one captured URL. ``original`` is stored once and never changed; its
    SHA-256 was taken when it arrived. The safe copy and thumbnail are made from it."""

    public_id = models.UUIDField(_("evidence id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.STORED, db_index=True
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("report"),
    )
    violation = models.ForeignKey(
        Violation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("violation"),
    )
    report_file = models.OneToOneField(
        ReportFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("report file"),
    )
    # Makes a repeated request for the same capture (or a retried ingest) land on one row.
    dedupe_key = models.CharField(max_length=300, unique=True, null=True, blank=True)
    source_url = models.URLField(_("link"), max_length=2000, blank=True)
    original = models.FileField(_("original"), storage=evidence_storage, max_length=255, blank=True)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received"))
    captured_at = models.DateTimeField(_("captured"), null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    final_url = models.URLField(_("final link"), max_length=2000, blank=True)
    truncated = models.BooleanField(_("truncated at the size limit"), default=False)
    screenshot = models.FileField(
        _("screenshot"), storage=evidence_storage, max_length=255, blank=True
    )
    screenshot_sha256 = models.CharField(_("screenshot SHA-256"), max_length=64, blank=True)
    safe_copy = models.FileField(
        _("safe copy"), storage=evidence_storage, max_length=255, blank=True
    )
    safe_copy_kind = models.CharField(
        _("safe copy"), max_length=10, choices=SafeCopy.choices, blank=True
    )
    safe_copy_sha256 = models.CharField(max_length=64, blank=True)
    thumbnail = models.FileField(
        _("thumbnail"), storage=evidence_storage, max_length=255, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["received_at", "pk"]
        permissions = [
            ("download_original", _("Can download original evidence")),
            ("export_package", _("Can export an evidence package")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=False) | Q(violation__isnull=False),
                name="evidence_attached",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.STORED) | ~Q(sha256=""),
                name="evidence_stored_has_hash",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.source_url or str(self.public_id)

    @property
    def is_capture(self) -> bool:
        return self.kind == Kind.CAPTURE


class CustodyEvent(models.Model):
    """One line of the chain of custody. Append-only: never deleted, and never updated but
    for one thing: a reporter's withdrawal takes the links they gave out of the lines of
    their deleted captures (``store.custody_forget_links``). It keeps the item's id and hash
    so that the record survives the item's deletion."""

    item = models.ForeignKey(
        EvidenceItem,
        on_delete=models.SET_NULL,
        null=True,
        related_name="custody",
        verbose_name=_("evidence item"),
    )
    item_public_id = models.UUIDField(_("evidence id"), db_index=True)
    item_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), db_index=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_public_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("custody events are append-only")
        super().save(*args, **kwargs)
