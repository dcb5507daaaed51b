"""A page of a sibling address of the same site (the organisation's own website beside the
observatory, e.g. ``org.example`` and ``observatory.org.example``) tries, in a real browser,
to tell whether its visitor entered a receipt code on Marsad or works in its staff area: a
``no-cors`` fetch with the visitor's cookies (``SameSite=Lax`` sends them between sibling
addresses), an ``<img>``'s load and error events, and the number of requests they make (a
redirect is a round trip more, which the page can time). Both states must look the same to
it (marsad/core/tests/test_resource_isolation.py for the rule)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, Trust
from marsad.intake.receipts import format_code
from marsad.intake.services import ReportData
from tests.browser.conftest import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PROBE = """
async (target) => {
  const out = {};
  try {
    out.fetch = (await fetch(target, {mode: "no-cors", credentials: "include"})).type;
  } catch (e) {
    out.fetch = "error";
  }
  out.img = await new Promise((done) => {
    const img = new Image();
    img.onload = () => done("load");
    img.onerror = () => done("error");
    img.src = target + "?img";
  });
  return out;
}
"""


class _SiblingPage(BaseHTTPRequestHandler):
    """The sibling site: one empty page (the probe is run in it)."""

    def do_GET(self) -> None:
        body = b"<!doctype html><title>sibling</title><p>sibling"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def sites(base_url, settings) -> Iterator[tuple[str, str]]:
    """(Marsad's origin, the sibling's origin): two names under ``localhost``, which
    Chromium resolves to this machine and counts as one site; the sibling is a small server
    of its own on this machine."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "observatory.localhost"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SiblingPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield (
            f"http://observatory.localhost:{urlsplit(base_url).port}",
            f"http://org.localhost:{server.server_address[1]}",
        )
    finally:
        server.shutdown()
        server.server_close()


def receipt_code() -> str:
    return format_code(
        intake_services.report_submit(
            data=ReportData(description="حذفت المنصة حسابي.", language="ar"),
            files=[],
            channel=Channel.WEB_FORM,
            trust=Trust.NORMAL,
            submission_material=f"browser-sibling:{uuid.uuid4().hex}",
        ).receipt_code
    )


def sibling_probe(context, sibling: str, marsad: str, target: str) -> dict[str, object]:
    """What the sibling's page sees, and how many requests its two loads made: a redirect
    is one request more, a round trip the page can time (tens to hundreds of milliseconds
    on a mobile network)."""
    page = context.new_page()
    page.goto(f"{sibling}/")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if r.url.startswith(marsad) else None)
    seen = page.evaluate(PROBE, target)
    return {**seen, "requests": len(asked)}


def test_a_sibling_page_cannot_tell_a_reporter_from_anyone(browser_context, sites):
    marsad, sibling = sites
    target = f"{marsad}/ar/report/follow-up/"
    reporter = browser_context(check=False)
    page = reporter.new_page()
    page.goto(target)
    page.fill("#id_code", receipt_code())
    page.click("button[type=submit].button")
    page.wait_for_url("**/ar/report/follow-up/case/")
    shot(page, "reporter")
    anyone = browser_context(check=False)
    anyone.new_page().goto(target)  # a visitor with cookies of Marsad, but no code entered
    seen_reporter = sibling_probe(reporter, sibling, marsad, target)
    seen_anyone = sibling_probe(anyone, sibling, marsad, target)
    assert seen_reporter == seen_anyone == {"fetch": "error", "img": "error", "requests": 2}
    # The reporter's follow-up is still open: the probes changed nothing.
    page.goto(target)
    assert page.url.endswith("/ar/report/follow-up/case/")


def test_a_sibling_page_cannot_tell_staff_from_anyone(browser_context, sites):
    marsad, sibling = sites
    client = Client()
    client.force_login(make_user(Role.DOCUMENTER))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    staff = browser_context(check=False)
    staff.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": marsad}])
    assert urlsplit(staff.new_page().goto(f"{marsad}/staff/").url).path == "/staff/"
    anyone = browser_context(check=False)
    target = f"{marsad}/staff/"
    seen_staff = sibling_probe(staff, sibling, marsad, target)
    seen_anyone = sibling_probe(anyone, sibling, marsad, target)
    assert seen_staff == seen_anyone == {"fetch": "error", "img": "error", "requests": 2}
