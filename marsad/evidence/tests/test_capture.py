"""URL captures: a WARC that warcio reads back, hashes that match, limits, refusals, retries."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import ipaddress
import json
import os
import secrets
import subprocess
import sys

import pytest
from django.utils import timezone
from PIL import Image
from warcio.archiveiterator import ArchiveIterator

from marsad.evidence import capture, screenshot, services, work
from marsad.evidence.choices import Action, State
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.storage import evidence_storage
from marsad.evidence.tests.conftest import Page, submit_report
from marsad.intake import services as intake_services

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "<html lang='ar'><body><h1>منشور محذوف</h1><p>نص المنشور</p></body></html>".encode()


def records(item: EvidenceItem) -> list:
    with evidence_storage().open(item.original.name, "rb") as handle:
        return [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI"),
                r.http_headers,
                r.content_stream().read(),
            )
            for r in ArchiveIterator(handle)
        ]


def test_a_capture_does_not_tell_the_site_that_it_is_the_observatory(site, violation):
    """A reporter's link can be the perpetrator's own: a blackmailer's tracking link, an
    "IP logger" sent to the victim alone, the smear site. Its server sees the capture; a
    request signed "Marsad evidence capture" right after the report tells them that the
    person they sent it to went to a digital-rights observatory. The capture asks as an
    ordinary browser and names Marsad nowhere in what it sends."""
    site.pages["/only-for-the-victim?t=8f2c"] = Page(
        body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"}
    )
    item, _created = services.evidence_capture_request(
        url=site.url("/only-for-the-victim?t=8f2c"), violation=violation
    )
    item.refresh_from_db()
    assert item.state == State.STORED, item.last_error
    (request,) = [r for r in records(item) if r[0] == "request"]
    sent = request[2].headers
    assert all("marsad" not in value.lower() for _name, value in sent), sent
    user_agent = request[2].get_header("User-Agent")
    assert user_agent.startswith("Mozilla/5.0 (")
    assert "compatible" not in user_agent
    assert "Chrome/" in user_agent


def test_capture_of_a_local_page_gives_a_warc_that_warcio_reads_back(site, violation):
    site.pages["/post/1"] = Page(body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    url = site.url("/post/1")
    item, created = services.evidence_capture_request(url=url, violation=violation)
    assert created
    item.refresh_from_db()
    assert item.state == State.STORED, item.last_error
    assert item.http_status == 200
    assert item.final_url == url
    assert not item.truncated
    assert item.captured_at is not None
    assert item.content_type == "application/warc"
    # The stored WARC hashes to the recorded SHA-256.
    with evidence_storage().open(item.original.name, "rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == item.sha256
    assert item.size == evidence_storage().size(item.original.name)
    read = records(item)
    # warcio writes the response record first, then its request (WARC-Concurrent-To).
    assert [r[0] for r in read] == ["warcinfo", "response", "request"]
    _, target, http_headers, body = read[1]
    assert target == url
    assert http_headers.get_statuscode() == "200"
    assert body == PAGE
    assert read[2][1] == url
    assert read[2][2].protocol == "GET"
    event = CustodyEvent.objects.get(item=item, action=Action.CAPTURED)
    assert event.detail["status"] == 200
    assert event.item_sha256 == item.sha256


def test_redirects_are_followed_and_each_hop_is_archived(site, violation):
    site.pages["/short"] = Page(status=301, headers={"Location": "/long"})
    site.pages["/long"] = Page(body=b"final page", headers={"Content-Type": "text/plain"})
    item, _ = services.evidence_capture_request(url=site.url("/short"), violation=violation)
    item.refresh_from_db()
    assert item.state == State.STORED
    assert item.final_url == site.url("/long")
    responses = [r for r in records(item) if r[0] == "response"]
    assert [r[2].get_statuscode() for r in responses] == ["301", "200"]
    assert responses[1][3] == b"final page"


def test_a_page_larger_than_the_limit_is_cut_and_marked(site, violation, settings):
    settings.EVIDENCE_CAPTURE_MAX_MB = 1
    site.pages["/big"] = Page(body=b"x" * (3 * 1024 * 1024), headers={"Content-Type": "text/plain"})
    item, _ = services.evidence_capture_request(url=site.url("/big"), violation=violation)
    item.refresh_from_db()
    assert item.state == State.STORED
    assert item.truncated
    with evidence_storage().open(item.original.name, "rb") as handle:
        seen = [
            (r.rec_headers.get_header("WARC-Truncated"), len(r.content_stream().read()))
            for r in ArchiveIterator(handle)
            if r.rec_type == "response"
        ]
    assert seen == [("length", 1024 * 1024)]


def test_a_server_error_is_retried_with_back_off_then_fails(site, violation, settings):
    settings.EVIDENCE_CAPTURE_ATTEMPTS = 2
    site.pages["/down"] = Page(status=503, body=b"busy")
    item, _ = services.evidence_capture_request(url=site.url("/down"), violation=violation)
    item.refresh_from_db()
    assert item.state == State.RETRY
    assert item.attempts == 1
    assert item.next_attempt_at is not None
    assert "503" in item.last_error
    # Not due yet: a second run leaves it alone.
    assert work.capture_run(item_id=item.pk).state is None
    EvidenceItem.objects.filter(pk=item.pk).update(next_attempt_at=item.received_at)
    assert work.capture_run(item_id=item.pk).state == State.FAILED
    item.refresh_from_db()
    assert item.attempts == 2
    assert item.original.name in ("", None)
    assert site.hits.count("/down") == 2


def test_the_same_link_asked_twice_is_one_capture(site, violation):
    site.pages["/p"] = Page(body=b"p")
    first, created = services.evidence_capture_request(url=site.url("/p"), violation=violation)
    again, created_again = services.evidence_capture_request(
        url=site.url("/p"), violation=violation
    )
    assert created
    assert not created_again
    assert first.pk == again.pk
    # A stored capture run again (a duplicate task) changes nothing.
    assert work.capture_run(item_id=first.pk).state is None
    assert EvidenceItem.objects.count() == 1
    assert CustodyEvent.objects.filter(action=Action.CAPTURED).count() == 1
    assert site.hits == ["/p"]


def test_every_link_of_a_report_is_captured_with_one_action(site):
    site.pages["/a"] = Page(body=b"a")
    site.pages["/b"] = Page(body=b"b")
    report = submit_report("two links", links=[site.url("/a"), site.url("/b")])
    items = services.evidence_capture_report_links(report=report, actor=None)
    assert sorted(i.source_url for i in items) == [site.url("/a"), site.url("/b")]
    assert set(EvidenceItem.objects.values_list("state", flat=True)) == {State.STORED}
    assert len(services.evidence_capture_report_links(report=report, actor=None)) == 2
    assert EvidenceItem.objects.count() == 2


def test_links_of_new_reports_are_captured_when_configured(site, settings):
    settings.EVIDENCE_AUTO_CAPTURE = True
    site.pages["/auto"] = Page(body=b"auto")
    report = submit_report("auto capture", links=[site.url("/auto")])
    item = EvidenceItem.objects.get(report=report)
    assert item.state == State.STORED
    assert site.hits == ["/auto"]


def test_a_withdrawal_leaves_no_captured_link_in_the_chain_of_custody(site):
    """The reporter's links are their words: once they withdraw, the custody lines of the
    deleted captures keep the item's id, hash and what happened, not the links."""
    site.pages["/u/zq7-reporter-profile"] = Page(status=302, headers={"Location": "/p/zq7-final"})
    site.pages["/p/zq7-final"] = Page(body=PAGE, headers={"Content-Type": "text/html"})
    report = submit_report("my profile", links=[site.url("/u/zq7-reporter-profile")])
    (item,) = services.evidence_capture_report_links(report=report, actor=None)
    item.refresh_from_db()
    assert item.state == State.STORED
    captured = CustodyEvent.objects.get(item=item, action=Action.CAPTURED)
    assert "zq7-final" in json.dumps(captured.detail)  # the premise

    intake_services.report_withdraw(report=report)

    left = list(
        CustodyEvent.objects.filter(item_public_id=item.public_id)
        .order_by("at", "pk")
        .values("action", "detail", "item_sha256")
    )
    assert [e["action"] for e in left] == [Action.CAPTURED, Action.DELETED]
    assert all(e["item_sha256"] == item.sha256 for e in left)
    assert "zq7" not in json.dumps(left)
    assert left[0]["detail"]["status"] == 200
    assert left[0]["detail"]["links_erased"] is True


