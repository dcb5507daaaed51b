"""Serving Marsad as a Tor onion service as well (docs/deployment.md, "Onion service"):
``Onion-Location`` on the public pages of the usual address, and the onion address itself
served over plain HTTP without the HTTPS redirect, HSTS or Secure cookies it cannot use."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ONION_HOST = "32kzkutnias4wcpvpxgzv7yi4wkyhmxggt6omgojkfv6ltx6hxzqgayd.onion"
ONION = f"http://{ONION_HOST}"


@pytest.fixture
def onion(settings) -> str:
    """MARSAD_ONION_URL as config/settings.py applies it (the host allowed, the origin
    trusted), with the production HTTPS settings in force."""
    settings.MARSAD_ONION_URL = ONION
    settings.ALLOWED_HOSTS = ["observatory.example.org", ONION_HOST]
    settings.CSRF_TRUSTED_ORIGINS = [ONION]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    return ONION


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_public_pages_name_their_onion_address(onion, language):
    client = Client(headers={"host": "observatory.example.org"})
    for path in ("/", "/report/", "/violations/?q=%D8%BA%D8%B2%D8%A9&page=2", "/no-such-page/"):
        url = f"/{language}{path}"
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        assert response["Onion-Location"] == f"{ONION}{url}", url


def test_only_public_pages_do(onion):
    client = Client(headers={"host": "observatory.example.org"})
    for url in (
        "/staff/sign-in/",
        "/api/v1/taxonomy",
        "/healthz",
        "/exit/",
        "/static/marsad/site.css",
    ):
        assert "Onion-Location" not in client.get(url, secure=True), url
    assert "Onion-Location" not in client.post("/en/report/follow-up/", secure=True)


def test_no_header_without_an_onion_service():
    response = Client().get("/en/")
    assert response.status_code == 200
    assert "Onion-Location" not in response


def test_the_onion_address_is_served_over_http(onion):
    client = Client(headers={"host": ONION_HOST})
    response = client.get("/en/report/follow-up/")
    assert response.status_code == 200
    assert "Onion-Location" not in response
    assert "Strict-Transport-Security" not in response
    assert response["Referrer-Policy"] == "no-referrer"  # SecurityMiddleware's other headers
    assert response["X-Content-Type-Options"] == "nosniff"
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] == ""  # over http://…onion browsers other than Tor's refuse Secure
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # The usual address still goes to HTTPS, with HSTS and Secure cookies.
    usual = Client(headers={"host": "observatory.example.org"})
    assert usual.get("/en/report/follow-up/")["Location"] == (
        "https://observatory.example.org/en/report/follow-up/"
    )
    secure = usual.get("/en/report/follow-up/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert secure.cookies["csrftoken"]["secure"] is True


@pytest.mark.parametrize("origin", ["null", ONION])
def test_forms_work_on_the_onion_address(onion, origin):
    """Tor Browser sends ``Origin: null`` (the site's no-referrer policy) or the onion's."""
    client = Client(enforce_csrf_checks=True, headers={"host": ONION_HOST})
    page = client.get("/en/report/follow-up/")
    token = page.context["csrf_token"]
    response = client.post(
        "/en/report/follow-up/",
        {"code": "1234 5678 9012 3456", "csrfmiddlewaretoken": str(token)},
        headers={"origin": origin, "sec-fetch-site": "same-origin"},
    )
    assert response.status_code == 400  # the form's answer to a wrong code, not a CSRF 403
    assert "This code does not open a report" in response.content.decode()


def test_a_cross_site_post_to_the_onion_address_is_still_refused(onion):
    client = Client(enforce_csrf_checks=True, headers={"host": ONION_HOST})
    token = client.get("/en/report/follow-up/").context["csrf_token"]
    response = client.post(
        "/en/report/follow-up/",
        {"code": "1234 5678 9012 3456", "csrfmiddlewaretoken": str(token)},
        headers={"origin": "http://hostile.example", "sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403


def test_an_https_onion_address_gets_the_usual_https_treatment(onion, settings):
    settings.MARSAD_ONION_URL = f"https://{ONION_HOST}"
    client = Client(headers={"host": ONION_HOST})
    response = client.get("/en/about/")
    assert response.status_code == 301
    assert response["Location"] == f"https://{ONION_HOST}/en/about/"
    secure = client.get("/en/about/", secure=True)
    assert secure.status_code == 200
    assert "Strict-Transport-Security" in secure
