"""A documenter working in Arabic (then one in Hebrew) adds a phone photo to a violation,
sees it only as a copy without metadata, downloads the original with a reason, and reads the
chain of custody. In a real browser, as the staff would; screenshots kept."""

from __future__ import annotations

import hashlib

import pytest

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases import services as case_services
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.tests.conftest import jpeg_with_metadata, submit_report
from tests.browser.conftest import assert_language, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ar", "he"])
def test_documenter_adds_a_photo_and_downloads_the_original_with_a_reason(
    browser_context, base_url, tmp_path, language
):
    worker = make_user(Role.DOCUMENTER)
    report = submit_report("أرسلت صورة", files=[("IMG_0420.jpg", jpeg_with_metadata())])
    case = case_services.violation_open_from_report(report=report, actor=worker)
    photo = tmp_path / "لقطة.jpg"
    photo.write_bytes(jpeg_with_metadata((120, 90)))

    page = browser_context(language=language, user=worker, accept_downloads=True).new_page()
    page.goto(f"{base_url}/staff/violations/{case.pk}/")
    assert_language(page, language)
    page.click("#evidence ~ details summary >> nth=0")
    page.set_input_files("#ev_file", str(photo))
    page.fill("#ev_note", "لقطة من هاتف الصحفي")
    page.click(f"form[action='/staff/violations/{case.pk}/evidence/upload/'] button")
    page.wait_for_load_state()
    assert EvidenceItem.objects.filter(violation=case).count() == 1
    # Both items (the reporter's and the staff's) are listed with their safe thumbnails.
    assert page.locator("table.evidence tbody tr").count() == 2
    assert page.locator("table.evidence img").count() == 2
    shot(page, f"{language}-violation-evidence")

    item = EvidenceItem.objects.get(violation=case)
    page.click(f"a[href='/staff/evidence/{item.public_id}/']")
    page.wait_for_load_state()
    assert page.locator("dl.facts code").first.inner_text() == item.sha256
    page.fill("#id_reason", "طلب من المحامي")
    with page.expect_download() as info:
        page.click(f"form[action='/staff/evidence/{item.public_id}/original/'] button")
    saved = tmp_path / "original.bin"
    info.value.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == item.sha256
    assert saved.read_bytes() == photo.read_bytes()
    page.reload()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3  # collected, safe copy made, original downloaded
    assert "طلب من المحامي" in rows.nth(2).inner_text()
    shot(page, f"{language}-evidence-item")
    downloaded = CustodyEvent.objects.get(item=item, action="downloaded")
    assert downloaded.actor == worker
    assert downloaded.reason == "طلب من المحامي"
