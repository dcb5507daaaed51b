"""Writes for the organisation's record. Each record type has one ``<entity>_save`` service
(create when ``instance`` is None, else update) that the staff forms and the imports call.

Translated text arrives as ``{language: {field: value}}``; a language whose title is empty
has no version (an existing one is removed). Publishing a publication drafts the mailing
that announces it (``publication_publish``): a direct call, never a signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from parler.models import TranslatableModel

from marsad.accounts.models import User
from marsad.activities import defaults
from marsad.activities.announcements import announcement_texts
from marsad.activities.choices import FigureSource
from marsad.activities.errors import AlreadyPublished, NotPublished, PublicationIncomplete
from marsad.activities.models import (
    Campaign,
    CommunicationsFigure,
    Event,
    MediaMention,
    Milestone,
    NeedsAssessment,
    Organisation,
    Publication,
    Training,
)
from marsad.core.text import match_key
from marsad.newsletter.models import Mailing
from marsad.newsletter.services import mailing_draft_announcement
from marsad.taxonomy.defaults import Names

type Translations = dict[str, dict[str, Any]]

# Translated fields that hold a file: ``False`` clears, ``None`` keeps, a file replaces.
_FILE_FIELDS = frozenset({"document"})


def _set_translations(instance: TranslatableModel, translations: Translations) -> None:
    for language, values in translations.items():
        title = (values.get("title") or "").strip()
        if not title:
            if instance.pk and instance.has_translation(language):
                instance.delete_translation(language)
            continue
        instance.set_current_language(language)
        for name, value in values.items():
            if name in _FILE_FIELDS:
                if value is False:
                    setattr(instance, name, "")
                elif isinstance(value, UploadedFile):
                    setattr(instance, name, value)
                continue
            setattr(instance, name, value.strip() if isinstance(value, str) else value)
    instance.set_current_language(settings.LANGUAGE_CODE)


def _save[M: models.Model](
    instance: M,
    *,
    fields: dict[str, Any],
    m2m: dict[str, Iterable[models.Model]] | None = None,
    translations: Translations | None = None,
) -> M:
    for name, value in fields.items():
        setattr(instance, name, value)
    if translations is not None:
        _set_translations(instance, translations)
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(list(values))
    return instance


# --- Organisations ----------------------------------------------------------------------------


@transaction.atomic
def organisation_save(*, organisation: Organisation | None, fields: dict[str, Any]) -> Organisation:
    organisation = organisation or Organisation()
    fields = {**fields, "name": " ".join(fields["name"].split())}
    organisation.name_key = match_key(fields["name"])
    return _save(organisation, fields=fields)


def organisation_find_or_create(*, name: str) -> tuple[Organisation, bool]:
    """The organisation of this name, however it is spelt (``match_key``), made if new."""
    name = " ".join(name.split())
    key = match_key(name)
    found = Organisation.objects.filter(name_key=key).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return Organisation.objects.create(name=name, name_key=key), True
    except IntegrityError:
        return Organisation.objects.get(name_key=key), False


def organisations_named(*, names: Iterable[str]) -> list[Organisation]:
    """Organisations for names typed in a form (one per line), made when new."""
    return [organisation_find_or_create(name=name)[0] for name in names]


# --- Publications -----------------------------------------------------------------------------


@transaction.atomic
def publication_save(
    *,
    publication: Publication | None,
    fields: dict[str, Any],
    topics: Iterable[models.Model],
    translations: Translations,
    actor: User | None,
) -> Publication:
    if publication is None:
        publication = Publication(created_by=actor)
    return _save(publication, fields=fields, m2m={"topics": topics}, translations=translations)


def _publishable(publication: Publication) -> bool:
    return any(t.title and (t.document or t.link) for t in publication.translations.all())


@transaction.atomic
def publication_publish(*, publication: Publication, actor: User | None) -> Mailing:
    """Put the publication on the public site and its feed, and draft the mailing that
    announces it (in each language it has; staff read it through and send it). Returns the
    draft (the same one if the publication was published, withdrawn and published again)."""
    if not _publishable(publication):
        raise PublicationIncomplete
    updated = Publication.objects.filter(pk=publication.pk, published_at__isnull=True).update(
        published_at=timezone.now()
    )
    if not updated:
        raise AlreadyPublished
    publication.refresh_from_db(fields=["published_at"])
    mailing, _created = mailing_draft_announcement(
        origin=f"publication:{publication.pk}", texts=announcement_texts(publication)
    )
    return mailing


@transaction.atomic
def publication_unpublish(*, publication: Publication) -> None:
    """Take it off the public site (its files are no longer served); it stays a draft."""
    if not Publication.objects.filter(pk=publication.pk, published_at__isnull=False).update(
        published_at=None
    ):
        raise NotPublished
    publication.published_at = None


# --- Trainings and needs assessments ---------------------------------------------------------


@transaction.atomic
def training_save(
    *,
    training: Training | None,
    fields: dict[str, Any],
    organisations: Iterable[Organisation],
    actor: User | None,
) -> Training:
    if training is None:
        training = Training(created_by=actor)
    return _save(training, fields=fields, m2m={"organisations": organisations})


@transaction.atomic
def training_set_attendance(
    *,
    training: Training,
    women: int,
    men: int,
    gender_unstated: int,
    trainers_trained: int,
    organisations: Iterable[Organisation],
) -> Training:
    """Replace a training's attendance with what an attendance list gives (an import)."""
    training.women, training.men, training.gender_unstated = women, men, gender_unstated
    training.trainers_trained = trainers_trained
    training.save(
        update_fields=["women", "men", "gender_unstated", "trainers_trained", "updated_at"]
    )
    training.organisations.set(list(organisations))
    return training


