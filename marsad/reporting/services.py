"""Writes of the reporting app: reports and their texts, generation (a snapshot of the
figures, their data hash and the PDFs), publication as a publication of the activities app.

Generation runs in a background task in the staff area (``tasks.generate``) and in the
foreground from ``marsad report``; both call ``snapshot_build``, which writes the finished
snapshot and its three PDFs in one transaction, so a version is complete or absent.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from marsad.accounts.models import User
from marsad.activities import services as activities
from marsad.activities.choices import PublicationKind
from marsad.activities.models import Publication
from marsad.observatory.selectors import published_violations
from marsad.reporting import figures as computing
from marsad.reporting.choices import LANGUAGES, Placement, ReportKind, SnapshotState
from marsad.reporting.errors import NotNotable, NotReady, StillGenerating, TooManyNotable
from marsad.reporting.fingerprint import data_hash
from marsad.reporting.labels import report_title
from marsad.reporting.models import Document, Report, Section, Snapshot
from marsad.reporting.pdf import report_pdf
from marsad.reporting.presentation import Texts
from marsad.reporting.richtext import MAX_LENGTH, sanitise
from marsad.reporting.summary import generated_summary

SUMMARY_MAX = 5000
# A snapshot still "running" this long after it started was interrupted (its worker died).
STALE_AFTER = dt.timedelta(minutes=30)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def report_period(report: Report) -> computing.ReportPeriod:
    return computing.ReportPeriod(report.kind, report.year, report.quarter)


def report_for(period: computing.ReportPeriod, *, actor: User | None) -> Report:
    report, _created = Report.objects.get_or_create(
        kind=period.kind,
        year=period.year,
        quarter=period.quarter,
        defaults={"created_by": actor},
    )
    return report


# --- Texts -----------------------------------------------------------------------------------


def report_texts(report: Report) -> Texts:
    """The report's current texts, as a snapshot keeps them."""
    summaries = {t.language_code: t.summary for t in report.translations.all() if t.summary.strip()}
    sections = []
    for section in report.sections.prefetch_related("translations").order_by("order", "pk"):
        sections.append(
            {
                "placement": section.placement,
                "order": section.order,
                "texts": {
                    t.language_code: {"heading": t.heading, "body": t.body}
                    for t in section.translations.all()
                    if t.heading.strip()
                },
            }
        )
    return Texts(summaries, sections)


def _plain(text: str, limit: int) -> str:
    return _CONTROL.sub("", (text or "").replace("\r\n", "\n")).strip()[:limit]


@transaction.atomic
def summary_save(*, report: Report, summaries: dict[str, str]) -> None:
    """The edited summary paragraph per language; an empty one goes back to the generated."""
    for code in LANGUAGES:
        if code not in summaries:
            continue
        text = _plain(summaries[code], SUMMARY_MAX)
        report.set_current_language(code)
        report.summary = text
    report.save()


@transaction.atomic
def section_save(
    *,
    report: Report,
    section: Section | None,
    placement: str,
    order: int,
    texts: dict[str, dict[str, str]],
) -> Section:
    """A narrative section: its place, and heading and body per language (the body sanitised).
    A language whose heading is empty is removed."""
    if section is None:
        section = Section(report=report)
    section.placement = placement if placement in Placement.values else Placement.CLOSING
    section.order = max(0, min(int(order), 1000))
    kept = []
    for code in LANGUAGES:
        version = texts.get(code) or {}
        heading = _plain(version.get("heading", ""), 200)
        if not heading:
            continue
        section.set_current_language(code)
        section.heading = heading
        section.body = sanitise(_plain(version.get("body", ""), MAX_LENGTH))
        kept.append(code)
    section.save()
    section.translations.exclude(language_code__in=kept).delete()
    return section


def section_delete(*, section: Section) -> None:
    section.delete()


