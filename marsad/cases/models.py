"""The violation (the case) and its timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marsad.cases.choices import (
    VERIFIED_STATUSES,
    Answer,
    AppealOutcome,
    EventKind,
    FlagOrigin,
    Gender,
    Profession,
    RejectionReason,
    Status,
)
from marsad.core.models import TimeStampedModel
from marsad.taxonomy.models import (
    CrisisPeriod,
    PerpetratorType,
    Platform,
    Region,
    Tag,
    VictimType,
    ViolationType,
)


class ViolationQuerySet(models.QuerySet["Violation"]):
    def counted(self) -> ViolationQuerySet:
        """Violations that count as documented (see docs/statistics.md)."""
        return self.filter(
            documented_at__isnull=False,
            merged_into__isnull=True,
            status__in=VERIFIED_STATUSES,
        )


class Violation(TimeStampedModel):
    """A verified, classified incident, documented from one or more reports."""

    title = models.CharField(_("working title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    violation_type = models.ForeignKey(
        ViolationType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("violation type"),
    )
    platform = models.ForeignKey(
        Platform,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("platform"),
    )
    perpetrator_type = models.ForeignKey(
        PerpetratorType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("perpetrator type"),
    )
    victim_type = models.ForeignKey(
        VictimType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("victim type"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("region"),
    )
    crisis_period = models.ForeignKey(
        CrisisPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
        verbose_name=_("crisis period"),
    )
    additional_types = models.ManyToManyField(
        ViolationType,
        through="ViolationAdditionalType",
        blank=True,
        related_name="+",
        verbose_name=_("other violation types"),
        help_text=_("Statistics count a violation under its main type only."),
    )
    tags = models.ManyToManyField(
        Tag,
        through="ViolationTag",
        blank=True,
        related_name="violations",
        verbose_name=_("tags"),
    )
    occurred_on = models.DateField(_("occurred on"), null=True, blank=True)
    occurred_on_approximate = models.BooleanField(_("date approximate"), default=False)
    reported_at = models.DateTimeField(_("first reported"), null=True, blank=True)
    documented_at = models.DateTimeField(_("documented"), null=True, blank=True, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_violations",
        verbose_name=_("assigned to"),
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    # Santa Clara Principles fields: notice, the rule cited, origin of the flag, appeal.
    notice_given = models.CharField(
        _("the platform gave notice"), max_length=10, choices=Answer.choices, blank=True
    )
    rule_cited = models.CharField(_("rule cited"), max_length=300, blank=True)
    flag_origin = models.CharField(
        _("origin of the flag"), max_length=20, choices=FlagOrigin.choices, blank=True
    )
    appeal_made = models.CharField(
        _("appeal made"), max_length=10, choices=Answer.choices, blank=True
    )
    appeal_outcome = models.CharField(
        _("appeal result"), max_length=20, choices=AppealOutcome.choices, blank=True
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)

    objects = ViolationQuerySet.as_manager()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=VERIFIED_STATUSES) | Q(documented_at__isnull=False),
                name="violation_verified_has_documented_at",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.REJECTED) | Q(rejection_reason=""),
                name="violation_rejection_reason_only_when_rejected",
            ),
        ]
        indexes = [models.Index(fields=["status", "documented_at"])]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class Victim(models.Model):
    """One person or organisation a violation targeted ("to whom"); a case may have several.
    No names here: who they are stays in the reports, encrypted where personal."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="victims")
    victim_type = models.ForeignKey(
        VictimType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("victim type"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    profession = models.CharField(
        _("profession"), max_length=20, choices=Profession.choices, blank=True
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("victim")
        verbose_name_plural = _("victims")

    def __str__(self) -> str:
        return f"victim {self.pk} of {self.violation_id}"


class PublicSummary(models.Model):
    """The staff-written public text of a violation, one row per language, with the redaction
    checklist its writer confirmed."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="summaries")
    language_code = models.CharField(
        _("language"),
        max_length=8,
        choices=[("ar", "العربية"), ("en", "English"), ("he", "עברית")],
    )
    text = models.TextField(_("public summary"))
    no_names = models.BooleanField(_("no names of private people"), default=False)
    no_handles_or_links = models.BooleanField(
        _("no account names or links that identify them"), default=False
    )
    no_location_details = models.BooleanField(
        _("no precise places or dates that identify them"), default=False
    )
    no_contact_details = models.BooleanField(_("no contact details"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "language_code"], name="public_summary_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.violation_id}/{self.language_code}"

    @property
    def checklist_complete(self) -> bool:
        return (
            self.no_names
            and self.no_handles_or_links
            and self.no_location_details
            and self.no_contact_details
        )


class ViolationAdditionalType(models.Model):
    """A further type of a violation (a hack followed by blackmail); PROTECT keeps the term."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE)
    violation_type = models.ForeignKey(ViolationType, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["violation", "violation_type"], name="violation_additional_type_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.violation_id}:{self.violation_type_id}"


class ViolationTag(models.Model):
    """Tag on a violation; PROTECT keeps a tag in use from being deleted."""

    violation = models.ForeignKey(Violation, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["violation", "tag"], name="violation_tag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.violation_id}:{self.tag_id}"


class TimelineEvent(models.Model):
    """One entry of a violation's timeline, which is also its audit log. Never edited."""

    violation = models.ForeignKey(
        Violation, on_delete=models.CASCADE, related_name="events", verbose_name=_("violation")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("at"), db_index=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