@transaction.atomic
def needs_assessment_save(
    *, assessment: NeedsAssessment | None, fields: dict[str, Any]
) -> NeedsAssessment:
    return _save(assessment or NeedsAssessment(), fields=fields)


# --- Events, campaigns, milestones, media -----------------------------------------------------


@transaction.atomic
def event_save(
    *,
    event: Event | None,
    fields: dict[str, Any],
    partners: Iterable[Organisation],
    translations: Translations,
) -> Event:
    return _save(
        event or Event(), fields=fields, m2m={"partners": partners}, translations=translations
    )


@transaction.atomic
def campaign_save(
    *,
    campaign: Campaign | None,
    fields: dict[str, Any],
    targets: Iterable[models.Model],
    partners: Iterable[Organisation],
    translations: Translations,
) -> Campaign:
    return _save(
        campaign or Campaign(),
        fields=fields,
        m2m={"targets": targets, "partners": partners},
        translations=translations,
    )


@transaction.atomic
def milestone_save(
    *, milestone: Milestone | None, fields: dict[str, Any], translations: Translations
) -> Milestone:
    return _save(milestone or Milestone(), fields=fields, translations=translations)


@transaction.atomic
def media_mention_save(*, mention: MediaMention | None, fields: dict[str, Any]) -> MediaMention:
    return _save(mention or MediaMention(), fields=fields)


# --- Communications figures -------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def communications_figure_save(
    *, figure: CommunicationsFigure | None, fields: dict[str, Any]
) -> CommunicationsFigure:
    fields = {**fields, "month": month_start(fields["month"]), "source": FigureSource.STAFF}
    return _save(figure or CommunicationsFigure(), fields=fields)


@transaction.atomic
def communications_figure_set(
    *,
    month: dt.date,
    channel: str,
    video_views: int | None,
    engagement: int | None,
    followers: int | None,
) -> tuple[CommunicationsFigure, bool]:
    """One month of one channel as an import gives it (replacing what was there). Returns
    the figure and whether anything changed."""
    figure, created = CommunicationsFigure.objects.select_for_update().get_or_create(
        month=month_start(month),
        channel=channel,
        defaults={
            "video_views": video_views,
            "engagement": engagement,
            "followers": followers,
            "source": FigureSource.IMPORT,
        },
    )
    if created:
        return figure, True
    new = (video_views, engagement, followers)
    if (figure.video_views, figure.engagement, figure.followers) == new:
        return figure, False
    figure.video_views, figure.engagement, figure.followers = new
    figure.source = FigureSource.IMPORT
    figure.save()
    return figure, True


# --- Vocabularies -----------------------------------------------------------------------------


def vocabularies_load_defaults(*, apps: Apps | None = None) -> int:
    """Add the default topics and advocacy targets (defaults.py) that are missing, keyed by
    slug; what administrators changed stays. Works in a data migration (``apps``)."""
    registry = apps or django_apps
    created = 0
    rows: list[tuple[str, str, int, Names, dict[str, Any]]] = [
        ("Topic", slug, order * 10, names, {})
        for order, (slug, names) in enumerate(defaults.TOPICS)
    ] + [
        ("AdvocacyTarget", slug, order * 10, names, {"kind": kind})
        for order, (slug, kind, names) in enumerate(defaults.ADVOCACY_TARGETS)
    ]
    for model_name, slug, order, names, extra in rows:
        model = registry.get_model("activities", model_name)
        translation_model = registry.get_model("activities", f"{model_name}Translation")
        term, was_created = model.objects.get_or_create(
            slug=slug, defaults={"sort_order": order, **extra}
        )
        created += int(was_created)
        for language in ("ar", "en", "he"):
            translation_model.objects.get_or_create(
                master_id=term.pk, language_code=language, defaults={"name": names[language]}
            )
    return created
