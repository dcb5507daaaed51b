"""Reports: what one person told us, kept as submitted."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marsad.cases.models import Violation
from marsad.intake.choices import Channel, ReportLanguage, TriageState
from marsad.taxonomy.models import Platform, Region, VictimType, ViolationType


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
    victim_type = models.ForeignKey(
        VictimType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("victim type"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    links = models.JSONField(_("links"), default=list, blank=True)
    account_handle = models.CharField(_("account handle"), max_length=200, blank=True)
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    occurred_on_approximate = models.BooleanField(_("date approximate"), default=False)
    consent_contact = models.BooleanField(_("may contact"), default=False)
    consent_share_with_platform = models.BooleanField(_("may share with platform"), default=False)
    consent_publish = models.BooleanField(_("may publish anonymised summary"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(triage_state=TriageState.ATTACHED) | Q(violation__isnull=False),
                name="report_attached_has_violation",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"
