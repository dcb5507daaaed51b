"""What another site learns by loading Marsad's private URLs in a visitor's browser.

Another page cannot read a cross-origin answer, but it sees whether an ``<img>`` or
``<script>`` loaded or failed, whether ``fetch(url, {mode: "no-cors", redirect: "manual"})``
met a redirect, and how long it took (XS-Leaks). Session cookies are ``SameSite=Lax``, so a
page of another *site* sends none with such requests; a page of the same site does: the
organisation's own website on a sibling address (``org.example`` beside
``observatory.org.example``, as 7or sits beside 7amleh.org), one plug-in away from hostile.
From there, ``/ar/report/follow-up/`` answering 302 (a receipt code was entered in this
browser) or 200 (none) says that this visitor reported a violation, and ``/staff/`` that
they work on reports.

So the private URLs (the staff area, the admin, the non-public API, the report form, the
follow-up and the mailing list's pages) refuse a request the browser labels as sent by
another site or a sibling one unless it is a top-level navigation, before any view runs,
and all their answers carry ``Cross-Origin-Resource-Policy: same-origin`` (for browsers
without Fetch Metadata)."""

from __future__ import annotations

import pytest
from django.test import Client

from marsad.intake.access import SESSION_KEY
from marsad.intake.choices import Channel, Trust
from marsad.intake.receipts import format_code
from marsad.intake.services import ReportData, report_submit

pytestmark = pytest.mark.django_db


def subresource(site: str, dest: str = "image", mode: str = "no-cors") -> dict[str, str]:
    return {
        "HTTP_SEC_FETCH_SITE": site,
        "HTTP_SEC_FETCH_MODE": mode,
        "HTTP_SEC_FETCH_DEST": dest,
    }


NAVIGATION = {
    "HTTP_SEC_FETCH_SITE": "cross-site",
    "HTTP_SEC_FETCH_MODE": "navigate",
    "HTTP_SEC_FETCH_DEST": "document",
}


@pytest.fixture
def reporter() -> Client:
    """A browser where a receipt code was entered a moment ago."""
    code = report_submit(
        data=ReportData(description="حذفت المنصة حسابي", language="ar"),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material="test:isolation",
    ).receipt_code
    client = Client()
    assert client.post("/ar/report/follow-up/", {"code": format_code(code)}).status_code == 302
    return client


@pytest.mark.parametrize("site", ["same-site", "cross-site"])
@pytest.mark.parametrize(
    ("dest", "mode"),
    [("image", "no-cors"), ("script", "no-cors"), ("empty", "no-cors"), ("empty", "cors")],
)
def test_another_page_cannot_tell_whether_a_code_was_entered(reporter, site, dest, mode):
    with_code = reporter.get("/ar/report/follow-up/", **subresource(site, dest, mode))
    without = Client().get("/ar/report/follow-up/", **subresource(site, dest, mode))
    assert (with_code.status_code, without.status_code) == (403, 403)
    assert with_code.content == without.content
    assert with_code["Cross-Origin-Resource-Policy"] == "same-origin"
    # And the request changed nothing: the follow-up is still open on this device.
    assert SESSION_KEY in reporter.session
    assert reporter.get("/ar/report/follow-up/case/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/staff/",
        "/staff/reports/",
        "/admin/",
        "/api/v1/reports",
        "/en/report/",
        "/en/newsletter/subscribe/",
    ],
)
def test_private_urls_refuse_other_sites_subresources(documenter, url):
    assert documenter.get(url, **subresource("same-site")).status_code == 403
    assert documenter.get(url, **subresource("cross-site", "script")).status_code == 403


def test_a_link_from_another_site_still_opens_the_page(reporter):
    """Top-level navigations (a link in an email or on another site) are what people do."""
    response = reporter.get("/ar/report/follow-up/", **NAVIGATION)
    assert response.status_code == 302
    assert Client().get("/ar/report/", **NAVIGATION).status_code == 200
    framed = dict(NAVIGATION, HTTP_SEC_FETCH_DEST="object")
    assert Client().get("/ar/report/", **framed).status_code == 403


def test_the_sites_own_requests_and_requests_without_fetch_metadata_pass(reporter):
    assert reporter.get("/ar/report/follow-up/", **subresource("same-origin")).status_code == 302
    assert reporter.get("/ar/report/follow-up/").status_code == 302  # a script, an old browser
    assert reporter.get("/ar/report/follow-up/", HTTP_SEC_FETCH_SITE="none").status_code == 302


def test_every_private_answer_is_for_this_origin_only(reporter):
    for response in (
        reporter.get("/ar/report/follow-up/case/"),
        Client().get("/ar/report/"),
        Client().get("/staff/"),
    ):
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "url",
    [
        "/ar/statistics/charts/months.svg",
        "/api/v1/violations",
        "/ar/violations/",
        "/ar/publications/feed/",
        "/static/marsad/icon.svg",
    ],
)
def test_public_data_stays_embeddable(url):
    """Open data and charts are for other sites to show and read."""
    response = Client().get(url, **subresource("cross-site", "image"))
    assert response.status_code == 200
    assert "Cross-Origin-Resource-Policy" not in response
