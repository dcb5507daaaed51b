"""Reads for the organisation's record, and its counters.

Every counter takes a ``Period`` (marsad/core/periods.py) and is defined in
docs/statistics.md, "The organisation's work"; ``activity_figures`` gathers them for the
reports. Records are counted by their date (publications by publication date, trainings,
events and campaigns by their first day ...), each once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import get_language

from marsad.activities.choices import CampaignKind, Channel, MentionLanguage, PublicationKind
from marsad.activities.models import (
    AdvocacyTarget,
    Campaign,
    CommunicationsFigure,
    Event,
    MediaMention,
    Milestone,
    NeedsAssessment,
    Organisation,
    Publication,
    Topic,
    Training,
)
from marsad.core.periods import Period
from marsad.newsletter.selectors import SubscriberFigures, subscribers_in

# --- Text in the reader's language ------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A translated text and the language it is actually in (a fallback may be another),
    so that templates can mark it with ``lang`` and ``dir``."""

    text: str
    language: str

    def __str__(self) -> str:
        return self.text

    @property
    def dir(self) -> str:
        return "ltr" if self.language == "en" else "rtl"


def _fallbacks(language: str) -> list[str]:
    order = [language, settings.LANGUAGE_CODE, "en", "he"]
    return list(dict.fromkeys(order))


def shown(obj: Any, name: str, language: str | None = None) -> Shown:
    """``obj``'s translated field in ``language`` (the active one), else ar, en, he; uses
    the prefetched translations (no query)."""
    versions = {t.language_code: t for t in obj.translations.all()}
    for code in _fallbacks((language or get_language() or settings.LANGUAGE_CODE)[:2]):
        version = versions.get(code)
        if version is not None and getattr(version, name):
            return Shown(str(getattr(version, name)), code)
    return Shown("", language or settings.LANGUAGE_CODE)


# --- Public publications ----------------------------------------------------------------------

PUBLIC_PAGE_SIZE = 20


def publications_public(*, kind: str | None = None) -> Any:
    """Published publications, newest first, with what the listing and the feed show."""
    rows = (
        Publication.objects.published()
        .prefetch_related(
            "translations", Prefetch("topics", Topic.objects.prefetch_related("translations"))
        )
        .order_by("-published_on", "-pk")
    )
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def publication_public(pk: int) -> Publication | None:
    return publications_public().filter(pk=pk).first()


@dataclass(frozen=True)
class PublicationCard:
    """What the public pages show of a publication, in the reader's language."""

    pk: int
    kind: str
    published_on: Any
    title: Shown
    summary: Shown
    topics: list[str]


def publication_card(publication: Publication) -> PublicationCard:
    return PublicationCard(
        pk=publication.pk,
        kind=str(publication.get_kind_display()),
        published_on=publication.published_on,
        title=shown(publication, "title"),
        summary=shown(publication, "summary"),
        topics=[str(topic) for topic in publication.topics.all()],
    )


@dataclass(frozen=True)
class Version:
    """One language version of a publication, as the public page offers it."""

    language: str
    name: str
    has_document: bool
    link: str
    size: int | None


def publication_versions(publication: Publication) -> list[Version]:
    names = dict(settings.LANGUAGES)
    versions = []
    for t in sorted(publication.translations.all(), key=lambda t: _order(t.language_code)):
        if not (t.document or t.link):
            continue
        size = None
        if t.document:
            try:
                size = t.document.size
            except OSError:
                size = None
        versions.append(
            Version(
                t.language_code,
                str(names.get(t.language_code, t.language_code)),
                bool(t.document),
                t.link,
                size,
            )
        )
    return versions


def _order(code: str) -> int:
    codes = [c for c, _n in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)


def publication_document(pk: int, language: str) -> Any:
    """The document of a published publication's language version, or None."""
    publication = publication_public(pk)
    if publication is None:
        return None
    for t in publication.translations.all():
        if t.language_code == language and t.document:
            return t
    return None


# --- Counters ---------------------------------------------------------------------------------


