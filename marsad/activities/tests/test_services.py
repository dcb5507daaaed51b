"""Writes of the organisation's record: publishing drafts its announcement (a direct call),
translations are rows, organisations are one record however they are spelt."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from marsad.activities import services
from marsad.activities.errors import AlreadyPublished, NotPublished, PublicationIncomplete
from marsad.activities.models import Organisation, Publication
from marsad.activities.tests import factories
from marsad.newsletter.choices import MailingStatus
from marsad.newsletter.models import Mailing

pytestmark = pytest.mark.django_db


def test_publishing_drafts_an_announcement_in_each_language(settings):
    settings.MARSAD_SITE_URL = "https://observatory.example.org"
    publication = factories.publication(
        published=False,
        on=dt.date(2022, 11, 20),
        titles={"ar": "المراقبة في فلسطين", "en": "Surveillance in Palestine"},
        summary_en="How surveillance shapes speech.",
    )
    mailing = services.publication_publish(publication=publication, actor=None)
    publication.refresh_from_db()
    assert publication.published_at is not None
    assert mailing.status == MailingStatus.DRAFT
    assert mailing.origin == f"publication:{publication.pk}"
    versions = {t.language_code: t for t in mailing.translations.all()}
    assert sorted(versions) == ["ar", "en"]
    assert versions["en"].subject == "New publication: Surveillance in Palestine"
    assert versions["en"].body == (
        "Surveillance in Palestine\n"
        "Research · Nov. 20, 2022\n\n"
        "How surveillance shapes speech.\n\n"
        "Read it on our site:\n"
        f"https://observatory.example.org/en/publications/{publication.pk}/"
    )
    assert f"https://observatory.example.org/ar/publications/{publication.pk}/" in (
        versions["ar"].body
    )
    with translation.override("ar"):
        assert versions["ar"].subject.endswith("المراقبة في فلسطين")


def test_publishing_twice_is_refused_and_republishing_reuses_the_draft():
    publication = factories.publication(published=False)
    first = services.publication_publish(publication=publication, actor=None)
    with pytest.raises(AlreadyPublished):
        services.publication_publish(publication=publication, actor=None)
    services.publication_unpublish(publication=publication)
    with pytest.raises(NotPublished):
        services.publication_unpublish(publication=publication)
    again = services.publication_publish(publication=publication, actor=None)
    assert again == first
    assert Mailing.objects.count() == 1


def test_a_publication_without_a_document_or_link_cannot_be_published():
    publication = factories.publication(published=False, link="")
    with pytest.raises(PublicationIncomplete):
        services.publication_publish(publication=publication, actor=None)
    publication.refresh_from_db()
    assert publication.published_at is None
    assert Mailing.objects.count() == 0


def test_translations_are_rows_and_an_empty_title_removes_a_language():
    publication = factories.publication(
        published=False, titles={"ar": "عنوان", "en": "Title", "he": "כותרת"}
    )
    assert publication.translations.count() == 3
    services.publication_save(
        publication=publication,
        fields={"kind": "guide", "published_on": dt.date(2022, 1, 1)},
        topics=[],
        translations={
            "ar": {"title": "عنوان جديد", "summary": "", "link": ""},
            "en": {"title": "", "summary": "", "link": ""},
            "he": {"title": "כותרת", "summary": "תקציר", "link": ""},
        },
        actor=None,
    )
    publication = Publication.objects.get()
    assert sorted(publication.translations.values_list("language_code", "title")) == [
        ("ar", "عنوان جديد"),
        ("he", "כותרת"),
    ]
    assert publication.kind == "guide"
    assert list(publication.topics.all()) == []


def test_one_organisation_however_it_is_spelt():
    first, created = services.organisation_find_or_create(name="جمعية  الإعلاميين")
    second, again = services.organisation_find_or_create(name="جمعيه الاعلاميين")
    third, _ = services.organisation_find_or_create(name="  JAMIYA  ")
    assert created
    assert not again
    assert first == second
    assert Organisation.objects.count() == 2
    assert first.name == "جمعية الإعلاميين"
    assert third.name == "JAMIYA"