@transaction.atomic
def notable_set(*, report: Report, violation_ids: Sequence[int]) -> None:
    """Choose the notable cases: published violations only (their public summaries are all a
    report ever shows of a case)."""
    ids = list(dict.fromkeys(int(pk) for pk in violation_ids))
    if len(ids) > computing.NOTABLE_LIMIT:
        raise TooManyNotable(computing.NOTABLE_LIMIT)
    found = set(published_violations().filter(pk__in=ids).values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise NotNotable(missing)
    report.notable.set(ids)


# --- Generation ------------------------------------------------------------------------------


@transaction.atomic
def snapshot_request(*, report: Report, actor: User | None) -> Snapshot:
    """Queue a new generation; refused while one is waiting or running."""
    Report.objects.select_for_update().filter(pk=report.pk).first()
    busy = report.snapshots.filter(state__in=[SnapshotState.QUEUED, SnapshotState.RUNNING])
    if busy.exists():
        raise StillGenerating
    snapshot = Snapshot.objects.create(report=report, requested_by=actor)
    from marsad.reporting import tasks

    transaction.on_commit(lambda: tasks.generate.enqueue(snapshot.pk))
    return snapshot


def _progress(snapshot_id: int, stage: str, percent: int) -> None:
    Snapshot.objects.filter(pk=snapshot_id).update(stage=stage, progress=min(percent, 100))


def snapshot_build(snapshot_id: int, *, languages: Iterable[str] = LANGUAGES) -> Snapshot | None:
    """Do a queued generation: compute the figures and their data hash, draw the PDFs, and
    write it all at once. Returns None when the snapshot was not waiting (already done, being
    done by another worker, or gone)."""
    started = time.monotonic()
    if not Snapshot.objects.filter(pk=snapshot_id, state=SnapshotState.QUEUED).update(
        state=SnapshotState.RUNNING, started_at=timezone.now(), progress=1, stage="start"
    ):
        return None
    snapshot = Snapshot.objects.select_related("report").get(pk=snapshot_id)
    report = snapshot.report
    try:
        rp = report_period(report)
        notable = list(report.notable.values_list("pk", flat=True))
        figures = computing.compute(
            rp, notable=notable, progress=lambda s, p: _progress(snapshot_id, s, p)
        )
        _progress(snapshot_id, "hash", 50)
        digest, rows = data_hash(rp)
        texts = report_texts(report)
        figures["texts"] = texts.as_json()
        figures["rows_hashed"] = rows
        documents = []
        wanted = [code for code in LANGUAGES if code in set(languages)]
        for i, code in enumerate(wanted):
            _progress(snapshot_id, f"pdf:{code}", 60 + 13 * i)
            pdf = report_pdf(figures, texts, code, version=str(snapshot_id), data_hash=digest)
            documents.append(
                Document(
                    snapshot_id=snapshot_id,
                    language=code,
                    pdf=pdf.data,
                    sha256=pdf.sha256,
                    pages=pdf.pages,
                )
            )
        with transaction.atomic():
            Document.objects.bulk_create(documents)
            Snapshot.objects.filter(pk=snapshot_id).update(
                state=SnapshotState.DONE,
                progress=100,
                stage="done",
                figures=figures,
                data_hash=digest,
                texts_hash=texts.digest(),
                finished_at=timezone.now(),
                seconds=round(time.monotonic() - started, 3),
            )
    except Exception as exc:
        Snapshot.objects.filter(pk=snapshot_id).update(
            state=SnapshotState.FAILED,
            stage="failed",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    snapshot.refresh_from_db()
    return snapshot


def generate_now(
    *, report: Report, actor: User | None, languages: Iterable[str] = LANGUAGES
) -> Snapshot:
    """Generate in the foreground (``marsad report``)."""
    snapshot = Snapshot.objects.create(report=report, requested_by=actor)
    built = snapshot_build(snapshot.pk, languages=languages)
    assert built is not None  # it was created queued just above
    return built


def snapshots_sweep() -> int:
    """Mark as failed the generations whose worker died (``marsad worker`` calls it)."""
    return Snapshot.objects.filter(
        state=SnapshotState.RUNNING, started_at__lt=timezone.now() - STALE_AFTER
    ).update(
        state=SnapshotState.FAILED,
        stage="failed",
        error="interrupted: the worker stopped before the report was ready",
        finished_at=timezone.now(),
    )


# --- Publication -----------------------------------------------------------------------------


def latest_done(report: Report) -> Snapshot | None:
    return report.snapshots.filter(state=SnapshotState.DONE).order_by("-finished_at", "-pk").first()


def latest_done_of(report_ids: Sequence[int]) -> dict[int, Snapshot]:
    """The latest finished version of each report, in one query (for the list page)."""
    latest: dict[int, Snapshot] = {}
    for snapshot in (
        Snapshot.objects.filter(report_id__in=report_ids, state=SnapshotState.DONE)
        .only("pk", "report_id", "finished_at")
        .order_by("report_id", "-finished_at", "-pk")
    ):
        latest.setdefault(snapshot.report_id, snapshot)
    return latest


@transaction.atomic
def report_publication(*, report: Report, actor: User | None) -> Publication:
    """Make (or bring up to date) the report's publication, as a draft staff then put on the
    site from the publications page: its title and summary in each language and the PDFs of
    the latest version. Refused until a version is ready and made from the current texts."""
    snapshot = latest_done(report)
    if snapshot is None:
        raise NotReady
    if snapshot.texts_hash != report_texts(report).digest():
        raise NotReady(
            translation.gettext(
                "The texts changed after the latest version was generated: generate the "
                "report again, then make the publication."
            )
        )
    figures = snapshot.figures
    texts = Texts.from_json(figures.get("texts"))
    documents = {d.language: d for d in snapshot.documents.all()}
    translations: dict[str, dict[str, Any]] = {}
    for code in LANGUAGES:
        if code not in documents:
            continue
        with translation.override(code):
            title = report_title(report.kind, report.year, report.quarter)
        translations[code] = {
            "title": title,
            "summary": texts.summaries.get(code) or generated_summary(figures, code),
            "document": SimpleUploadedFile(
                f"{report.code}-{code}.pdf", bytes(documents[code].pdf), "application/pdf"
            ),
        }
    kind = (
        PublicationKind.ANNUAL_REPORT
        if report.kind == ReportKind.ANNUAL
        else PublicationKind.QUARTERLY_REPORT
    )
    publication = report.publication
    publication = activities.publication_save(
        publication=publication,
        fields={
            "kind": kind,
            "published_on": publication.published_on if publication else timezone.localdate(),
        },
        topics=publication.topics.all() if publication is not None else [],
        translations=translations,
        actor=actor,
    )
    if report.publication_id != publication.pk:
        report.publication = publication
        report.save(update_fields=["publication"])
    return publication


# --- Changes in the data ---------------------------------------------------------------------


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"violations.total": 1119, "violations.breakdowns.platform.facebook": 500, ...}``."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}{key}."))
    elif (
        isinstance(value, list)
        and value
        and all(isinstance(i, list) and len(i) >= 2 and isinstance(i[-1], int) for i in value)
    ):
        for item in value:
            out[prefix + ".".join(str(p) or "-" for p in item[:-1])] = item[-1]
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}{i}."))
    else:
        out[prefix.rstrip(".")] = value
    return out


IGNORED = ("generated_at", "labels", "order", "texts", "rows_hashed")


def data_changes(snapshot: Snapshot) -> dict[str, Any]:
    """The data now against the snapshot: whether the rows behind it changed, and which
    figures differ (path, then, now)."""
    report = snapshot.report
    rp = report_period(report)
    digest, _rows = data_hash(rp)
    notable = [case["id"] for case in snapshot.figures.get("notable", [])]
    now = computing.compute(rp, notable=notable)
    then = {k: v for k, v in snapshot.figures.items() if k not in IGNORED}
    current = {k: v for k, v in now.items() if k not in IGNORED}
    before, after = flatten(then), flatten(current)
    differences = [
        (path, before.get(path), after.get(path))
        for path in sorted(set(before) | set(after))
        if before.get(path) != after.get(path)
    ]
    return {
        "rows_changed": digest != snapshot.data_hash,
        "differences": differences,
        "checked_at": timezone.now(),
    }
