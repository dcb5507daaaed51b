"""A violation's evidence package for lawyers and platforms: a zip of the originals, safe
copies, WARC captures and screenshots, with ``manifest.json`` giving every file's SHA-256,
the capture times and the chain of custody (including this export).

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