def _in(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": period.start, f"{name}__lt": period.end})


def publications_by_kind(period: Period) -> dict[str, int]:
    """Published publications by type, by publication date; every type present (0 if none)."""
    counts = dict(
        Publication.objects.published()
        .filter(_in(period, "published_on"))
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {kind.value: counts.get(kind.value, 0) for kind in PublicationKind}


@dataclass(frozen=True)
class Trainees:
    women: int
    men: int
    gender_unstated: int

    @property
    def total(self) -> int:
        return self.women + self.men + self.gender_unstated


def trainings_in(period: Period) -> Any:
    return Training.objects.filter(_in(period, "starts_on"))


def trainees_by_gender(period: Period) -> Trainees:
    """Participants of the trainings that started in the period (a person at two trainings
    counts twice: Marsad keeps no list of names)."""
    sums = trainings_in(period).aggregate(
        women=Sum("women", default=0),
        men=Sum("men", default=0),
        unstated=Sum("gender_unstated", default=0),
    )
    return Trainees(sums["women"], sums["men"], sums["unstated"])


def trainers_trained(period: Period) -> int:
    return int(trainings_in(period).aggregate(n=Sum("trainers_trained", default=0))["n"])


def organisations_trained(period: Period) -> int:
    """Distinct organisations with someone at a training that started in the period."""
    return Organisation.objects.filter(trainings__in=trainings_in(period)).distinct().count()


def organisations_assessed(period: Period) -> int:
    """Distinct organisations whose needs were assessed in the period."""
    return (
        NeedsAssessment.objects.filter(_in(period, "assessed_on"))
        .values("organisation")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class Attendance:
    events: int
    in_person: int
    online: int
    viewers: int

    @property
    def attendees(self) -> int:
        return self.in_person + self.online


def event_attendance(period: Period) -> Attendance:
    """Events that started in the period, their attendees (in person, online) and viewers."""
    sums = Event.objects.filter(_in(period, "starts_on")).aggregate(
        events=Count("id"),
        in_person=Sum("attendees_in_person", default=0),
        online=Sum("attendees_online", default=0),
        viewers=Sum("viewers", default=0),
    )
    return Attendance(sums["events"], sums["in_person"], sums["online"], sums["viewers"])


def campaigns_by_kind(period: Period) -> dict[str, int]:
    """Campaigns and advocacy actions that started in the period, by kind."""
    counts = dict(
        Campaign.objects.filter(_in(period, "starts_on"))
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {kind.value: counts.get(kind.value, 0) for kind in CampaignKind}


def milestones_in(period: Period) -> list[Milestone]:
    return list(
        Milestone.objects.filter(_in(period, "achieved_on"))
        .prefetch_related("translations")
        .order_by("achieved_on", "pk")
    )


def media_mentions_by_language(period: Period) -> dict[str, int]:
    counts = dict(
        MediaMention.objects.filter(_in(period, "published_on"))
        .values_list("language")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {language.value: counts.get(language.value, 0) for language in MentionLanguage}


@dataclass(frozen=True)
class Communications:
    video_views: int
    engagement: int
    # The last known follower count per channel in the period, and their sum.
    followers: dict[str, int] = field(default_factory=dict)

    @property
    def followers_total(self) -> int:
        return sum(self.followers.values())


def communications_in(period: Period) -> Communications:
    """Months whose first day is in the period: video views and engagement summed over
    months and channels (months not measured add nothing); followers as each channel's last
    measured month in the period."""
    months = CommunicationsFigure.objects.filter(_in(period, "month"))
    sums = months.aggregate(
        views=Sum("video_views", default=0), engagement=Sum("engagement", default=0)
    )
    followers: dict[str, int] = {}
    for channel, count in (
        months.filter(followers__isnull=False)
        .order_by("channel", "-month")
        .values_list("channel", "followers")
    ):
        followers.setdefault(channel, int(count or 0))
    ordered = {c.value: followers[c.value] for c in Channel if c.value in followers}
    return Communications(int(sums["views"]), int(sums["engagement"]), ordered)


@dataclass(frozen=True)
class ActivityFigures:
    """Every counter of the organisation's work for one period (docs/statistics.md)."""

    period: Period
    publications: dict[str, int]
    trainings: int
    trainees: Trainees
    trainers_trained: int
    organisations_trained: int
    organisations_assessed: int
    events: Attendance
    campaigns: dict[str, int]
    milestones: list[Milestone]
    media_mentions: dict[str, int]
    communications: Communications
    subscribers: SubscriberFigures

    @property
    def publications_total(self) -> int:
        return sum(self.publications.values())

    @property
    def campaigns_total(self) -> int:
        return sum(self.campaigns.values())

    @property
    def media_mentions_total(self) -> int:
        return sum(self.media_mentions.values())


def activity_figures(period: Period) -> ActivityFigures:
    return ActivityFigures(
        period=period,
        publications=publications_by_kind(period),
        trainings=trainings_in(period).count(),
        trainees=trainees_by_gender(period),
        trainers_trained=trainers_trained(period),
        organisations_trained=organisations_trained(period),
        organisations_assessed=organisations_assessed(period),
        events=event_attendance(period),
        campaigns=campaigns_by_kind(period),
        milestones=milestones_in(period),
        media_mentions=media_mentions_by_language(period),
        communications=communications_in(period),
        subscribers=subscribers_in(period),
    )


# --- Staff lists ------------------------------------------------------------------------------

STAFF_PAGE_SIZE = 50


def staff_publications() -> Any:
    return Publication.objects.prefetch_related("translations").order_by("-published_on", "-pk")


def staff_trainings() -> Any:
    return (
        Training.objects.select_related("topic")
        .prefetch_related("topic__translations")
        .annotate(organisation_count=Count("organisations"))
        .order_by("-starts_on", "-pk")
    )


def staff_assessments() -> Any:
    return NeedsAssessment.objects.select_related("organisation", "topic").prefetch_related(
        "topic__translations"
    )


def staff_events() -> Any:
    return Event.objects.prefetch_related("translations").order_by("-starts_on", "-pk")


def staff_campaigns() -> Any:
    return Campaign.objects.prefetch_related(
        "translations", Prefetch("targets", queryset=_targets())
    ).order_by("-starts_on", "-pk")


def _targets() -> Any:
    return AdvocacyTarget.objects.prefetch_related("translations")


def staff_milestones() -> Any:
    return Milestone.objects.prefetch_related("translations").order_by("-achieved_on", "-pk")


def staff_media_mentions() -> Any:
    return MediaMention.objects.order_by("-published_on", "-pk")


def staff_communications() -> Any:
    return CommunicationsFigure.objects.order_by("-month", "channel")


def staff_organisations() -> Any:
    return Organisation.objects.annotate(
        training_count=Count("trainings", distinct=True),
        assessment_count=Count("assessments", distinct=True),
    ).order_by("name")


def shown_all(objects: Iterable[Any], name: str) -> list[tuple[Any, Shown]]:
    return [(obj, shown(obj, name)) for obj in objects]
