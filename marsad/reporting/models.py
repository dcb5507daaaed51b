"""Quarterly and annual reports: the report (its period, notable cases, staff-written summary
and narrative sections) and the snapshots it was generated from.

A snapshot keeps every figure a version of the report shows, the texts it was written with,
the labels of the vocabularies in the three languages and a hash of the rows behind the
figures, so that a version can be drawn again exactly and a later change in the data is
seen (docs/statistics.md, "Reports"). Its PDFs are kept in the database with it: a version
is one row set, written or not at all, never a file left behind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableManager, TranslatableQuerySet
from parler.models import TranslatableModel, TranslatedFields

from marsad.core.models import TimeStampedModel
from marsad.reporting.choices import LANGUAGES, Placement, ReportKind, SnapshotState


class TextManager(TranslatableManager.from_queryset(TranslatableQuerySet)):  # type: ignore[misc]
    """The manager of the translated models (reports, sections)."""


class Report(TranslatableModel, TimeStampedModel):
    """One report: a quarter (``quarter`` 1 to 4) or a year (``quarter`` 0) of one kind."""

    kind = models.CharField(_("kind"), max_length=12, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    notable = models.ManyToManyField(
        "cases.Violation", blank=True, related_name="+", verbose_name=_("notable cases")
    )
    publication = models.OneToOneField(
        "activities.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("publication"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The summary paragraph as staff edited it; empty: the generated one is used.
    translations = TranslatedFields(summary=models.TextField(_("summary paragraph"), blank=True))

    objects = TextManager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-year", "-quarter", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "quarter"], name="report_one_per_period"
            ),
            models.CheckConstraint(
                condition=(Q(kind=ReportKind.ANNUAL, quarter=0))
                | Q(kind=ReportKind.QUARTERLY, quarter__gte=1, quarter__lte=4),
                name="report_quarter_matches_kind",
            ),
        ]
        permissions = [("generate_report", "Can generate a report from the data")]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        """``2022-Q3`` or ``2022``: how the command line and file names call it."""
        return (
            f"{self.year}-Q{self.quarter}" if self.kind == ReportKind.QUARTERLY else str(self.year)
        )


class Section(TranslatableModel, TimeStampedModel):
    """A narrative section staff write around the generated figures; its body is rich text,
    sanitised when saved (``marsad.reporting.richtext``)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    placement = models.CharField(_("place in the report"), max_length=12, choices=Placement.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    translations = TranslatedFields(
        heading=models.CharField(_("heading"), max_length=200),
        body=models.TextField(_("text")),
    )

    objects = TextManager()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return str(self.safe_translation_getter("heading", any_language=True) or f"#{self.pk}")


class Snapshot(models.Model):
    """One generation of a report: what it was made from, and its progress while it runs."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="snapshots")
    state = models.CharField(
        _("state"), max_length=10, choices=SnapshotState.choices, default=SnapshotState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Every figure, the labels and the texts (``marsad.reporting.figures``), and the hash of
    # the rows they were computed from (``marsad.reporting.fingerprint``).
    figures = models.JSONField(default=dict, blank=True)
    data_hash = models.CharField(_("hash of the data"), max_length=64, blank=True)
    texts_hash = models.CharField(max_length=64, blank=True)
    seconds = models.FloatField(_("time taken (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="snapshot_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.pk}"


class Document(models.Model):
    """The PDF of a snapshot in one language."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="documents")
    language = models.CharField(max_length=2, choices=[(code, code) for code in LANGUAGES])
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "language"], name="document_one_language")
        ]

    def __str__(self) -> str:
        return f"{self.snapshot} ({self.language})"
