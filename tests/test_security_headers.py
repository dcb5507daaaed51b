"""Every response carries the security headers, and cookies are locked down.

Headers are checked on every URL of the URL walk (tests/url_rules.py), pages, redirects and
errors alike. The production-only parts (HSTS, Secure cookies, the HTTPS redirect) are checked
with the settings that ``config/settings.py`` really produces under ``MARSAD_ENV=production``:
a subprocess reads them, and the requests are made here with those values in force.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from conftest import make_user
from marsad.accounts.choices import Role
from tests.url_rules import walk_urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long test password"  # conftest.make_user's password

# Settings that decide the headers and cookie flags; read from the production settings.
PRODUCTION_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
)


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


def permissions_policy(header: str) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in header.split(","))


def assert_security_headers(response, url: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = csp_directives(csp)
    assert directives.get("default-src") == ["'self'"], f"{url}: CSP {csp!r}"
    assert "unsafe-inline" not in csp, f"{url}: CSP {csp!r}"
    assert "unsafe-eval" not in csp, f"{url}: CSP {csp!r}"
    assert directives.get("script-src") == ["'self'"], f"{url}: CSP {csp!r}"
    assert directives.get("object-src") == ["'none'"], f"{url}: CSP {csp!r}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{url}: CSP {csp!r}"
    assert directives.get("base-uri") == ["'self'"], f"{url}: CSP {csp!r}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "no-referrer", url
    assert response.headers.get("X-Frame-Options") == "DENY", url
    policy = permissions_policy(response.headers.get("Permissions-Policy", ""))
    for feature in ("camera", "microphone", "geolocation"):
        assert policy.get(feature) == "()", f"{url}: Permissions-Policy {feature}"


def test_every_response_carries_the_security_headers():
    client = Client()
    urls = [w.url for w in walk_urls() if w.url] + ["/no/such/page/", "/en/no-such-page/"]
    for url in urls:
        assert_security_headers(client.get(url), url)


def _cookies(secure: bool) -> dict[str, object]:
    """The session, CSRF and language cookies as a browser gets them."""
    make_user(Role.DOCUMENTER)
    client = Client()
    sign_in_page = client.get("/staff/sign-in/", secure=secure)
    signed_in = client.post(
        "/staff/sign-in/",
        {"username": "test-documenter", "password": PASSWORD},
        secure=secure,
    )
    language = client.post("/i18n/setlang/", {"language": "en", "next": "/en/"}, secure=secure)
    assert signed_in.status_code == 302
    assert language.status_code == 302
    return {
        "csrf": sign_in_page.cookies[settings.CSRF_COOKIE_NAME],
        "session": signed_in.cookies[settings.SESSION_COOKIE_NAME],
        "language": language.cookies[settings.LANGUAGE_COOKIE_NAME],
    }


def test_cookies_are_http_only_and_same_site():
    for name, cookie in _cookies(secure=False).items():
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] in {"Lax", "Strict"}, name


# ---------------------------------------------------------------------------------------------
# Production


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory) -> dict[str, object]:
    """The security settings ``config/settings.py`` gives with MARSAD_ENV=production."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "MARSAD_", "SECRET_", "ALLOWED_", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MARSAD_ENV="production",
        MARSAD_DATA_DIR=str(tmp_path_factory.mktemp("production")),
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="observatory.example.org",
        EMAIL_HOST="smtp.example.org",
        MARSAD_SITE_URL="https://observatory.example.org",
        MARSAD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        MARSAD_HASH_KEY=secrets.token_urlsafe(48),
    )
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_turns_on_hsts_and_secure_cookies(production_settings):
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    for prefix in ("SESSION", "CSRF", "LANGUAGE"):
        assert production_settings[f"{prefix}_COOKIE_SECURE"] is True, prefix
        assert production_settings[f"{prefix}_COOKIE_HTTPONLY"] is True, prefix
        assert production_settings[f"{prefix}_COOKIE_SAMESITE"] in {"Lax", "Strict"}, prefix


def test_production_responses_over_https(production_settings):
    with override_settings(**production_settings):
        response = Client().get("/en/", secure=True)
        assert response.status_code == 200
        assert_security_headers(response, "/en/")
        hsts = [part.strip() for part in response["Strict-Transport-Security"].split(";")]
        assert int(hsts[0].removeprefix("max-age=")) >= 31536000, hsts
        assert "includeSubDomains" in hsts
        for name, cookie in _cookies(secure=True).items():
            assert cookie["secure"] is True, name
            assert cookie["httponly"] is True, name
            assert cookie["samesite"] in {"Lax", "Strict"}, name


def test_production_sends_plain_http_to_https(production_settings):
    with override_settings(**production_settings):
        response = Client().get("/en/about/")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/en/about/"
