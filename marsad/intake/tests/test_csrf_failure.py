"""A report POST that fails the CSRF check (issue 23, finding 3), and the CSRF cookie itself
(finding 10).

The reporter's own expired page gets the words back; a page of another site that posts to
the form gets nothing filled in, and contact details, consents and "email me my receipt"
never come back across a CSRF failure, whoever sent them. The cookie the form sets ends with
the browser session: no year-long cookie on a reporter's device.
"""

from __future__ import annotations

from html.parser import HTMLParser
from http.cookies import SimpleCookie

import pytest
from django.test import Client

from marsad.intake.models import Report
from marsad.intake.tests.factories import form_data

pytestmark = pytest.mark.django_db
URL = "/en/report/"
ATTACKER = form_data(
    description="planted words",
    contact_method="email",
    contact_email="attacker@evil.example",
    contact_phone="+972 59 123 4567",
    contact_signal="attacker.01",
    contact_language="en",
    consent_contact="on",
    consent_share_with_platform="on",
    consent_publish="on",
    send_receipt_by_email="on",
)


class FormValues(HTMLParser):
    """What a re-shown form holds: typed text, ticked boxes and radios, chosen options."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        if 'class="report-form"' in html:  # the report form only (not the footer's)
            self.feed(html.split('class="report-form"', 1)[1].split("</form>", 1)[0])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and a.get("type") in ("checkbox", "radio"):
            if "checked" in a:
                self.values[name] = a.get("value") or "on"
        elif tag == "input" and a.get("type") not in ("hidden", "submit", "file"):
            if a.get("value"):
                self.values[name] = a["value"] or ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in a and a.get("value"):
            self.values[self._select] = a["value"] or ""
        elif tag == "textarea":
            self._textarea = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and data.strip():
            self.values[self._textarea] = data.strip()


def post_without_a_valid_token(data: dict[str, object], **headers: str):
    """A form sent by a browser: with Fetch Metadata, it says it is a top-level navigation
    (a request another site's page makes otherwise is refused before the form's view:
    marsad/core/tests/test_resource_isolation.py)."""
    if "HTTP_SEC_FETCH_SITE" in headers:
        headers = {**headers, "HTTP_SEC_FETCH_MODE": "navigate", "HTTP_SEC_FETCH_DEST": "document"}
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    return client.post(URL, {**data, "csrfmiddlewaretoken": "x" * 64}, **headers)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "https://sub.testserver"},
        {"HTTP_ORIGIN": "https://evil.example"},  # an older browser: no Fetch Metadata
        {"HTTP_ORIGIN": "null"},  # no-referrer without Fetch Metadata: unknown origin
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://evil.example"},
        {},  # neither header: nothing says it came from this site
    ],
    ids=[
        "cross-site-null",
        "cross-site-origin",
        "same-site",
        "foreign-origin-only",
        "null-origin-only",
        "contradicting",
        "no-headers",
    ],
)
def test_a_post_from_another_site_fills_nothing_in(settings, headers):
    settings.EMAIL_ENABLED = True
    response = post_without_a_valid_token(ATTACKER, **headers)
    html = response.content.decode()
    assert response.status_code == 403
    assert "This page had expired" in html  # the site's page for a failed CSRF check
    assert FormValues(html).values == {}  # the blank form: nothing filled in, nothing ticked
    assert "planted words" not in html
    assert "attacker" not in html
    assert "123 4567" not in html
    assert not Report.objects.exists()


def test_the_reporters_own_expired_page_keeps_the_words_but_not_contact_or_consents(settings):
    settings.EMAIL_ENABLED = True
    response = post_without_a_valid_token(
        ATTACKER, HTTP_SEC_FETCH_SITE="same-origin", HTTP_ORIGIN="null"
    )
    html = response.content.decode()
    assert response.status_code == 403
    values = FormValues(html).values
    # What happened comes back; how to reach the reporter and what they agreed to do not.
    assert values == {
        "description": "planted words",
        "violation_type": "content-removal",
        "platform": "instagram",
        "links": "https://m.instagram.com/p/ABC123/?igshid=xyz&utm_source=ig",
        "account_handle": "@Gaza_Voices",
        "occurred_on": "2026-11-20",
        "target": "self",
        "victim_type": "journalist",
        "region": "gaza-strip",
        "platform_notified": "yes",
        "platform_rule": "Dangerous organisations and individuals",
        "appealed": "yes",
        "appeal_result": "refused",
    }
    for kept_out in ("attacker@evil.example", "123 4567", "attacker.01"):
        assert kept_out not in html
    assert "your contact details and your consent choices were not kept" in html
    assert not Report.objects.exists()


def test_an_older_browser_with_the_sites_own_origin_keeps_the_words():
    response = post_without_a_valid_token(ATTACKER, HTTP_ORIGIN="http://testserver")
    html = response.content.decode()
    assert response.status_code == 403
    values = FormValues(html).values
    assert values["description"] == "planted words"
    assert not {k for k in values if k.startswith(("contact_", "consent_", "send_"))}


# --- Finding 10: the form's CSRF cookie lasts no longer than the browser session -----------


def _set_cookie_lines(response) -> list[str]:
    return [morsel.OutputString() for morsel in response.cookies.values()]


@pytest.mark.parametrize("path", ["/ar/report/", "/he/report/follow-up/"])
def test_the_forms_csrf_cookie_ends_with_the_browser_session(path):
    response = Client().get(path)
    assert response.status_code == 200
    lines = _set_cookie_lines(response)
    assert [line.split("=", 1)[0] for line in lines] == ["csrftoken"]
    cookie = SimpleCookie(lines[0])["csrftoken"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert "expires" not in lines[0].lower()
    assert "max-age" not in lines[0].lower()


def test_a_refused_report_sets_no_lasting_cookie():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ar/report/", form_data(), HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 403
    for line in _set_cookie_lines(response):
        assert "expires" not in line.lower(), line
        assert "max-age" not in line.lower(), line
