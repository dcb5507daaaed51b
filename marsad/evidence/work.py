"""What the worker does: take reporters' files into the evidence store and capture links.
Nothing here queues a task (tasks.py queues the follow-up work from what these return).

A reporter's upload is kept in the uploads folder (``ReportFile.file``, the default storage)
only until the evidence store holds it: once the evidence item is committed, its stored copy
having been checked against the arrival hash, the upload is deleted (it is the original in
clear, EXIF and GPS position included, even when the store seals its files) and the row's
file name emptied; what the row says of the file (name, type, size, hash) stays. Never
before the commit, so the upload is never lost while it may be the only copy; one left by a
crash between the commit and the deletion is found by ``intake_copies_release``."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from marsad.core import backuphold
from marsad.core.taskqueue import rq_jobs_waiting_or_running, uses_database_queue, uses_rq_queue
from marsad.evidence import capture, screenshot
from marsad.evidence.choices import CLAIMABLE, Action, Kind, State
from marsad.evidence.models import EvidenceItem
from marsad.evidence.storage import evidence_storage
from marsad.evidence.store import CHUNK, Written, custody_record, sha256_of, store_file_item
from marsad.intake.models import Report, ReportFile

logger = logging.getLogger(__name__)


def ingest_report_file(*, report_file: ReportFile) -> EvidenceItem | None:
    """Take a reporter's file into the evidence store, checking it against the hash taken
    when it arrived. Safe to run twice: the second run finds the item and does nothing."""
    key = f"reportfile:{report_file.pk}"
    existing = EvidenceItem.objects.filter(dedupe_key=key).first()
    if existing is not None:
        _release_on_commit(report_file, existing)
        return existing
    if not report_file.file.name:
        return None  # taken in before, and its item since deleted: nothing left to take
    ReportFile.objects.filter(pk=report_file.pk).update(ingest_attempts=F("ingest_attempts") + 1)
    # Copied to a local temporary file so it can be read several times (hash, copy, safe
    # copy) whatever the storage is.
    with (
        default_storage.open(str(report_file.file.name), "rb") as source,
        tempfile.TemporaryFile() as local,
    ):
        while chunk := source.read(CHUNK):
            local.write(chunk)
        local.seek(0)
        arrived = report_file.sha256
        if sha256_of(local) != arrived:
            logger.error("report file %s does not match its arrival hash", report_file.pk)
            return None
        try:
            item = store_file_item(
                stream=local,
                sha256=arrived,
                extension=report_file.extension,
                make=lambda: EvidenceItem(
                    kind=Kind.FILE,
                    report=report_file.report,
                    violation=None,
                    report_file=report_file,
                    dedupe_key=key,
                    original_name=report_file.original_name,
                    content_type=report_file.content_type,
                    size=report_file.size,
                    received_at=report_file.received_at,
                ),
                actor=None,
                detail={"source": "report", "report": report_file.report_id},
            )
        except IntegrityError:
            # Another worker ingested it at the same moment; its row stands (and that worker
            # deletes the upload).
            return EvidenceItem.objects.filter(dedupe_key=key).first()
    _release_on_commit(report_file, item)
    return item


def _release_on_commit(report_file: ReportFile, item: EvidenceItem) -> None:
    """Delete the upload once ``item`` is committed (at once outside a transaction)."""
    name = str(report_file.file.name or "")
    if name and item.sha256 == report_file.sha256 and item.state == State.STORED:
        pk = report_file.pk
        transaction.on_commit(lambda: intake_copy_release(report_file_id=pk, name=name))


def intake_copy_release(*, report_file_id: int, name: str) -> bool:
    """Delete a reporter's upload that the evidence store holds, then empty the row's file
    name (in that order: a crash between leaves a name with no file, which the next release
    finds and empties). Safe to run twice. Call only once the evidence item is committed.
    Not while a backup runs (core.backuphold): the sweep deletes it afterwards."""
    if not name or backuphold.held():
        return False
    try:
        default_storage.delete(name)
    except OSError:
        logger.exception("report file %s: its upload could not be deleted", report_file_id)
        return False
    return bool(ReportFile.objects.filter(pk=report_file_id, file=name).update(file=""))


# Uploads released per batch by the sweep and the release task, and how far back (in report
# files) the sweep looks every minute; the task the worker queues when it starts looks at all.
INTAKE_COPY_BATCH = 500
INTAKE_COPY_WINDOW = 5000


def intake_copies_release(
    *, after: int = 0, limit: int = INTAKE_COPY_BATCH
) -> tuple[int, int | None]:
    """Delete uploads still kept although their evidence item was committed (by a crash
    between the commit and the deletion, or by a version of Marsad before this one), looking
    at report files after ``after`` in order, at most ``limit`` of them. An upload whose
    stored copy cannot be found is kept (it may be the only copy) and logged. Returns how
    many were deleted, and the last report file looked at when there may be more (else
    None)."""
    if backuphold.held():
        return 0, None
    rows = list(
        ReportFile.objects.filter(
            pk__gt=after, evidence__state=State.STORED, evidence__sha256=F("sha256")
        )
        .exclude(file="")
        .order_by("pk")
        .values_list("pk", "file", "evidence__original")[:limit]
    )
    storage = evidence_storage()
    released = 0
    for pk, name, original in rows:
        if original and storage.exists(original):
            released += intake_copy_release(report_file_id=pk, name=name)
        else:
            logger.warning("report file %s: its evidence has no stored copy; upload kept", pk)
    if released:
        logger.info("%d upload(s) already in the evidence store were deleted", released)
    return released, (rows[-1][0] if len(rows) == limit else None)


def intake_copies_release_all() -> int:
    """``intake_copies_release`` over every report file (``marsad evidence sweep``)."""
    total = 0
    after: int | None = 0
    while after is not None:
        released, after = intake_copies_release(after=after)
        total += released
    return total


def intake_copies_recent_after() -> int:
    """Where the sweep starts: the last ``INTAKE_COPY_WINDOW`` report files (by key, so the
    look stays short however many there are)."""
    newest = ReportFile.objects.aggregate(newest=Max("pk"))["newest"] or 0
    return max(0, newest - INTAKE_COPY_WINDOW)


def ingest_report(*, report_id: int) -> list[EvidenceItem]:
    """Every file of a report into the evidence store."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return []
    items = [
        item
        for report_file in report.files.all()
        if (item := ingest_report_file(report_file=report_file)) is not None
    ]
    return items


