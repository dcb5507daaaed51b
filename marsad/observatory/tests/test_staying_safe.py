"""The staying-safe page: what Marsad keeps about a reporter and for how long, and how to
stay safe, in ar, en and he; linked from every public page, the form and the follow-up."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

ONION = "http://32kzkutnias4wcpvpxgzv7yi4wkyhmxggt6omgojkfv6ltx6hxzqgayd.onion"
HEADING = {
    "ar": "كيف تحافظ على سلامتك عند الإبلاغ",
    "en": "Staying safe when you report",
    "he": "איך לשמור על הביטחון שלך כשמדווחים",
}
LINK = {"ar": "سلامتك", "en": "Staying safe", "he": "הביטחון שלך"}
# One statement each page must make, in its language.
RECEIPT_CODE = {
    "ar": "لا نخزّن رمز الإيصال الخاص بك",
    "en": "Your receipt code is not stored",
    "he": "קוד האישור שלך אינו נשמר",
}
# A withdrawal takes a case whose only consent it was off the public site (cases.publication).
UNPUBLISHED_ON_WITHDRAWAL = {
    "ar": "فإنها تُزال من الموقع العام في اللحظة نفسها",
    "en": "it leaves the public site at the same moment",
    "he": "הוא יורד מהאתר הציבורי באותו רגע",
}


def page(client, language: str) -> str:
    response = client.get(f"/{language}/staying-safe/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_the_page_in_each_language(anonymous, language):
    html = page(anonymous, language)
    assert f"<h1>{HEADING[language]}</h1>" in html
    assert RECEIPT_CODE[language] in html
    assert UNPUBLISHED_ON_WITHDRAWAL[language] in html
    # No setting's name, no path of the documentation, no onion address unless there is one.
    assert not re.search(r"MARSAD_|INTAKE_|docs/|\.onion", html)


def test_what_it_says_follows_the_settings(anonymous, settings):
    settings.INTAKE_FOLLOWUP_SESSION_SECONDS = 1800
    assert "remembers it for 30 minutes" in page(anonymous, "en")
    settings.INTAKE_FOLLOWUP_SESSION_SECONDS = 120
    assert "remembers it for 2 minutes" in page(anonymous, "en")
    assert "دقيقتين" in page(anonymous, "ar")  # Arabic's dual
    assert "2 דקות" in page(anonymous, "he")


def test_the_onion_address_is_shown_when_there_is_one(anonymous, settings):
    settings.MARSAD_ONION_URL = ONION
    html = page(anonymous, "en")
    assert f'<a href="{ONION}/en/" class="onion" dir="ltr">{ONION}/en/</a>' in html


def test_a_person_to_talk_to_when_configured(anonymous, settings):
    html = page(anonymous, "en")
    assert "Write to us on the follow-up page, with your receipt code." in html
    assert "mailto:" not in html
    settings.MARSAD_CONTACT_EMAIL = "help@observatory.example.org"
    settings.MARSAD_CONTACT_PHONE = "+970 59 123 4567"
    settings.MARSAD_CONTACT_SIGNAL = "marsad.01"
    html = page(anonymous, "en")
    assert "Write to us on the follow-up page" not in html
    assert (
        '<a href="mailto:help@observatory.example.org" dir="ltr">'
        "help@observatory.example.org</a>" in html
    )
    assert '<a href="tel:+970591234567" dir="ltr">+970 59 123 4567</a>' in html
    assert '<span dir="ltr">marsad.01</span>' in html


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_linked_from_every_public_page_and_the_reporters_pages(anonymous, language):
    link = f'href="/{language}/staying-safe/"'
    for path in ("/", "/about/", "/report/", "/report/follow-up/"):
        html = anonymous.get(f"/{language}{path}").content.decode()
        # The strip at the top and the footer of every public page.
        assert html.count(f"<a {link}>{LINK[language]}</a>") == 2, path
    for path in ("/report/", "/report/follow-up/"):
        html = anonymous.get(f"/{language}{path}").content.decode()
        assert html.count(link) == 3, path  # and the page's own
