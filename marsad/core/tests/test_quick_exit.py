"""The quick exit: on every public page, a plain link that works without JavaScript, to an
address that forgets what this device holds of Marsad and sends it to an ordinary site."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from marsad.intake import services
from marsad.intake.choices import Channel, Trust
from marsad.intake.forms import ReportForm
from marsad.intake.tests.factories import form_data

pytestmark = pytest.mark.django_db

LABEL = {"ar": "خروج سريع", "en": "Quick exit", "he": "יציאה מהירה"}
SCRIPT = '<script src="/static/marsad/exit.js" defer></script>'


def exit_link(language: str) -> str:
    return (
        f'<a id="quick-exit" class="quick-exit" href="/exit/" rel="nofollow noreferrer">'
        f"{LABEL[language]}</a>"
    )


@pytest.mark.parametrize("language", ["ar", "en", "he"])
@pytest.mark.parametrize(
    "path", ["/", "/report/", "/report/follow-up/", "/about/", "/violations/", "/no-such-page/"]
)
def test_every_public_page_has_the_quick_exit(anonymous, language, path):
    response = anonymous.get(f"/{language}{path}")
    html = response.content.decode()
    assert response.status_code in (200, 404)
    assert html.count(exit_link(language)) == 1
    assert html.count(SCRIPT) == 1


def test_staff_pages_have_none(documenter, anonymous):
    for client, path in ((documenter, "/staff/"), (anonymous, "/staff/sign-in/")):
        html = client.get(path).content.decode()
        assert 'id="quick-exit"' not in html, path
        assert "exit.js" not in html, path


def test_the_exit_sends_the_visitor_to_the_configured_site(anonymous, settings):
    assert settings.MARSAD_QUICK_EXIT_URL == "https://www.google.com/"
    settings.MARSAD_QUICK_EXIT_URL = "https://weather.example.org/today"
    response = anonymous.get("/exit/")
    assert response.status_code == 302
    assert response["Location"] == "https://weather.example.org/today"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_exit_forgets_this_device(anonymous):
    # A reporter on their report's follow-up page, with the language and CSRF cookies set.
    form = ReportForm(form_data(), language="en")
    assert form.is_valid(), form.errors
    submitted = services.report_submit(
        data=form.report_data(),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material="form:quick-exit",
    )
    assert (
        anonymous.post("/en/report/follow-up/", {"code": submitted.receipt_code}).status_code == 302
    )
    assert anonymous.get("/en/report/follow-up/case/").status_code == 200
    anonymous.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = anonymous.get("/exit/", headers={"Sec-Fetch-Site": "same-origin"})

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cookies", "storage"'
    for name in (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    ):
        assert response.cookies[name].value == "", name
        assert response.cookies[name]["max-age"] == 0, name
    # Back on the follow-up page, the code must be entered again.
    back = anonymous.get("/en/report/follow-up/case/")
    assert back.status_code == 302
    assert back["Location"] == "/en/report/follow-up/"


def test_another_site_cannot_make_a_visitor_forget(anonymous):
    anonymous.get("/en/report/")
    session_before = anonymous.session.session_key
    anonymous.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = anonymous.get("/exit/", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 302
    assert response["Location"] == settings.MARSAD_QUICK_EXIT_URL
    assert "Clear-Site-Data" not in response
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert anonymous.session.session_key == session_before


def test_a_get_does_not_end_a_staff_session(documenter):
    """The browser drops the cookies (Clear-Site-Data); the server does not sign staff out on a
    GET that any site could send (Django's own sign-out is a POST for that reason)."""
    response = documenter.get("/exit/", headers={"Sec-Fetch-Site": "same-origin"})
    assert response["Clear-Site-Data"] == '"cookies", "storage"'
    assert documenter.get("/staff/").status_code == 200


def test_the_exit_is_a_get(anonymous):
    assert anonymous.post("/exit/").status_code == 405


def test_the_script_is_small_and_served(anonymous):
    body = b"".join(Client().get("/static/marsad/exit.js").streaming_content)
    assert b"location.replace" in body
    assert len(body) <= 1024
