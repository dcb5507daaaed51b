"""Every evidence URL, tried by every persona: the allowed ones work and log; the denied ones
answer 302/403 and change nothing (no row, no custody line, no file read)."""

from __future__ import annotations

import pytest

from conftest import client_for
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.tests.conftest import jpeg_with_metadata, submit_report, upload
from marsad.intake.models import Report

pytestmark = pytest.mark.django_db(transaction=True)

PERSONAS = ("anonymous", "partner", "analyst", "admin", "coordinator", "documenter")
ALLOWED = {"coordinator", "documenter"}


@pytest.fixture
def world(violation):
    report = submit_report("photo", files=[("p.jpg", jpeg_with_metadata())])
    Report.objects.filter(pk=report.pk).update(violation=violation)
    item = EvidenceItem.objects.get(report=report)
    return {"violation": violation, "item": item, "report": report}


def requests(world):
    item, violation, report = world["item"], world["violation"], world["report"]
    base = f"/staff/evidence/{item.public_id}"
    return {
        "item": ("get", f"{base}/", {}),
        "safe_copy": ("get", f"{base}/safe/", {}),
        "thumbnail": ("get", f"{base}/thumbnail/", {}),
        "original": ("post", f"{base}/original/", {"reason": "legal request"}),
        "upload": (
            "post",
            f"/staff/violations/{violation.pk}/evidence/upload/",
            {"file": upload("x.jpg", jpeg_with_metadata((8, 8)))},
        ),
        "capture": (
            "post",
            f"/staff/violations/{violation.pk}/evidence/capture/",
            {"url": "https://example.invalid/post"},
        ),
        "capture_links": ("post", f"/staff/reports/{report.pk}/evidence/capture/", {}),
        "package": (
            "post",
            f"/staff/violations/{violation.pk}/evidence/package/",
            {"reason": "for the lawyer"},
        ),
    }


def snapshot():
    return (
        list(EvidenceItem.objects.order_by("pk").values_list("pk", "state", "sha256")),
        CustodyEvent.objects.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "action",
    ["item", "safe_copy", "thumbnail", "original", "upload", "capture", "capture_links", "package"],
)
def test_evidence_permissions(persona, action, world):
    client = client_for(persona)
    method, url, data = requests(world)[action]
    before = snapshot()
    response = getattr(client, method)(url, data)
    if persona in ALLOWED:
        assert response.status_code in (200, 302), (persona, action, response.status_code)
        if action == "original":
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"] == "application/octet-stream"
            event = CustodyEvent.objects.latest("pk")
            assert event.action == "downloaded"
            assert event.reason == "legal request"
            assert event.actor.username == f"test-{persona}"
        if action == "safe_copy":
            assert response["Content-Type"] == "image/jpeg"
            assert "sandbox" in response["Content-Security-Policy"]
            assert CustodyEvent.objects.latest("pk").action == "viewed"
        if action in ("upload", "capture", "package", "original", "safe_copy"):
            assert snapshot() != before
    else:
        expected = 302 if persona == "anonymous" else 403
        assert response.status_code == expected, (persona, action, response.status_code)
        if persona == "anonymous":
            assert "/staff/sign-in/" in response["Location"]
        assert snapshot() == before


def test_the_original_needs_a_reason(documenter, world):
    item = world["item"]
    before = snapshot()
    response = documenter.post(f"/staff/evidence/{item.public_id}/original/", {"reason": " "})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/evidence/{item.public_id}/"
    assert snapshot() == before


def test_the_item_page_shows_the_chain_of_custody_in_each_language(documenter, world):
    item = world["item"]
    for language, words in (
        ("ar", "سلسلة الحفظ"),
        ("en", "Chain of custody"),
        ("he", "שרשרת משמורת"),
    ):
        page = documenter.get(f"/staff/evidence/{item.public_id}/", HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200
        html = page.content.decode()
        assert words in html
        assert item.sha256 in html
