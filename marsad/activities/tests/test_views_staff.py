"""Staff pages of the organisation's record: analysts (communications) record, administrators
read, other roles and partners are refused, and a refused request changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from conftest import client_for, make_user
from marsad.accounts.choices import Role
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
from marsad.activities.tests import factories
from marsad.newsletter.models import Mailing

pytestmark = pytest.mark.django_db
PERSONAS = ("anonymous", "partner", "documenter", "coordinator", "analyst", "admin")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def world():
    return {
        "draft": factories.publication(published=False, titles={"en": "Draft"}),
        "published": factories.publication(titles={"en": "Out"}),
        "training": Training.objects.create(
            title="Existing",
            starts_on=dt.date(2022, 1, 1),
            topic=factories.topic(),
            format="online",
            women=3,
        ),
        "organisation": factories.organisation("Existing org"),
    }


def state():
    return (
        [(p.pk, p.published_at is not None, p.kind) for p in Publication.objects.order_by("pk")],
        list(Training.objects.values_list("pk", "title", "women", "men")),
        *(
            m.objects.count()
            for m in (
                NeedsAssessment,
                Event,
                Campaign,
                Milestone,
                MediaMention,
                CommunicationsFigure,
                Organisation,
                Mailing,
            )
        ),
    )


ACTIONS = {
    "publication_new": lambda w: (
        "/staff/activities/publications/new/",
        {"kind": "guide", "published_on": "2022-04-04", "title_ar": "دليل", "topics": []},
    ),
    "publication_edit": lambda w: (
        f"/staff/activities/publications/{w['draft'].pk}/",
        {"kind": "other", "published_on": "2022-04-04", "title_en": "Changed"},
    ),
    "publication_publish": lambda w: (
        f"/staff/activities/publications/{w['draft'].pk}/publish/",
        {},
    ),
    "publication_unpublish": lambda w: (
        f"/staff/activities/publications/{w['published'].pk}/unpublish/",
        {},
    ),
    "training_new": lambda w: (
        "/staff/activities/trainings/new/",
        {
            "title": "New",
            "starts_on": "2022-05-05",
            "topic": factories.topic().pk,
            "format": "online",
            "women": 4,
            "men": 5,
            "gender_unstated": 0,
            "trainers_trained": 0,
            "new_organisations": "A new organisation",
        },
    ),
    "training_edit": lambda w: (
        f"/staff/activities/trainings/{w['training'].pk}/",
        {
            "title": "Renamed",
            "starts_on": "2022-01-01",
            "topic": factories.topic().pk,
            "format": "online",
            "women": 3,
            "men": 0,
            "gender_unstated": 0,
            "trainers_trained": 0,
        },
    ),
    "training_attendance": lambda w: (
        f"/staff/activities/trainings/{w['training'].pk}/attendance/",
        {"file": SimpleUploadedFile("list.csv", b"Gender,Organisation\nm,Org A\nm,Org B\n")},
    ),
    "assessment_new": lambda w: (
        "/staff/activities/assessments/new/",
        {"organisation": w["organisation"].pk, "assessed_on": "2022-02-02"},
    ),
    "event_new": lambda w: (
        "/staff/activities/events/new/",
        {
            "kind": "forum",
            "role": "organised",
            "starts_on": "2022-10-01",
            "title_en": "Forum",
            "attendees_in_person": 1,
            "attendees_online": 2,
            "viewers": 3,
            "speakers": 4,
        },
    ),
    "campaign_new": lambda w: (
        "/staff/activities/campaigns/new/",
        {
            "kind": "campaign",
            "starts_on": "2022-10-01",
            "title_ar": "حملة",
            "targets": [factories.target("meta").pk],
        },
    ),
    "milestone_new": lambda w: (
        "/staff/activities/milestones/new/",
        {"kind": "membership", "achieved_on": "2022-05-01", "title_en": "GNI"},
    ),
    "media_new": lambda w: (
        "/staff/activities/media/new/",
        {"outlet": "Al Jazeera", "published_on": "2022-05-01", "language": "ar", "kind": "article"},
    ),
    "communications_new": lambda w: (
        "/staff/activities/communications/new/",
        {"month": "2022-05", "channel": "tiktok", "video_views": 10},
    ),
    "communications_import": lambda w: (
        "/staff/activities/communications/import/",
        {"file": SimpleUploadedFile("x.csv", b"Date,Channel,Views\n2022-01-01,facebook,5\n")},
    ),
    "organisation_new": lambda w: (
        "/staff/activities/organisations/new/",
        {"name": "Brand new", "kind": "media"},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_only_analysts_record(persona, action, django_capture_on_commit_callbacks):
    w = world()
    client = client_for(persona)
    url, data = ACTIONS[action](w)
    if action.endswith("import") or action == "training_attendance":
        data["dry_run"] = ""  # really import
    before = state()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, data)
    if persona == "analyst":
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        if response.status_code == 200:
            assert "Nothing was imported" not in response.content.decode()
        assert state() != before
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith("/staff/sign-in/")
        assert state() == before
        assert callbacks == []


STAFF_PAGES = [
    "/staff/activities/",
    "/staff/activities/publications/",
    "/staff/activities/trainings/",
    "/staff/activities/assessments/",
    "/staff/activities/events/",
    "/staff/activities/campaigns/",
    "/staff/activities/milestones/",
    "/staff/activities/media/",
    "/staff/activities/communications/",
    "/staff/activities/organisations/",
]


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_every_page_renders_in_each_language(language):
    w = world()
    analyst = Client()
    analyst.cookies.load({"marsad_language": language})
    analyst.force_login(make_user(Role.ANALYST))
    pages = [
        *STAFF_PAGES,
        "/staff/activities/?start=2022-01-01&end=2022-12-31",
        *(
            f"/staff/activities/{kind}/new/"
            for kind in (
                "publications",
                "trainings",
                "assessments",
                "events",
                "campaigns",
                "milestones",
                "media",
                "communications",
                "organisations",
            )
        ),
        f"/staff/activities/publications/{w['draft'].pk}/",
        f"/staff/activities/trainings/{w['training'].pk}/",
        f"/staff/activities/trainings/{w['training'].pk}/attendance/",
        "/staff/activities/communications/import/",
    ]
    for url in pages:
        response = analyst.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}"' in response.content.decode()


def test_admins_read_but_do_not_record():
    admin = client_for("admin")
    for url in STAFF_PAGES:
        assert admin.get(url).status_code == 200, url
    assert admin.get("/staff/activities/publications/new/").status_code == 403


def test_a_publication_with_three_languages_and_a_pdf_from_the_form():
    analyst = client_for("analyst")
    response = analyst.post(
        "/staff/activities/publications/new/",
        {
            "kind": "survey_results",
            "published_on": "2022-12-01",
            "topics": [factories.topic("privacy").pk],
            "title_ar": "نتائج استطلاع الخصوصية",
            "summary_ar": "ملخص",
            "title_en": "Privacy survey results",
            "title_he": "תוצאות סקר הפרטיות",
            "document_ar": SimpleUploadedFile("survey.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    versions = {t.language_code: t for t in publication.translations.all()}
    assert sorted(versions) == ["ar", "en", "he"]
    assert versions["ar"].document.name.endswith(".pdf")
    assert "survey" not in versions["ar"].document.name  # never the uploaded name
    response = analyst.post(f"/staff/activities/publications/{publication.pk}/publish/")
    mailing = Mailing.objects.get()
    assert response["Location"] == f"/staff/newsletter/mailings/{mailing.pk}/"


def test_a_document_that_is_not_a_pdf_is_refused_and_nothing_saved():
    analyst = client_for("analyst")
    response = analyst.post(
        "/staff/activities/publications/new/",
        {
            "kind": "guide",
            "published_on": "2022-12-01",
            "title_en": "A guide",
            "document_en": SimpleUploadedFile(
                "guide.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
            ),
        },
    )
    assert response.status_code == 400
    assert "يجب أن يكون المستند ملف PDF." in response.content.decode()  # in the staff's Arabic
    assert Publication.objects.count() == 0


def test_a_title_in_some_language_is_needed():
    analyst = client_for("analyst")
    response = analyst.post(
        "/staff/activities/milestones/new/", {"kind": "award", "achieved_on": "2022-01-01"}
    )
    assert response.status_code == 400
    assert Milestone.objects.count() == 0


def test_trainers_cannot_outnumber_participants():
    analyst = client_for("analyst")
    response = analyst.post(
        "/staff/activities/trainings/new/",
        {
            "title": "ToT",
            "starts_on": "2022-05-05",
            "topic": factories.topic().pk,
            "format": "online",
            "women": 1,
            "men": 1,
            "gender_unstated": 0,
            "trainers_trained": 5,
        },
    )
    assert response.status_code == 400
    assert Training.objects.count() == 0


def test_the_list_pages_have_pinned_query_counts(django_assert_num_queries):
    analyst = client_for("analyst")
    for n in range(4):
        factories.publication(titles={"en": f"P{n}"})
    analyst.get("/staff/activities/publications/")
    # session, user, permissions (2), count, page, translations
    with django_assert_num_queries(7):
        assert analyst.get("/staff/activities/publications/").status_code == 200
