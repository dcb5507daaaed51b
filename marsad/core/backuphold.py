"""While ``marsad backup`` runs, uploads are not deleted.

A reporter's upload is deleted once the evidence store holds it (marsad/evidence/work.py).
A backup copies the database first and the files after: an upload deleted in between would
be named by the archive's database and missing from its files. So the backup puts a marker
in the uploads folder (which every web and worker machine shares) for as long as it runs,
and the deletion waits while one is there; the worker's sweep deletes those uploads
afterwards. A marker older than ``STALE`` (a backup killed before it could remove it) is
ignored. Markers are never put into an archive.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages

PREFIX = ".backup-in-progress-"
STALE = dt.timedelta(hours=12)


def _folder() -> Path | None:
    uploads = storages["default"]
    return Path(uploads.location) if isinstance(uploads, FileSystemStorage) else None


def is_marker(path: Path) -> bool:
    return path.name.startswith(PREFIX)


def held() -> bool:
    """Whether a backup is running now (uploads must not be deleted)."""
    folder = _folder()
    if folder is None or not folder.is_dir():
        return False
    oldest = time.time() - STALE.total_seconds()
    for marker in folder.glob(f"{PREFIX}*"):
        try:
            if marker.stat().st_mtime > oldest:
                return True
        except FileNotFoundError:  # removed as we looked
            continue
    return False


@contextmanager
def hold() -> Iterator[None]:
    """Keep uploads from being deleted for the duration of the block."""
    folder = _folder()
    if folder is None:
        yield
        return
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    marker = folder / f"{PREFIX}{os.getpid()}-{os.urandom(4).hex()}"
    marker.touch(mode=0o600)
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)
