"""Generating reports: the command line, the staff pages (background job, PDFs, texts,
notable cases, publication), snapshots that show later changes in the data, hostile input."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from marsad.activities.models import Publication
from marsad.cases.models import Violation
from marsad.reporting import services
from marsad.reporting.choices import SnapshotState
from marsad.reporting.figures import ReportPeriod
from marsad.reporting.models import Report, Section, Snapshot
from marsad.reporting.richtext import sanitise
from marsad.reporting.tests.test_figures import sql_count
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db


def test_the_command_writes_a_pdf_html_and_json(year_2022, tmp_path):
    pdf = tmp_path / "out.pdf"
    call_command("report", "annual", "2022", "--lang", "ar", "--format", "pdf", "-o", str(pdf))
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) >= 8
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # The snapshot keeps 1,119; the PDF shows its 203 published violations and the 916
    # others rounded down to a multiple of 5.
    assert "1,118" in text
    assert "1,119" not in text
    assert "33%" in text
    html = tmp_path / "out.html"
    call_command("report", "annual", "2022", "--lang", "en", "--format", "html", "-o", str(html))
    page = html.read_text()
    assert '<html lang="en" dir="ltr">' in page
    assert "1,119" not in page
    assert "documented 1,118 violations" in page
    assert "rounded down to a multiple of 5" in page
    assert "a third" in page
    out = tmp_path / "out.json"
    call_command("report", "quarterly", "2022-Q1", "--format", "json", "-o", str(out))
    data = json.loads(out.read_text())
    assert data["code"] == "2022-Q1"
    assert data["data_hash"]
    assert data["violations"]["previous"]
    # The JSON is the snapshot: exact figures, for staff (never published as it is).
    assert data["violations"]["total"] == sql_count(dt.date(2022, 1, 1), dt.date(2022, 4, 1))
    report = Report.objects.get(kind="annual", year=2022)
    assert report.snapshots.filter(state=SnapshotState.DONE).count() == 2


@pytest.mark.parametrize(
    "args",
    [
        ["quarterly", "2022-Q7"],
        ["annual", "22"],
        ["annual", "2022; DROP TABLE x"],
    ],
)
def test_the_command_refuses_a_bad_period_and_writes_nothing(db, tmp_path, args):
    out = tmp_path / "x.pdf"
    with pytest.raises(CommandError):
        call_command("report", *args, "-o", str(out))
    assert not out.exists()
    assert not list(tmp_path.iterdir())
    assert not Snapshot.objects.exists()


def test_a_snapshot_shows_later_changes_in_the_data(year_2022):
    report = services.report_for(ReportPeriod("annual", 2022), actor=None)
    snapshot = services.generate_now(report=report, actor=None, languages=[])
    same = services.data_changes(snapshot)
    assert not same["rows_changed"]
    assert same["differences"] == []
    # A violation reclassified to another platform: same total, two breakdown cells move.
    moved = year_2022.violations[1]
    telegram = Platform.objects.get(slug="telegram")
    old = Violation.objects.get(pk=moved.pk).platform.slug
    Violation.objects.filter(pk=moved.pk).update(platform=telegram)
    changed = services.data_changes(snapshot)
    assert changed["rows_changed"]
    paths = {path for path, _then, _now in changed["differences"]}
    assert f"violations.breakdowns.platform.{old}" in paths
    assert "violations.breakdowns.platform.telegram" in paths
    assert "violations.total" not in paths
    # The snapshot itself is untouched: drawn again it says what it said.
    assert Snapshot.objects.get(pk=snapshot.pk).figures["violations"]["total"] == 1119


def test_rich_text_is_sanitised():
    dirty = (
        '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">a</a>'
        '<a href="https://7amleh.org">b</a><img src=x onerror=y><style>p{}</style></p>'
    )
    clean = sanitise(dirty)
    for bad in ("script", "onclick", "javascript:", "<img", "onerror", "<style"):
        assert bad not in clean
    assert 'href="https://7amleh.org"' in clean
    assert "noopener" in clean
    assert sanitise("سطر أول\nسطر\n\nفقرة <3") == "<p>سطر أول<br>سطر</p><p>فقرة &lt;3</p>"


def test_the_staff_flow(
    year_2022, analyst, coordinator, documenter, django_capture_on_commit_callbacks
):
    response = analyst.post(reverse("reporting:reports"), {"kind": "annual", "year": "2022"})
    report = Report.objects.get(kind="annual", year=2022)
    assert response.status_code == 302
    page = reverse("reporting:report", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert analyst.post(reverse("reporting:generate", args=[report.pk])).status_code == 302
    done = services.latest_done(report)
    assert done is not None
    assert done.documents.count() == 3
    body = analyst.get(page).content.decode()
    assert "1,118" in body
    assert "1,119" not in body
    assert "<script" not in body.split("<main", 1)[-1].split("</main>")[0]
    pdf = analyst.get(reverse("reporting:pdf", args=[report.pk, done.pk, "he"]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    # Coordinators read; they neither generate nor edit. Documenters see nothing.
    assert coordinator.get(page).status_code == 200
    assert coordinator.post(reverse("reporting:generate", args=[report.pk])).status_code == 403
    assert documenter.get(reverse("reporting:reports")).status_code == 403
    # A narrative section, hostile markup removed; the texts are then newer than the PDFs.
    response = analyst.post(
        reverse("reporting:section_new", args=[report.pk]),
        {
            "placement": "opening",
            "order": "1",
            "heading_ar": "مقدمة",
            "body_ar": "<p>نص</p><script>alert(1)</script>",
            "heading_en": "Introduction",
            "body_en": "Text",
        },
    )
    assert response.status_code == 302
    section = Section.objects.get(report=report)
    section.set_current_language("ar")
    assert section.body == "<p>نص</p>"
    assert services.latest_done(report).texts_hash != services.report_texts(report).digest()
    # A body without a heading is refused with a 400 and nothing is written.
    response = analyst.post(
        reverse("reporting:section_new", args=[report.pk]),
        {"placement": "closing", "order": "0", "body_he": "טקסט"},
    )
    assert response.status_code == 400
    assert Section.objects.count() == 1
    # Notable cases: an unpublished one is refused, a published one kept.
    unpublished = Violation.objects.filter(is_published=False).first()
    analyst.post(reverse("reporting:notable", args=[report.pk]), {"cases": str(unpublished.pk)})
    assert not report.notable.exists()
    analyst.post(reverse("reporting:notable", args=[report.pk]), {"cases": "١٢abc"})
    assert not report.notable.exists()
    # The publication waits for a version made with the current texts.
    analyst.post(reverse("reporting:publication", args=[report.pk]))
    assert not Publication.objects.filter(kind="annual_report").exists()
    with django_capture_on_commit_callbacks(execute=True):
        analyst.post(reverse("reporting:generate", args=[report.pk]))
    response = analyst.post(reverse("reporting:publication", args=[report.pk]))
    made = Publication.objects.get(kind="annual_report")
    assert response.status_code == 302
    assert made.published_at is None
    assert {t.language_code for t in made.translations.all()} == {"ar", "en", "he"}
    assert all(t.document for t in made.translations.all())
    made.set_current_language("en")
    assert "documented 1,118 violations" in made.summary
    assert "rounded down to a multiple of 5" in made.summary
    assert made.title == "Annual report 2022"


def test_a_second_generation_waits_for_the_first(year_2022, analyst):
    report = services.report_for(ReportPeriod("annual", 2022), actor=None)
    services.snapshot_request(report=report, actor=None)  # on_commit never runs here
    response = analyst.post(reverse("reporting:generate", args=[report.pk]))
    assert response.status_code == 302
    assert report.snapshots.count() == 1
    assert (
        'meta http-equiv="refresh"'
        in analyst.get(reverse("reporting:report", args=[report.pk])).content.decode()
    )


def test_an_interrupted_generation_is_marked_failed(year_2022):
    report = services.report_for(ReportPeriod("annual", 2022), actor=None)
    snapshot = Snapshot.objects.create(
        report=report,
        state=SnapshotState.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert services.snapshots_sweep() == 1
    snapshot.refresh_from_db()
    assert snapshot.state == SnapshotState.FAILED
    assert "interrupted" in snapshot.error
    # A snapshot no longer waiting is never built twice.
    assert services.snapshot_build(snapshot.pk) is None


ACTIONS = ("generate", "check", "notable", "publication", "summary", "section_new")


@pytest.mark.parametrize("persona", ["anonymous", "partner", "documenter", "coordinator", "admin"])
def test_only_analysts_change_a_report_and_a_refusal_changes_nothing(db, persona_client, persona):
    report = services.report_for(ReportPeriod("annual", 2022), actor=None)
    client = persona_client(persona)
    data = {
        "cases": "1",
        "summary_en": "x",
        "placement": "opening",
        "order": "0",
        "heading_en": "x",
    }
    for name in ACTIONS:
        response = client.post(reverse(f"reporting:{name}", args=[report.pk]), data)
        assert response.status_code in (302, 403), (name, response.status_code)
        if response.status_code == 302:
            assert "sign-in" in response["Location"], (persona, name)
    assert not Snapshot.objects.exists()
    assert not Section.objects.exists()
    assert not report.notable.exists()
    assert not report.translations.exclude(summary="").exists()
    assert not Publication.objects.exists()