# Files a report's ingest task has had time to take in; older ones without evidence are looked at.
INGEST_GRACE = dt.timedelta(minutes=2)
INGEST_TASK_PATH = "marsad.evidence.tasks.ingest_report"
# Attempts begun on one file after which the sweep leaves it (each is logged).
INGEST_MAX_ATTEMPTS = 3


def ingests_due(*, now: dt.datetime | None = None) -> list[int]:
    """Reports with a file that is not in the evidence store and whose ingest task is not
    coming any more: lost before it was queued (the report committed, then the database went
    away before the task was queued on commit), failed (the database stayed away longer than
    the task's retries) or lost with a queue. A report whose ingest task is waiting or running
    is left to it. A file is left alone once ``INGEST_MAX_ATTEMPTS`` attempts began on it, so
    one that fails its check is not queued again every minute."""
    now = now or timezone.now()
    waiting: dict[int, dt.datetime] = {}
    for report_id, received_at in (
        ReportFile.objects.filter(
            evidence__isnull=True,
            received_at__lt=now - INGEST_GRACE,
            ingest_attempts__lt=INGEST_MAX_ATTEMPTS,
        )
        .exclude(file="")
        .values_list("report_id", "received_at")
    ):
        waiting[report_id] = max(received_at, waiting.get(report_id, received_at))
    if not waiting:
        return []
    pending = _ingests_pending(since=min(waiting.values()))
    return sorted(pk for pk, last in waiting.items() if pk not in pending or pending[pk] < last)


def _ingests_pending(*, since: dt.datetime) -> dict[int, dt.datetime]:
    """Report id -> when its latest ingest task still waiting or running was queued."""
    pending: dict[int, dt.datetime] = {}

    def note(args: object, enqueued_at: dt.datetime | None) -> None:
        if isinstance(args, list | tuple) and args and isinstance(args[0], int):
            at = enqueued_at or since
            pending[args[0]] = max(at, pending.get(args[0], at))

    if uses_database_queue():
        from django.tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        for args_kwargs, enqueued_at in DBTaskResult.objects.filter(
            task_path=INGEST_TASK_PATH,
            enqueued_at__gte=since,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        ).values_list("args_kwargs", "enqueued_at"):
            note((args_kwargs or {}).get("args"), enqueued_at)
    elif uses_rq_queue():
        for job in rq_jobs_waiting_or_running():
            if job.func_name == INGEST_TASK_PATH:
                enqueued = job.enqueued_at or job.created_at
                if enqueued is not None and timezone.is_naive(enqueued):
                    enqueued = timezone.make_aware(enqueued, dt.UTC)
                note(list(job.args), enqueued)
    return pending


# --- Captures ---------------------------------------------------------------------------------


def _claim(item_id: int, now: dt.datetime) -> int | None:
    """Take a capture for this worker; the attempt number, or None if it is not ours to do."""
    lease = now + dt.timedelta(seconds=settings.EVIDENCE_CAPTURE_LEASE_SECONDS)
    claimable = Q(state__in=CLAIMABLE) | Q(state=State.CAPTURING, lease_until__lt=now)
    updated = (
        EvidenceItem.objects.filter(claimable, pk=item_id, kind=Kind.CAPTURE)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(state=State.CAPTURING, lease_until=lease, attempts=F("attempts") + 1)
    )
    if not updated:
        return None
    return EvidenceItem.objects.values_list("attempts", flat=True).get(pk=item_id)


