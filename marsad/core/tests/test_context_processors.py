"""Every page links to itself in each language, as Django's translate_url would."""

import re

import pytest
from django.test import RequestFactory
from django.urls import translate_url
from django.utils import translation

from marsad.core.context_processors import site

PATHS = [
    "/ar/",
    "/en/report/",
    "/he/violations/?q=%D8%BA%D8%B2%D8%A9&page=2",
    "/en/violations/?q=غزة#results",
    "/en/statistics/charts/platform.svg?platform=facebook",
    "/staff/",  # not language-prefixed
    "/healthz",
]


@pytest.mark.parametrize("path", PATHS)
def test_language_links_are_translate_url(path):
    request = RequestFactory().get(path)
    first = path.split("/")[1]
    language = first if first in ("ar", "en", "he") else "en"
    with translation.override(language):  # as LocaleMiddleware leaves it for the path
        links = site(request)["LANGUAGE_LINKS"]
        expected = [translate_url(request.get_full_path(), code) for code in ("ar", "en", "he")]
    assert [link["code"] for link in links] == ["ar", "en", "he"]
    assert [link["url"] for link in links] == expected, path
    assert [link["current"] for link in links] == [code == language for code in ("ar", "en", "he")]


def test_a_language_page_links_to_the_other_languages():
    request = RequestFactory().get("/en/violations/?q=x")
    with translation.override("en"):
        urls = {link["code"]: link["url"] for link in site(request)["LANGUAGE_LINKS"]}
    assert urls == {
        "ar": "/ar/violations/?q=x",
        "en": "/en/violations/?q=x",
        "he": "/he/violations/?q=x",
    }


HOMES = {"ar": "/ar/", "en": "/en/", "he": "/he/"}


@pytest.mark.parametrize(
    "path",
    [
        "/en/no-such-page/",
        "/en/no-such-page/?q=1",
        "/en/%D8%BA%D8%B2%D8%A9/",
        # A link to the real site whose path is another host's address: without care, the
        # 404 page's language links point there (a look-alike report form, one click away
        # from the genuine address bar).
        "//evil.example/ar/report/x",
        "//evil.example",
        "/\\evil.example/",
        "///evil.example/",
    ],
)
def test_a_page_that_does_not_exist_links_to_each_language_home(path):
    request = RequestFactory().get("/", PATH_INFO=path)
    with translation.override("en"):
        urls = {link["code"]: link["url"] for link in site(request)["LANGUAGE_LINKS"]}
    assert urls == HOMES


@pytest.mark.django_db
def test_the_404_page_links_nowhere_else(client):
    response = client.get("/", PATH_INFO="//evil.example/en/nothing")
    html = response.content.decode()
    assert response.status_code == 404
    assert "evil.example" not in html
    links = re.findall(r'<a class="lang" href="([^"]*)" lang="(\w+)"', html)
    assert len(links) == 2
    assert all(href == HOMES[code] for href, code in links), links
