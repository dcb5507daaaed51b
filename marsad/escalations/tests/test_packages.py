"""The content of a batch package: what goes to the platform (and what never does), as JSON,
CSV and a PDF summary read back with pypdf."""

from __future__ import annotations

import csv
import datetime as dt
import io
import urllib.request
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from marsad.cases.models import PublicSummary, Violation
from marsad.escalations import pdf, services
from marsad.escalations.choices import Channel, Request
from marsad.escalations.packages import CSV_COLUMNS, _evidence_for, package_build, package_csv
from marsad.escalations.pdf import package_pdf
from marsad.escalations.tests.factories import documented, report_file, report_for
from marsad.evidence.choices import Kind, State
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.intake.choices import TriageState
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Jerusalem")
H = {c: c * 64 for c in "abcdef"}  # SHA-256 values, one per letter


@pytest.fixture
def batch(coordinator_user):
    """Two violations. The first has a consenting report (a link, a handle and two files),
    a report that did not consent (its link and file must stay out), a withdrawn one, and a
    merged duplicate whose consenting report counts; summaries in ar and en."""
    first = documented(
        title="عنوان داخلي",
        at=dt.datetime(2026, 10, 5, 9, tzinfo=TZ),
        occurred_on=dt.date(2026, 10, 1),
        rule_cited="Dangerous organisations",
    )
    Violation.objects.filter(pk=first.pk).update(
        reported_at=dt.datetime(2026, 10, 2, 23, tzinfo=TZ)
    )
    consenting = first.reports.get()
    consenting.links = ["https://www.instagram.com/p/GAZA1", "=HYPERLINK(1)"]
    consenting.account_handle = "@gaza_voices"
    consenting.save()
    report_file(consenting, H["a"], name="Ahmad-Nasser-ID.png")
    report_file(consenting, H["b"])
    report_file(consenting, H["a"])  # the same file sent twice is listed once
    private = report_for(first, consent=False, links=["https://private.example/x"], handle="@p")
    report_file(private, H["c"])
    gone = report_for(first, consent=True, state=TriageState.WITHDRAWN, links=["https://w/x"])
    report_file(gone, H["d"])
    duplicate = documented()
    Violation.objects.filter(pk=duplicate.pk).update(merged_into=first)
    dup_report = duplicate.reports.get()
    dup_report.links = ["https://www.instagram.com/p/GAZA1", "https://www.instagram.com/p/GAZA2"]
    dup_report.account_handle = "@gaza_voices"
    dup_report.save()
    report_file(dup_report, H["e"])
    for language, text in (
        ("ar", "حذف منشور صحفي عن غزة."),
        ("en", "A journalist's post removed."),
    ):
        PublicSummary.objects.create(violation=first, language_code=language, text=text)

    second = documented(type_slug="account-suspension", title="Page disabled")
    PublicSummary.objects.create(violation=second, language_code="he", text="עמוד חדשות הושבת.")
    return services.batch_create(
        platform=Platform.objects.get(slug="instagram"),
        channel=Channel.TRUSTED_PARTNER_FORM,
        items=[(first, Request.RESTORE_CONTENT), (second, Request.RESTORE_ACCOUNT)],
        actor=coordinator_user,
    )


def test_the_json_package_carries_only_what_reporters_agreed_to_share(batch):
    package = package_build(batch)
    first, second = package["items"]
    assert {k: package[k] for k in ("format", "batch", "platform", "channel", "count")} == {
        "format": "marsad-escalation-package/1",
        "batch": batch.pk,
        "platform": "instagram",
        "channel": "trusted_partner_form",
        "count": 2,
    }
    assert package["sent_at"] is None
    assert first == {
        "violation": first["violation"],
        "request": "restore_content",
        "type": "content-removal",
        "occurred_on": "2026-10-01",
        "occurred_on_approximate": False,
        "reported_on": "2026-10-02",  # local date (20:00 UTC)
        "documented_on": "2026-10-05",
        "description": "A journalist's post removed.",  # English summary first
        "links": [
            "https://www.instagram.com/p/GAZA1",
            "=HYPERLINK(1)",
            "https://www.instagram.com/p/GAZA2",
        ],
        "accounts": ["@gaza_voices"],
        "rule_cited": "Dangerous organisations",
        "evidence": [
            {
                "id": first["evidence"][i]["id"],
                "kind": "file",
                "sha256": sha,
                "content_type": "image/png",
                "size": 1234,
                "received_at": first["evidence"][i]["received_at"],
                "captured_at": None,
                "url": None,
            }
            for i, sha in enumerate((H["a"], H["b"], H["e"]))
        ],
    }
    assert (second["description"], second["request"]) == ("עמוד חדשות הושבת.", "restore_account")
    text = str(package)
    for secret in ("private.example", "@p'", H["c"], H["d"], "Ahmad", "عنوان داخلي", "report "):
        assert secret not in text