def _backoff(attempt: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.EVIDENCE_CAPTURE_BACKOFF_SECONDS * 4 ** (attempt - 1))


@dataclass(frozen=True)
class RunOutcome:
    """What a capture run ended in; ``retry_at`` is when the caller should queue it again."""

    state: State | None
    retry_at: dt.datetime | None = None


def _capture_failed(item_id: int, attempt: int, error: str, *, final: bool) -> RunOutcome:
    now = timezone.now()
    mine = EvidenceItem.objects.filter(pk=item_id, state=State.CAPTURING, attempts=attempt)
    if final or attempt >= settings.EVIDENCE_CAPTURE_ATTEMPTS:
        mine.update(state=State.FAILED, last_error=error[:500], lease_until=None)
        return RunOutcome(State.FAILED)
    when = now + _backoff(attempt)
    if mine.update(
        state=State.RETRY, last_error=error[:500], lease_until=None, next_attempt_at=when
    ):
        return RunOutcome(State.RETRY, retry_at=when)
    return RunOutcome(None)


def capture_run(*, item_id: int) -> RunOutcome:
    """Capture one link: claim it, fetch it, store the WARC (and a screenshot), record it.

    Idempotent and safe to retry: a capture already stored, taken by a live worker, or not
    yet due is left alone; a worker that dies mid-capture leaves a lease that runs out, after
    which ``captures_due`` (asked by every worker) gives the capture to another.
    """
    now = timezone.now()
    attempt = _claim(item_id, now)
    if attempt is None:
        return RunOutcome(None)
    item = EvidenceItem.objects.get(pk=item_id)
    try:
        result = capture.fetch(item.source_url)
    except capture.CaptureRefused as exc:
        return _capture_failed(item_id, attempt, f"{exc.code}: {exc}", final=True)
    except capture.CaptureFailed as exc:
        return _capture_failed(item_id, attempt, str(exc), final=False)
    written = Written()
    try:
        with tempfile.TemporaryFile() as warc:
            capture.write_warc(result, warc)
            size = warc.tell()
            digest = sha256_of(warc)
            name = f"captures/{result.captured_at:%Y/%m}/{item.public_id.hex}-{attempt}.warc.gz"
            stored = written.save(name, File(warc))
        screenshot_name, screenshot_hash = "", ""
        if settings.EVIDENCE_CAPTURE_SCREENSHOT:
            png = screenshot.render(result)
            if png:
                screenshot_hash = hashlib.sha256(png).hexdigest()
                screenshot_name = written.save(
                    f"screenshots/{result.captured_at:%Y/%m}/{item.public_id.hex}-{attempt}.png",
                    ContentFile(png),
                )
        with transaction.atomic():
            done = EvidenceItem.objects.filter(
                pk=item_id, state=State.CAPTURING, attempts=attempt
            ).update(
                state=State.STORED,
                original=stored,
                sha256=digest,
                size=size,
                content_type="application/warc",
                original_name=f"{item.public_id.hex}.warc.gz",
                captured_at=result.captured_at,
                http_status=result.status,
                final_url=result.final_url[:2000],
                truncated=result.truncated,
                screenshot=screenshot_name,
                screenshot_sha256=screenshot_hash,
                lease_until=None,
                last_error="",
            )
            if not done:
                # Another worker took over after this one's lease ran out and finished first.
                raise _LostLease
            item.refresh_from_db()
            custody_record(
                item=item,
                action=Action.CAPTURED,
                at=result.captured_at,
                detail={
                    "url": item.source_url,
                    "final_url": result.final_url,
                    "status": result.status,
                    "attempt": attempt,
                    "address": result.final.address,
                    "truncated": result.truncated,
                    "screenshot_sha256": screenshot_hash,
                },
            )
    except _LostLease:
        written.discard()
        return RunOutcome(None)
    except BaseException:
        written.discard()
        raise
    return RunOutcome(State.STORED)


class _LostLease(Exception):
    pass


def captures_due(*, now: dt.datetime | None = None) -> list[int]:
    """Captures to queue again: their worker died (lease run out), or a retry or first try is
    long overdue (its task was lost). Queuing a capture twice is harmless: one claims it."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.EVIDENCE_CAPTURE_LEASE_SECONDS)
    return list(
        EvidenceItem.objects.filter(kind=Kind.CAPTURE)
        .filter(
            Q(state=State.CAPTURING, lease_until__lt=now)
            | Q(state=State.RETRY, next_attempt_at__lt=stale)
            | Q(state=State.PENDING, received_at__lt=stale)
        )
        .values_list("pk", flat=True)
    )
