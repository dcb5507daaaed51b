"""The organisation's own record: publications, trainings and needs assessments, events,
campaigns and advocacy actions, milestones, media mentions and communications figures.

Text the public or the reports show in three languages (titles, summaries) is in translation
rows (django-parler), never in per-language columns. Every count is defined in
docs/statistics.md ("The organisation's work") and computed in selectors.py.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from parler.managers import TranslatableManager, TranslatableQuerySet
from parler.models import TranslatableModel, TranslatedFields

from marsad.activities.choices import (
    CampaignKind,
    Channel,
    EventKind,
    EventRole,
    FigureSource,
    MediaKind,
    MentionLanguage,
    MilestoneKind,
    OrganisationKind,
    PublicationKind,
    TargetKind,
    TrainingFormat,
)
from marsad.core.models import TimeStampedModel
from marsad.taxonomy.models import Term


class Topic(Term):
    """What a publication or a training is about (digital security, digital rights ...)."""

    translations = TranslatedFields(name=models.CharField(_("name"), max_length=150))

    class Meta(Term.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class AdvocacyTarget(Term):
    """Whom a campaign addresses: a company (Meta, PayPal ...), a UN body, the EU ..."""

    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=150))

    class Meta(Term.Meta):
        verbose_name = _("advocacy target")
        verbose_name_plural = _("advocacy targets")


class Organisation(TimeStampedModel):
    """An organisation trained, assessed or partnered with; one record reused everywhere.
    Names are compared with ``match_key`` (spelling variants, case) so it is made once."""

    name = models.CharField(_("name"), max_length=300)
    name_key = models.CharField(max_length=300, unique=True, editable=False)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RecordManager(TranslatableManager.from_queryset(TranslatableQuerySet)):  # type: ignore[misc]
    """The manager of the translated records (events, campaigns, milestones)."""


class PublicationQuerySet(TranslatableQuerySet):
    def published(self) -> PublicationQuerySet:
        return self.filter(published_at__isnull=False)


class PublicationManager(TranslatableManager.from_queryset(PublicationQuerySet)):  # type: ignore[misc]
    pass


def _publication_file_path(instance: models.Model, filename: str) -> str:
    # Never the uploader's file name: a random one, in the publication's folder.
    master_id = getattr(instance, "master_id", None) or "new"
    return f"publications/{master_id}/{uuid.uuid4().hex}.pdf"


class Publication(TranslatableModel, TimeStampedModel):
    """A publication, with a language version per translation row: title, summary, and the
    document (a PDF) and/or a link for that language."""

    kind = models.CharField(_("type"), max_length=30, choices=PublicationKind.choices)
    published_on = models.DateField(_("date of publication"), db_index=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    # When it was put on the public site (empty: a draft, seen by staff only).
    published_at = models.DateTimeField(_("on the site since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=300),
        summary=models.TextField(_("summary"), blank=True),
        document=models.FileField(
            _("document (PDF)"), upload_to=_publication_file_path, max_length=255, blank=True
        ),
        link=models.URLField(_("link"), max_length=1000, blank=True),
    )

    objects = PublicationManager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return str(self.safe_translation_getter("title", any_language=True) or f"#{self.pk}")


class Training(TimeStampedModel):
    """A training: who was trained (counted by gender), which organisations, how many of the
    participants were trained as trainers. Counted in a period by its first day."""

    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="+", verbose_name=_("topic")
    )
    format = models.CharField(_("format"), max_length=20, choices=TrainingFormat.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    gender_unstated = models.PositiveIntegerField(_("other or not stated"), default=0)
    trainers_trained = models.PositiveIntegerField(
        _("trainers trained"),
        default=0,
        help_text=_("Participants trained to train others (training of trainers)."),
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="trainings", verbose_name=_("organisations trained")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="training_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(trainers_trained__lte=F("women") + F("men") + F("gender_unstated")),
                name="training_trainers_among_participants",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def participants(self) -> int:
        return self.women + self.men + self.gender_unstated


class NeedsAssessment(TimeStampedModel):
    """An assessment of an organisation's needs (digital security, skills ...)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("organisation"),
    )
    assessed_on = models.DateField(_("date"), db_index=True)
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic"),
    )
    findings = models.TextField(_("findings"), blank=True)

    class Meta:
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.assessed_on}"