def test_evidence_added_by_staff_to_the_violation_goes_with_it(batch):
    ids = sorted(batch.items.values_list("violation_id", flat=True))
    capture = EvidenceItem.objects.create(
        kind=Kind.CAPTURE,
        state=State.STORED,
        violation_id=ids[1],
        source_url="https://www.instagram.com/p/GAZA9",
        sha256=H["f"],
        content_type="application/warc",
        size=999,
        received_at=dt.datetime(2026, 10, 6, 8, tzinfo=TZ),
        captured_at=dt.datetime(2026, 10, 6, 8, tzinfo=TZ),
    )
    listed = _evidence_for(ids)[ids[1]]
    assert listed == [
        {
            "id": str(capture.public_id),
            "kind": "capture",
            "sha256": H["f"],
            "content_type": "application/warc",
            "size": 999,
            "received_at": "2026-10-06T08:00:00+03:00",
            "captured_at": "2026-10-06T08:00:00+03:00",
            "url": "https://www.instagram.com/p/GAZA9",
        }
    ]


def test_evidence_for_lists_each_violations_files_oldest_first(batch):
    ids = sorted(batch.items.values_list("violation_id", flat=True))
    evidence = _evidence_for(ids)
    assert [e["sha256"] for e in evidence[ids[0]]] == [H["a"], H["b"], H["e"]]
    assert evidence[ids[1]] == []


def test_the_package_is_frozen_when_the_batch_is_sent(batch, coordinator_user):
    services.batch_mark_sent(batch=batch, actor=coordinator_user, reference="TP-2026-11")
    batch.refresh_from_db()
    frozen = dict(batch.package)
    assert frozen["reference"] == "TP-2026-11"
    assert frozen["sent_at"].startswith(str(batch.sent_at.astimezone(TZ).date()))
    # Changing the case afterwards does not change what was sent.
    PublicSummary.objects.filter(language_code="en").update(text="Edited later")
    batch.refresh_from_db()
    assert batch.package == frozen
    assert batch.package["items"][0]["description"] == "A journalist's post removed."


def test_the_csv_has_one_row_per_violation_readable_by_spreadsheets(batch):
    text = package_csv(package_build(batch))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["request"] == "restore_content"
    assert first["links"].split("\n") == [
        "https://www.instagram.com/p/GAZA1",
        "'=HYPERLINK(1)",  # a formula is never run by the spreadsheet
        "https://www.instagram.com/p/GAZA2",
    ]
    assert first["accounts"] == "'@gaza_voices"
    assert first["evidence_sha256"].split("\n") == [H["a"], H["b"], H["e"]]
    assert dict(zip(CSV_COLUMNS, rows[2], strict=True))["description"] == "עמוד חדשות הושבת."


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_the_pdf_summary_embeds_noto_fonts_and_reads_back(batch, language):
    package = package_build(batch)
    data = package_pdf(batch, package, language=language)
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    first, second = package["items"]
    for needle in (str(first["violation"]), str(second["violation"]), H["a"], "GAZA2"):
        assert needle in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    names = {f.split("+", 1)[-1] for f in fonts}  # "/ABCDEF+Noto-Sans-Hebrew": a subset
    assert all(name.startswith("Noto-") for name in names), names
    assert "Noto-Sans-Hebrew" in names  # the second violation's summary is in Hebrew
    if language == "ar":
        assert "Noto-Sans-Arabic" in names
    heading = {"ar": "الدفعة", "en": "Batch", "he": "מקבץ"}[language]
    assert heading in text


def test_the_pdf_never_fetches_anything(batch, monkeypatch):
    fetched: list[object] = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector, "open", lambda self, url, *a, **k: fetched.append(url)
    )
    page = '<html><body><img src="https://tracker.example/x.png"><p>x</p></body></html>'
    monkeypatch.setattr(pdf, "render_to_string", lambda *args, **kwargs: page)
    assert pdf.package_pdf(batch, package_build(batch), language="en").startswith(b"%PDF")
    assert fetched == []


def test_sending_the_batch_writes_each_listed_item_into_its_chain_of_custody(
    batch, coordinator_user
):
    services.batch_mark_sent(batch=batch, actor=coordinator_user)
    listed = {e["id"] for v in package_build(batch)["items"] for e in v["evidence"]}
    shared = CustodyEvent.objects.filter(action="exported")
    assert {str(e.item_public_id) for e in shared} == listed
    assert len(listed) == 3
    assert {e.reason for e in shared} == {f"sent to instagram in batch {batch.pk}"}
    assert {e.actor_id for e in shared} == {coordinator_user.pk}
