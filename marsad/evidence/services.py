"""Writes for evidence that people ask for: staff uploads, capture requests, reading
originals and safe copies (logged in the chain of custody), deletion when a reporter
withdraws, and integrity checks. The worker's side is in work.py."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marsad.accounts.models import User
from marsad.cases.models import Violation
from marsad.evidence import tasks
from marsad.evidence.choices import Action, Kind, State
from marsad.evidence.errors import NoOriginal, ReasonRequired, UnsafeFile
from marsad.evidence.models import EvidenceItem
from marsad.evidence.sealed import SealBroken
from marsad.evidence.storage import evidence_storage
from marsad.evidence.store import (
    custody_forget_links,
    custody_record,
    sha256_of,
    store_file_item,
)
from marsad.intake.choices import Trust
from marsad.intake.models import Report
from marsad.intake.uploads import CheckedFile

logger = logging.getLogger(__name__)


def evidence_report_received(*, report: Report, files: bool, links: bool = True) -> None:
    """A report (or a follow-up with files) was saved: take its files into the evidence store
    and, when EVIDENCE_AUTO_CAPTURE is on, capture its links (only for reports of normal
    trust: links in a suspected spam report are not fetched). Call inside the transaction
    that saved it; the work is queued when it commits."""
    report_id = report.pk
    if files:
        transaction.on_commit(lambda: tasks.ingest_report.enqueue(report_id))
    if links and settings.EVIDENCE_AUTO_CAPTURE and report.trust == Trust.NORMAL:
        evidence_capture_report_links(report=report, actor=None)


def evidence_add_file(
    *, violation: Violation, checked: CheckedFile, actor: User, note: str = ""
) -> EvidenceItem:
    """A file a staff member adds to a violation (checked like a reporter's upload)."""
    with tempfile.TemporaryFile() as local:
        for chunk in checked.upload.chunks():
            local.write(chunk)
        local.seek(0)
        return store_file_item(
            stream=local,
            sha256=checked.sha256,
            extension=checked.extension,
            make=lambda: EvidenceItem(
                kind=Kind.FILE,
                violation=violation,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                received_at=timezone.now(),
                added_by=actor,
                note=note[:500],
            ),
            actor=actor,
            detail={"source": "staff", "violation": violation.pk},
        )


# --- Captures ---------------------------------------------------------------------------------


def evidence_capture_request(
    *,
    url: str,
    report: Report | None = None,
    violation: Violation | None = None,
    actor: User | None = None,
) -> tuple[EvidenceItem, bool]:
    """Ask for a link to be captured; the worker does it. The same link for the same report
    (or for the same violation on the same day) is one capture, however often it is asked."""
    if report is not None:
        key = f"capture:report:{report.pk}:{url}"
    elif violation is not None:
        key = f"capture:violation:{violation.pk}:{timezone.localdate():%Y-%m-%d}:{url}"
    else:
        raise ValueError("a capture belongs to a report or a violation")
    key = key[:300]
    with transaction.atomic():
        item, created = EvidenceItem.objects.get_or_create(
            dedupe_key=key,
            defaults={
                "kind": Kind.CAPTURE,
                "state": State.PENDING,
                "report": report,
                "violation": violation,
                "source_url": url,
                "received_at": timezone.now(),
                "added_by": actor,
            },
        )
        if created:
            transaction.on_commit(lambda: tasks.capture_url.enqueue(item.pk))
    return item, created


def evidence_capture_report_links(*, report: Report, actor: User | None) -> list[EvidenceItem]:
    return [
        evidence_capture_request(url=link, report=report, actor=actor)[0]
        for link in report.links or []
        if isinstance(link, str) and link.startswith(("http://", "https://"))
    ]


def evidence_capture_retry(*, item: EvidenceItem, actor: User) -> bool:
    """A failed capture tried again on a staff member's request."""
    claimed = EvidenceItem.objects.filter(pk=item.pk, state=State.FAILED).update(
        state=State.PENDING, attempts=0, last_error="", next_attempt_at=None
    )
    if claimed:
        transaction.on_commit(lambda: tasks.capture_url.enqueue(item.pk))
    return bool(claimed)


# --- Reading originals and safe copies --------------------------------------------------------


def evidence_original_open(
    *, item: EvidenceItem, actor: User, reason: str, action: Action = Action.DOWNLOADED
) -> IO[bytes]:
    """Open an original for a person; the read is written to the chain of custody first."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    if not item.original:
        raise NoOriginal
    custody_record(item=item, action=action, actor=actor, reason=reason)
    return evidence_storage().open(str(item.original.name), "rb")


def evidence_safe_copy_open(*, item: EvidenceItem, actor: User, thumbnail: bool) -> IO[bytes]:
    """Open the safe copy (or its thumbnail). Viewing the full copy is logged."""
    target = item.thumbnail if thumbnail else item.safe_copy
    if not target:
        raise UnsafeFile
    if not thumbnail:
        custody_record(item=item, action=Action.VIEWED, actor=actor)
    return evidence_storage().open(str(target.name), "rb")


def evidence_screenshot_open(*, item: EvidenceItem, actor: User) -> IO[bytes]:
    custody_record(item=item, action=Action.VIEWED, actor=actor, detail={"file": "screenshot"})
    return evidence_storage().open(str(item.screenshot.name), "rb")


def evidence_record_shared(
    *, public_ids: Iterable[str], actor: User, reason: str, detail: dict[str, object]
) -> int:
    """Evidence listed in a package sent outside (a batch to a platform): one EXPORTED line
    in each item's chain of custody. Call inside the transaction that sends it."""
    items = list(EvidenceItem.objects.filter(public_id__in=list(public_ids)))
    now = timezone.now()
    for item in items:
        custody_record(
            item=item, action=Action.EXPORTED, actor=actor, reason=reason, detail=detail, at=now
        )
    return len(items)


# --- Withdrawal -------------------------------------------------------------------------------


def evidence_delete_for_report(*, report: Report, reason: str) -> int:
    """Delete the evidence that came from a report (the reporter withdrew it). Must run
    inside the withdrawal's transaction; files go when it commits. The custody log keeps a
    DELETED line for each item (id and hash, no content), and its earlier lines lose the
    links the reporter gave (``store.custody_forget_links``)."""
    items = list(EvidenceItem.objects.select_for_update().filter(report=report, violation=None))
    names = [
        str(f.name)
        for item in items
        for f in (item.original, item.safe_copy, item.thumbnail, item.screenshot)
        if f
    ]
    custody_forget_links(items=items)
    for item in items:
        custody_record(item=item, action=Action.DELETED, reason=reason)
    EvidenceItem.objects.filter(pk__in=[i.pk for i in items]).delete()
    transaction.on_commit(lambda: _delete_names(names))
    return len(items)


def _delete_names(names: Iterable[str]) -> None:
    storage = evidence_storage()
    for name in names:
        try:
            storage.delete(name)
        except Exception:  # OSError on disk; botocore's own errors with S3
            logger.exception("could not delete a withdrawn evidence file")


# --- Integrity ----------------------------------------------------------------------------------


@dataclass
class VerifyProblem:
    item: EvidenceItem
    role: str
    name: str
    problem: str  # "missing" or "mismatch"
    expected: str
    found: str = ""


@dataclass
class VerifyResult:
    checked: int = 0
    files: int = 0
    problems: list[VerifyProblem] = field(default_factory=list)


def evidence_verify(*, on_problem: Callable[[VerifyProblem], None] | None = None) -> VerifyResult:
    """Re-hash every stored original, WARC, screenshot and safe copy against the hash taken
    when it was stored. A mismatch or a missing file is reported and logged in custody."""
    result = VerifyResult()
    storage = evidence_storage()
    for item in EvidenceItem.objects.filter(state=State.STORED).iterator(chunk_size=500):
        result.checked += 1
        for role, f, expected in (
            ("original", item.original, item.sha256),
            ("screenshot", item.screenshot, item.screenshot_sha256),
            ("safe copy", item.safe_copy, item.safe_copy_sha256),
        ):
            if not f or not expected:
                continue
            result.files += 1
            problem: VerifyProblem | None = None
            try:
                with storage.open(str(f.name), "rb") as handle:
                    found = sha256_of(handle)
            except SealBroken:
                problem = VerifyProblem(
                    item, role, str(f.name), "mismatch", expected, "altered-seal"
                )
            except OSError:
                problem = VerifyProblem(item, role, str(f.name), "missing", expected)
            else:
                if found != expected:
                    problem = VerifyProblem(item, role, str(f.name), "mismatch", expected, found)
            if problem is not None:
                result.problems.append(problem)
                custody_record(
                    item=item,
                    action=Action.MISSING
                    if problem.problem == "missing"
                    else Action.VERIFIED_MISMATCH,
                    detail={"file": role, "expected": expected, "found": problem.found},
                )
                if on_problem is not None:
                    on_problem(problem)
    return result
