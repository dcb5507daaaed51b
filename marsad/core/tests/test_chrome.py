"""The parts of public pages held per language are the page's own, in its language."""

import pytest
from django.utils import translation

from marsad.core.templatetags import chrome

pytestmark = pytest.mark.django_db

NAV = {
    "ar": ('href="/ar/violations/"', "قاعدة بيانات الانتهاكات"),
    "en": ('href="/en/violations/"', "Database of violations"),
    "he": ('href="/he/violations/"', "מאגר הפגיעות"),
}


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_each_language_gets_its_own_navigation_and_mailing_list_box(client, language):
    chrome.per_language_forget()
    for _ in range(2):  # drawn, then held
        page = client.get(f"/{language}/report/").content.decode()
        link, label = NAV[language]
        assert link in page
        assert label in page
        assert f'<option value="{language}" selected>' in page
        for other in {"ar", "en", "he"} - {language}:
            assert NAV[other][0] not in page
            assert f'<option value="{other}" selected>' not in page


def test_what_is_held_is_what_would_be_drawn():
    chrome.per_language_forget()
    for language in ("ar", "en", "he"):
        with translation.override(language):
            held = chrome.per_language("includes/public_nav.html")
            assert held == chrome._draw("includes/public_nav.html", language)
            assert chrome.per_language("includes/public_nav.html") is held


def test_nothing_is_held_with_debug_on(settings):
    chrome.per_language_forget()
    settings.DEBUG = True
    with translation.override("en"):
        chrome.per_language("includes/public_nav.html")
    assert chrome._held == {}
