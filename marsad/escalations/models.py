"""The escalation ledger: each attempt to get a platform to act on a violation, its answer and
outcome; the batches sent through trusted-partner channels; how long each platform has."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from marsad.cases.choices import AppealOutcome
from marsad.cases.models import Violation
from marsad.core.models import TimeStampedModel
from marsad.escalations.choices import (
    DEFAULT_ANSWER_DAYS,
    BatchState,
    Channel,
    Outcome,
    Request,
)
from marsad.taxonomy.models import Platform


class PlatformPolicy(models.Model):
    """How many days a platform has to answer before its escalations are overdue."""

    platform = models.OneToOneField(
        Platform,
        on_delete=models.CASCADE,
        related_name="escalation_policy",
        verbose_name=_("platform"),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=DEFAULT_ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("With no answer after this many days, an escalation is overdue."),
    )

    class Meta:
        verbose_name = _("platform escalation policy")
        verbose_name_plural = _("platform escalation policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_days__gte=1, answer_days__lte=365),
                name="platform_policy_answer_days_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform}: {self.answer_days}"


class Batch(TimeStampedModel):
    """Documented violations for one platform, put together as one package for a
    trusted-partner channel. Recording it as sent creates one escalation per violation and
    keeps the package exactly as it was sent."""

    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=BatchState.choices, default=BatchState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    reference = models.CharField(_("platform's reference"), max_length=200, blank=True)
    # The package as sent (JSON), and its SHA-256, so that what went out can be shown again.
    package = models.JSONField(_("package as sent"), null=True, blank=True, editable=False)
    package_sha256 = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=BatchState.DRAFT, sent_at__isnull=True)
                | Q(state=BatchState.SENT, sent_at__isnull=False, package__isnull=False),
                name="batch_sent_has_date_and_package",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class BatchItem(models.Model):
    """One violation of a batch, with what is asked of the platform for it."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="items")
    violation = models.ForeignKey(
        Violation, on_delete=models.PROTECT, related_name="+", verbose_name=_("violation")
    )
    request = models.CharField(_("request"), max_length=30, choices=Request.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "violation"], name="batch_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.violation_id}"


class EscalationQuerySet(models.QuerySet["Escalation"]):
    def latest_attempts(self) -> EscalationQuerySet:
        """Attempts no follow-up came after: the one that waits for the platform now."""
        later = Escalation.objects.filter(
            follow_up_of=Coalesce(OuterRef("follow_up_of"), OuterRef("pk")),
            pk__gt=OuterRef("pk"),
        )
        return self.filter(~Exists(later))

    def awaiting_answer(self) -> EscalationQuerySet:
        """Latest attempts with neither an answer nor an outcome."""
        return self.latest_attempts().filter(answered_on__isnull=True, outcome="")


class Escalation(TimeStampedModel):
    """One attempt: a violation sent to a platform through a channel. A follow-up is a new
    attempt linked to the first one (``follow_up_of``); the first and its follow-ups are one
    escalated case in the statistics (docs/statistics.md)."""

    violation = models.ForeignKey(
        Violation,
        on_delete=models.PROTECT,
        related_name="escalations",
        verbose_name=_("violation"),
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="+", verbose_name=_("platform")
    )
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    request = models.CharField(_("request"), max_length=30, choices=Request.choices)
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follow-up of"),
    )
    batch = models.ForeignKey(
        Batch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("batch"),
    )
    sent_at = models.DateTimeField(_("sent"), db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    reference = models.CharField(_("platform's reference"), max_length=200, blank=True)
    message = models.TextField(_("what we wrote"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("the platform's answer"), blank=True)
    reason_given = models.CharField(_("reason the platform gave"), max_length=500, blank=True)
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    appeal_outcome = models.CharField(
        _("appeal result"), max_length=20, choices=AppealOutcome.choices, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=Outcome.choices, blank=True, db_index=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = EscalationQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # One first attempt per violation and platform; later ones are its follow-ups.
            models.UniqueConstraint(
                fields=["violation", "platform"],
                condition=Q(follow_up_of__isnull=True),
                name="escalation_one_first_attempt",
            ),
            models.CheckConstraint(
                condition=Q(outcome="", closed_on__isnull=True)
                | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="escalation_outcome_has_closing_date",
            ),
            models.CheckConstraint(
                condition=Q(appealed_on__isnull=False) | Q(appeal_outcome=""),
                name="escalation_appeal_result_needs_appeal",
            ),
        ]
        indexes = [
            models.Index(fields=["platform", "sent_at"]),
            # A violation's latest attempt in one lookup (the public outcome filter).
            models.Index(fields=["violation", "-sent_at", "-id"], name="escalation_latest_attempt"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def first_id(self) -> int:
        """The id of the case's first attempt (this one, or the one it follows up)."""
        return self.follow_up_of_id or self.pk


class LatestOutcome(models.Model):
    """The outcome of a violation's latest attempt (the last one sent, to any platform; ""
    while it has none), one row per escalated violation: the public outcome filter reads it.
    Written only by ``escalations.services`` (``latest_outcome_refresh``) in the transaction
    that sends or closes an attempt. As a subquery on the attempts PostgreSQL misjudged the
    condition at a million violations and read a platform's every violation (docs/performance.md,
    "The outcome filter: a row per escalated violation")."""

    violation = models.OneToOneField(
        Violation,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="latest_outcome",
        verbose_name=_("violation"),
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("latest outcome")
        verbose_name_plural = _("latest outcomes")

    def __str__(self) -> str:
        return f"{self.violation_id}: {self.outcome or 'open'}"