def test_private_and_loopback_targets_are_refused_unless_allowed(site, violation, settings):
    settings.EVIDENCE_CAPTURE_ALLOW_PRIVATE = False
    site.pages["/secret"] = Page(body=b"internal")
    for url in (
        site.url("/secret"),
        "http://localhost:9/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
    ):
        with pytest.raises(capture.CaptureRefused) as refused:
            capture.resolve_checked(url)
        assert refused.value.code == "capture_private_address", url
    item, _ = services.evidence_capture_request(url=site.url("/secret"), violation=violation)
    item.refresh_from_db()
    assert item.state == State.FAILED
    assert item.last_error.startswith("capture_private_address")
    assert site.hits == []  # never contacted
    for url in ("file:///etc/passwd", "ftp://example.org/", "gopher://x/"):
        with pytest.raises(capture.CaptureRefused):
            capture.resolve_checked(url)
    with pytest.raises(capture.CaptureRefused):
        capture.resolve_checked("http://user:pw@example.org/")


def test_capture_of_127_0_0_1_is_refused_under_production_settings(site, tmp_path):
    """The real production settings module, in a process of its own."""
    site.pages["/prod"] = Page(body=b"internal")
    env = {
        **os.environ,
        "MARSAD_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "MARSAD_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "observatory.example.org",
        "EMAIL_ENABLED": "false",
        "MARSAD_ENCRYPTION_KEYS": "8Jxqj5lOJ0TE1cBqzZ0K3xgB0r2Gn8y8z2s1oZ0yZ3M=",
        "MARSAD_HASH_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = (
        "import django; django.setup();"
        "from marsad.evidence import capture;"
        f"capture.resolve_checked({site.url('/prod')!r})"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert run.returncode == 1
    assert "CaptureRefused" in run.stderr
    assert "127.0.0.1" in run.stderr
    assert site.hits == []
    env["EVIDENCE_CAPTURE_ALLOW_PRIVATE"] = "true"
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "EVIDENCE_CAPTURE_ALLOW_PRIVATE: must be off in production" in run.stderr


def test_a_capture_whose_worker_died_is_taken_up_after_its_lease(site, violation, settings):
    site.pages["/late"] = Page(body=b"late page")
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    item, _ = services.evidence_capture_request(url=site.url("/late"), violation=violation)
    # A worker claimed it and died: the row says CAPTURING with a lease.
    EvidenceItem.objects.filter(pk=item.pk).update(
        state=State.CAPTURING, attempts=1, lease_until=timezone.now() + dt.timedelta(minutes=5)
    )
    assert work.capture_run(item_id=item.pk).state is None  # a live lease: not taken
    assert work.captures_due() == []
    EvidenceItem.objects.filter(pk=item.pk).update(
        lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert work.captures_due() == [item.pk]
    assert work.capture_run(item_id=item.pk).state == State.STORED
    item.refresh_from_db()
    assert item.attempts == 2
    assert item.original.name.endswith("-2.warc.gz")
    assert EvidenceItem.objects.count() == 1


def test_gzip_records_are_per_record(site, violation):
    site.pages["/g"] = Page(body=b"g")
    item, _ = services.evidence_capture_request(url=site.url("/g"), violation=violation)
    item.refresh_from_db()
    with evidence_storage().open(item.original.name, "rb") as handle:
        assert gzip.decompress(handle.read()).startswith(b"WARC/1.1")


@pytest.mark.skipif(screenshot.chromium() is None, reason="Chromium is not installed")
def test_a_screenshot_is_drawn_from_the_captured_body_without_a_second_visit(
    site, violation, settings
):
    settings.EVIDENCE_CAPTURE_SCREENSHOT = True
    body = (
        "<html dir='rtl'><body><h1>منشور محذوف</h1>"
        f"<img src='{site.url('/tracker.png')}'><script>fetch('/beacon')</script></body></html>"
    ).encode()
    site.pages["/shot"] = Page(body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    item, _ = services.evidence_capture_request(url=site.url("/shot"), violation=violation)
    item.refresh_from_db()
    assert item.state == State.STORED
    png = evidence_storage().open(item.screenshot.name, "rb").read()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert hashlib.sha256(png).hexdigest() == item.screenshot_sha256
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1280, 1600)
    # Chromium drew the archived body; it fetched nothing from the site (no image, no script).
    assert site.hits == ["/shot"]


# IPv6 forms that carry an IPv4 address: NAT64 (64:ff9b::/96), IPv4-compatible (::a.b.c.d),
# IPv4-translated (::ffff:0:a.b.c.d), 6to4 (2002:aabb:ccdd::/48) and Teredo (2001::/32, the
# server in bits 32-63, the client XOR-ed with ones in the last 32 bits). Each is judged by
# the IPv4 address it embeds.
def _embedded_forms(v4: str) -> dict[str, str]:
    n = int(ipaddress.IPv4Address(v4))
    hi, lo = n >> 16, n & 0xFFFF
    public_server = int(ipaddress.IPv4Address("8.8.4.4"))
    return {
        "nat64": f"64:ff9b::{hi:x}:{lo:x}",
        "ipv4-compatible": f"::{v4}",
        "ipv4-translated": f"::ffff:0:{hi:x}:{lo:x}",
        "6to4": f"2002:{hi:x}:{lo:x}::1",
        "teredo client": (
            f"2001:0:{public_server >> 16:x}:{public_server & 0xFFFF:x}:0:0:"
            f"{(n ^ 0xFFFFFFFF) >> 16:x}:{(n ^ 0xFFFFFFFF) & 0xFFFF:x}"
        ),
        "teredo server": f"2001:0:{hi:x}:{lo:x}:0:0:f7f7:fbfb",  # client 8.8.4.4
    }


@pytest.mark.parametrize(
    "v4",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.4",
        "169.254.169.254",
        "0.1.2.3",
        "100.64.0.1",
    ],
)
def test_ipv6_forms_of_a_private_ipv4_are_refused(v4, settings):
    settings.EVIDENCE_CAPTURE_ALLOW_PRIVATE = False
    for form, address in _embedded_forms(v4).items():
        with pytest.raises(capture.CaptureRefused) as refused:
            capture.resolve_checked(f"http://[{address}]/")
        assert refused.value.code == "capture_private_address", (form, address)


def test_ipv6_forms_of_a_public_ipv4_are_judged_as_that_ipv4(settings):
    settings.EVIDENCE_CAPTURE_ALLOW_PRIVATE = False
    for form, address in _embedded_forms("93.184.216.34").items():
        scheme, _host, port, checked = capture.resolve_checked(f"http://[{address}]:8080/x")
        assert (scheme, port, ipaddress.ip_address(checked)) == (
            "http",
            8080,
            ipaddress.ip_address(address),
        ), form


def test_the_local_use_nat64_prefix_is_refused_whatever_it_embeds(settings):
    """64:ff9b:1::/48 belongs to a local translator, which may place the IPv4 address
    anywhere in it: nothing in it is fetched."""
    settings.EVIDENCE_CAPTURE_ALLOW_PRIVATE = False
    for address in ("64:ff9b:1::7f00:1", "64:ff9b:1::5db8:d822", "64:ff9b:1:7f00:0:100::"):
        with pytest.raises(capture.CaptureRefused) as refused:
            capture.resolve_checked(f"http://[{address}]/")
        assert refused.value.code == "capture_private_address", address
