"""Every page links to itself in each language, as Django's translate_url would."""

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
    "/en/statistics/chart/by-type.svg?platform=facebook",
    "/staff/",  # not language-prefixed
    "/en/no-such-page/",  # no match: the same path
    "/en/%D8%BA%D8%B2%D8%A9/",
    "/healthz",
]


@pytest.mark.parametrize("path", PATHS)
def test_language_links_are_translate_url(path):
    request = RequestFactory().get(path)
    with translation.override("en"):  # as LocaleMiddleware leaves it for /en/ pages
        links = site(request)["LANGUAGE_LINKS"]
        expected = [translate_url(request.get_full_path(), code) for code in ("ar", "en", "he")]
    assert [link["code"] for link in links] == ["ar", "en", "he"]
    assert [link["url"] for link in links] == expected, path
    assert [link["current"] for link in links] == [False, True, False]


def test_a_language_page_links_to_the_other_languages():
    request = RequestFactory().get("/en/violations/?q=x")
    with translation.override("en"):
        urls = {link["code"]: link["url"] for link in site(request)["LANGUAGE_LINKS"]}
    assert urls == {
        "ar": "/ar/violations/?q=x",
        "en": "/en/violations/?q=x",
        "he": "/he/violations/?q=x",
    }