class Event(TranslatableModel, TimeStampedModel):
    """An event organised or attended (a Palestine Digital Activism Forum edition, a
    conference we spoke at). Counted in a period by its first day."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    role = models.CharField(_("our part"), max_length=20, choices=EventRole.choices)
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    edition = models.PositiveSmallIntegerField(_("edition"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    attendees_in_person = models.PositiveIntegerField(_("attendees in person"), default=0)
    attendees_online = models.PositiveIntegerField(_("attendees online"), default=0)
    viewers = models.PositiveIntegerField(
        _("viewers"), default=0, help_text=_("Views of the stream and recordings.")
    )
    speakers = models.PositiveIntegerField(_("speakers"), default=0)
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("partner organisations")
    )
    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=300),
        description=models.TextField(_("description"), blank=True),
    )

    objects = RecordManager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.safe_translation_getter("title", any_language=True) or f"#{self.pk}")


class Campaign(TranslatableModel, TimeStampedModel):
    """A campaign or advocacy action (a UN submission, an EU session, a joint letter ...).
    Counted in a period by its first day."""

    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices)
    starts_on = models.DateField(_("first day"), db_index=True)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    targets = models.ManyToManyField(
        AdvocacyTarget, blank=True, related_name="+", verbose_name=_("targets")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="campaigns", verbose_name=_("partner organisations")
    )
    link = models.URLField(_("link"), max_length=1000, blank=True)
    outcome = models.TextField(_("outcome notes"), blank=True)
    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=300),
        description=models.TextField(_("description"), blank=True),
    )

    objects = RecordManager()

    class Meta:
        verbose_name = _("campaign or advocacy action")
        verbose_name_plural = _("campaigns and advocacy actions")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return str(self.safe_translation_getter("title", any_language=True) or f"#{self.pk}")


class Milestone(TranslatableModel, TimeStampedModel):
    """A milestone of the organisation (consultative status with ECOSOC, joining the GNI)."""

    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind.choices)
    achieved_on = models.DateField(_("date"), db_index=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=300),
        description=models.TextField(_("description"), blank=True),
    )

    objects = RecordManager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["-achieved_on", "-pk"]

    def __str__(self) -> str:
        return str(self.safe_translation_getter("title", any_language=True) or f"#{self.pk}")


class MediaMention(TimeStampedModel):
    """The organisation or its work in the media. The headline is kept as published, in the
    outlet's language."""

    outlet = models.CharField(_("outlet"), max_length=200)
    published_on = models.DateField(_("date"), db_index=True)
    link = models.URLField(_("link"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=MentionLanguage.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=MediaKind.choices, default=MediaKind.ARTICLE
    )
    headline = models.CharField(_("headline"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("media mention")
        verbose_name_plural = _("media mentions")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["link"], condition=~Q(link=""), name="media_mention_link_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outlet} {self.published_on}"


class CommunicationsFigure(TimeStampedModel):
    """One month of one channel: video views and engagement in the month, followers at its
    end. Empty means not measured (not zero). ``month`` is the month's first day."""

    month = models.DateField(_("month"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    video_views = models.PositiveBigIntegerField(_("video views"), null=True, blank=True)
    engagement = models.PositiveBigIntegerField(
        _("engagement"),
        null=True,
        blank=True,
        help_text=_("Reactions, comments, shares and saves, as the platform counts them."),
    )
    followers = models.PositiveBigIntegerField(
        _("followers"), null=True, blank=True, help_text=_("At the end of the month.")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=FigureSource.choices, default=FigureSource.STAFF
    )

    class Meta:
        verbose_name = _("communications figure")
        verbose_name_plural = _("communications figures")
        ordering = ["-month", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["month", "channel"], name="communications_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.month:%Y-%m}"
