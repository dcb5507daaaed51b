"""Storing evidence files and writing the chain of custody: the layer under the services
and the worker. Files are written before the row that names them; if the row cannot be saved,
the files written for it are removed, so there is never an orphan file or a row naming a
file that was not stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from marsad.accounts.models import User
from marsad.evidence import sanitise
from marsad.evidence.choices import Action
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.storage import evidence_storage

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024


# --- Chain of custody -----------------------------------------------------------------------


def custody_record(
    *,
    item: EvidenceItem,
    action: Action,
    actor: User | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> CustodyEvent:
    return CustodyEvent.objects.create(
        item=item,
        item_public_id=item.public_id,
        item_sha256=item.sha256,
        action=action,
        actor=actor,
        at=at or timezone.now(),
        reason=reason[:500],
        detail=detail or {},
    )


# What a custody line may hold of a reporter's own words: the links of a capture.
REPORTER_LINK_KEYS = ("url", "final_url")


def custody_forget_links(*, items: list[EvidenceItem]) -> int:
    """The one change ever made to custody lines. When a reporter withdraws, the links they
    gave (a capture's ``url`` and ``final_url``) leave the lines of their deleted items: the
    id, hashes, times, status and actors stay, and ``links_erased`` says that links were
    there. Call inside the withdrawal's transaction. Returns the lines changed."""
    changed = 0
    ids = [item.public_id for item in items]
    for pk, detail in (
        CustodyEvent.objects.select_for_update()
        .filter(item_public_id__in=ids)
        .values_list("pk", "detail")
    ):
        if not isinstance(detail, dict) or not any(k in detail for k in REPORTER_LINK_KEYS):
            continue
        kept = {k: v for k, v in detail.items() if k not in REPORTER_LINK_KEYS}
        # An update of the row itself: ``CustodyEvent.save`` refuses every change.
        CustodyEvent.objects.filter(pk=pk).update(detail={**kept, "links_erased": True})
        changed += 1
    return changed


# --- Files --------------------------------------------------------------------------


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def month_path(kind: str, public_id: uuid.UUID, extension: str, now: dt.datetime) -> str:
    return f"{kind}/{now:%Y/%m}/{public_id.hex}{extension}"


@dataclass
class Written:
    """Names stored for one item, removed again if its row is not saved."""

    names: list[str] = field(default_factory=list)

    def save(self, name: str, content: File) -> str:
        stored = evidence_storage().save(name, content)
        self.names.append(stored)
        return stored

    def discard(self) -> None:
        storage = evidence_storage()
        for name in self.names:
            try:
                storage.delete(name)
            except Exception:  # OSError on disk; botocore's own errors with S3
                logger.exception("could not remove an evidence file after a failure")


def attach_safe_copy(
    item: EvidenceItem, stream: IO[bytes], written: Written, now: dt.datetime
) -> bool:
    """Make the safe copy and thumbnail of an original; False if none could be made."""
    try:
        result = sanitise.safe_copy(stream, item.content_type)
    except (sanitise.NotAnImage, sanitise.TooManyPixels):
        return False
    if result is None:
        return False
    item.safe_copy = written.save(
        month_path("safe", item.public_id, result.extension, now), ContentFile(result.data)
    )
    item.safe_copy_kind = result.kind
    item.safe_copy_sha256 = hashlib.sha256(result.data).hexdigest()
    if result.thumbnail is not None:
        item.thumbnail = written.save(
            month_path("thumbs", item.public_id, result.extension, now),
            ContentFile(result.thumbnail),
        )
    return True


def store_file_item(
    *,
    stream: IO[bytes],
    sha256: str,
    extension: str,
    make: Callable[[], EvidenceItem],
    actor: User | None,
    detail: dict[str, Any],
) -> EvidenceItem:
    """Store the original (hash checked), the safe copy, then the row and its custody events
    in one transaction. On any failure the files written are removed."""
    item = make()
    now = timezone.now()
    written = Written()
    try:
        item.original = written.save(
            month_path("originals", item.public_id, extension, now), File(stream)
        )
        stored_hash = sha256_of(evidence_storage().open(item.original.name, "rb"))
        if stored_hash != sha256:
            raise OSError(f"stored copy hashes to {stored_hash}, expected {sha256}")
        item.sha256 = sha256
        safe = attach_safe_copy(item, stream, written, now)
        with transaction.atomic():
            item.save()
            custody_record(item=item, action=Action.COLLECTED, actor=actor, detail=detail, at=now)
            if safe:
                custody_record(
                    item=item,
                    action=Action.SANITISED,
                    actor=actor,
                    at=now,
                    detail={"kind": item.safe_copy_kind, "sha256": item.safe_copy_sha256},
                )
    except BaseException:
        written.discard()
        raise
    return item
