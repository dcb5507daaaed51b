"""The public publications pages in ar, en and he: the listing (linking its Atom feed), a page
per publication, its PDFs as downloads; drafts are nowhere; text shown in another language
than the page's says so (``lang`` and ``dir``)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marsad.activities import services
from marsad.activities.tests import factories

pytestmark = pytest.mark.django_db
LANGUAGES = ("ar", "en", "he")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published():
    return factories.publication(
        kind="position_paper",
        on=dt.date(2022, 9, 1),
        titles={"ar": "ورقة موقف حول الخصوصية", "en": "Position paper on privacy"},
        summary_ar="ملخص الورقة",
    )


@pytest.fixture
def draft():
    return factories.publication(published=False, titles={"en": "Secret draft"})


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_listing_in_each_language(anonymous, published, draft, language):
    response = anonymous.get(f"/{language}/publications/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{"ltr" if language == "en" else "rtl"}">' in html
    assert f'href="/{language}/publications/feed/"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html
    assert f'href="/{language}/publications/{published.pk}/"' in html
    assert "Secret draft" not in html
    if language == "he":  # no Hebrew version: the Arabic title, marked as Arabic
        link = f'<a href="/he/publications/{published.pk}/" lang="ar" dir="rtl">'
        assert f"{link}ورقة موقف حول الخصوصية</a>" in html
    if language == "en":
        assert 'lang="en" dir="ltr">Position paper on privacy</a>' in html


def test_the_listing_filters_by_type(anonymous, published):
    factories.publication(kind="guide", titles={"en": "A guide"})
    html = anonymous.get("/en/publications/?kind=guide").content.decode()
    assert "A guide" in html
    assert "Position paper on privacy" not in html
    everything = anonymous.get("/en/publications/?kind=nonsense").content.decode()
    assert "A guide" in everything
    assert "Position paper on privacy" in everything


def test_the_listing_query_count_is_pinned(anonymous, django_assert_num_queries):
    for n in range(5):
        factories.publication(titles={"ar": f"عنوان {n}", "en": f"Title {n}"})
    # count, page, translations, topics, topics' translations
    with django_assert_num_queries(5):
        assert anonymous.get("/ar/publications/").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_publication_page_and_its_downloads(anonymous, language):
    publication = services.publication_save(
        publication=None,
        fields={"kind": "research", "published_on": dt.date(2022, 3, 1)},
        topics=[factories.topic("surveillance")],
        translations={
            "ar": {
                "title": "بحث",
                "summary": "",
                "link": "",
                "document": SimpleUploadedFile("x.pdf", PDF, "application/pdf"),
            },
            "en": {"title": "Research", "summary": "", "link": "https://example.org/online"},
        },
        actor=None,
    )
    services.publication_publish(publication=publication, actor=None)
    html = anonymous.get(f"/{language}/publications/{publication.pk}/").content.decode()
    assert f'href="/{language}/publications/{publication.pk}/document/ar/"' in html
    assert 'href="https://example.org/online"' in html
    download = anonymous.get(f"/{language}/publications/{publication.pk}/document/ar/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="publication-{publication.pk}-ar.pdf"'
    )
    assert b"".join(download.streaming_content) == PDF
    assert (
        anonymous.get(f"/{language}/publications/{publication.pk}/document/en/").status_code == 404
    )
    assert (
        anonymous.get(f"/{language}/publications/{publication.pk}/document/xx/").status_code == 404
    )


def test_drafts_and_their_files_are_not_public(anonymous, draft):
    assert anonymous.get(f"/ar/publications/{draft.pk}/").status_code == 404
    assert anonymous.get(f"/ar/publications/{draft.pk}/document/en/").status_code == 404
    services.publication_publish(publication=draft, actor=None)
    services.publication_unpublish(publication=draft)
    assert anonymous.get(f"/en/publications/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_atom_feed(anonymous, published, draft, language):
    response = anonymous.get(f"/{language}/publications/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://testserver/{language}/publications/{published.pk}/"
    )
    expected = "Position paper on privacy" if language == "en" else "ورقة موقف حول الخصوصية"
    assert entry.find(f"{ATOM}title").text == expected
    categories = [c.get("term") for c in entry.findall(f"{ATOM}category")]
    assert len(categories) == 2
