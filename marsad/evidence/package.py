"""A violation's evidence package for lawyers: a zip of the originals, safe copies, WARC
captures and screenshots, with ``manifest.json`` giving every file's SHA-256, the capture
times and the chain of custody (including this export). It is never for a platform (it
holds what a reporter's file hides, their file names and staff names): platforms get
``evidence_share_files_build``, below, through an escalation batch.

Each file is hashed as it is copied into the package and compared with the hash taken when
it arrived: a mismatch or a missing file stops the export (nothing half-checked leaves).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from marsad.accounts.models import User
from marsad.cases.models import Violation
from marsad.evidence.choices import Action, State
from marsad.evidence.errors import IntegrityFailure, ReasonRequired
from marsad.evidence.models import EvidenceItem
from marsad.evidence.sealed import SealBroken
from marsad.evidence.selectors import evidence_custody, evidence_for_violation
from marsad.evidence.storage import evidence_storage
from marsad.evidence.store import CHUNK, custody_record

MANIFEST_VERSION = 1


def _extension(name: str) -> str:
    tail = name.rsplit("/", 1)[-1]
    for double in (".warc.gz",):
        if tail.endswith(double):
            return double
    return "." + tail.rsplit(".", 1)[-1] if "." in tail else ""


def _add(archive: zipfile.ZipFile, path: str, name: str, expected: str) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    try:
        source = evidence_storage().open(name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise IntegrityFailure from exc
    try:
        with source, archive.open(path, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    except SealBroken as exc:
        raise IntegrityFailure from exc
    if expected and digest.hexdigest() != expected:
        raise IntegrityFailure
    return {"path": path, "sha256": digest.hexdigest(), "size": size}


def _files(item: EvidenceItem) -> list[tuple[str, str, str, str]]:
    """(role, folder, stored name, expected hash) of an item's files."""
    out = [
        (
            "original",
            "captures" if item.is_capture else "originals",
            str(item.original.name),
            item.sha256,
        )
    ]
    if item.screenshot:
        out.append(("screenshot", "screenshots", str(item.screenshot.name), item.screenshot_sha256))
    if item.safe_copy:
        out.append(("safe copy", "safe-copies", str(item.safe_copy.name), item.safe_copy_sha256))
    return out


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def evidence_package_build(*, violation: Violation, actor: User, reason: str) -> IO[bytes]:
    """Build the package in a temporary file (returned open, at its start)."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    items = list(evidence_for_violation(violation).filter(state=State.STORED))
    now = timezone.now()
    with transaction.atomic():
        for item in items:
            custody_record(
                item=item,
                action=Action.EXPORTED,
                actor=actor,
                reason=reason,
                at=now,
                detail={"violation": violation.pk},
            )
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, closed on failure
    try:
        entries = []
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
            for item in items:
                files = [
                    {
                        "role": role,
                        **_add(
                            archive, f"{folder}/{item.public_id}{_extension(name)}", name, expected
                        ),
                    }
                    for role, folder, name, expected in _files(item)
                ]
                entries.append(
                    {
                        "id": str(item.public_id),
                        "kind": item.kind,
                        "source_url": item.source_url or None,
                        "final_url": item.final_url or None,
                        "http_status": item.http_status,
                        "truncated": item.truncated,
                        "original_name": item.original_name,
                        "content_type": item.content_type,
                        "size": item.size,
                        "sha256_at_arrival": item.sha256,
                        "received_at": _iso(item.received_at),
                        "captured_at": _iso(item.captured_at),
                        "report": item.report_id,
                        "files": files,
                        "custody": [
                            {
                                "action": event.action,
                                "at": _iso(event.at),
                                "by": event.actor.get_username() if event.actor else None,
                                "reason": event.reason,
                                "detail": event.detail,
                            }
                            for event in evidence_custody(item)
                        ],
                    }
                )
            manifest = {
                "manifest_version": MANIFEST_VERSION,
                "violation": violation.pk,
                "generated_at": _iso(now),
                "generated_by": actor.get_username(),
                "reason": reason,
                "hash_algorithm": "SHA-256",
                "items": entries,
            }
            archive.writestr(
                "manifest.json",
                json.dumps(manifest, ensure_ascii=False, indent=2),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


SHARE_FORMAT = "marsad-platform-files/1"


def _shared_files(item: EvidenceItem) -> list[tuple[str, str, str]] | None:
    """(role, stored name, expected hash) of what may leave for a platform: the safe copy of
    a file (images re-drawn from their pixels, text re-encoded: no EXIF, GPS, comment or
    author), or a web capture (fetched by Marsad from the link, nothing of the reporter)
    with its screenshot. None for a file that has only its original (PDF, video, audio):
    what it hides cannot be taken out here."""
    if item.is_capture:
        files = [("capture", str(item.original.name), item.sha256)]
        if item.screenshot:
            files.append(("screenshot", str(item.screenshot.name), item.screenshot_sha256))
        return files
    if item.safe_copy:
        return [("copy", str(item.safe_copy.name), item.safe_copy_sha256)]
    return None


def evidence_share_files_build(
    *, items: list[EvidenceItem], actor: User, reason: str, detail: dict[str, object]
) -> IO[bytes]:
    """The files of ``items`` as they may go to a platform, as a zip (in a temporary file,
    returned open at its start): ``files/<evidence id>.<ext>`` and ``files.json``.

    Unlike ``evidence_package_build`` (for lawyers: the originals as received, the names
    reporters gave their files, the chain of custody with staff names), nothing here can say
    who a reporter is or where they were: copies without hidden data, files named by their
    evidence id, no custody log or staff name. An item with only its original is listed
    under ``not_included`` (id, kind, type, hash), not sent. The caller decides which items
    the platform may have (the reporters' consent); each one sent gets an EXPORTED line in
    its chain of custody, written before any byte is copied."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    stored = [item for item in items if item.state == State.STORED]
    plan = [(item, _shared_files(item)) for item in stored]
    now = timezone.now()
    with transaction.atomic():
        for item, files in plan:
            if files is not None:
                custody_record(
                    item=item,
                    action=Action.EXPORTED,
                    actor=actor,
                    reason=reason,
                    at=now,
                    detail=detail,
                )
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, closed on failure
    try:
        shared: list[dict[str, Any]] = []
        held_back: list[dict[str, Any]] = []
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
            for item, files in plan:
                about = {
                    "id": str(item.public_id),
                    "kind": item.kind,
                    "content_type": item.content_type,
                    "sha256_at_arrival": item.sha256,
                }
                if files is None:
                    held_back.append(about)
                    continue
                written = []
                for role, name, expected in files:
                    tail = "-screenshot" if role == "screenshot" else ""
                    path = f"files/{item.public_id}{tail}{_extension(name)}"
                    written.append({"role": role, **_add(archive, path, name, expected)})
                shared.append({**about, "source_url": item.source_url or None, "files": written})
            archive.writestr(
                "files.json",
                json.dumps(
                    {
                        "format": SHARE_FORMAT,
                        "generated_at": _iso(now),
                        "hash_algorithm": "SHA-256",
                        "files": shared,
                        "not_included": held_back,
                    },
                    ensure_ascii=False,
                    indent=2,
                ),
                compress_type=zipfile.ZIP_DEFLATED,
            )
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out
