"""Where evidence is kept: Django's storage API, under the ``evidence`` alias of STORAGES.

Originals are write-once: the local storage never overwrites (``allow_overwrite=False``: a
taken name gets a new one, and files are created with O_EXCL) and stores files read-only
(0400); the S3 storage is configured with ``file_overwrite=False``. Nothing in Marsad opens an
original for writing after it was stored; deletion happens only when a reporter withdraws
(``services.evidence_delete_for_report``) and is logged.

With ``sealed=True`` (``EVIDENCE_ENCRYPT``) files are encrypted as they are written and
decrypted as they are read (see sealed.py); files written before it was switched on are
read as they are.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

from marsad.evidence.sealed import MAGIC, Unsealing, seal


class SealingMixin:
    """Encrypt on save and decrypt on open when ``sealed`` is on."""

    sealed = False

    def _save(self, name: str, content: File) -> str:
        if not self.sealed:
            return super()._save(name, content)  # type: ignore[misc]
        with tempfile.TemporaryFile() as sealed:
            content.seek(0)
            seal(content, sealed)
            sealed.seek(0)
            return super()._save(name, File(sealed))  # type: ignore[misc]

    def _open(self, name: str, mode: str = "rb") -> File:
        handle = super()._open(name, mode)  # type: ignore[misc]
        head = handle.read(len(MAGIC))
        handle.seek(0)
        if head != MAGIC:
            return handle
        return File(Unsealing(handle))  # type: ignore[arg-type]


class WriteOnceFileSystemStorage(SealingMixin, FileSystemStorage):
    def __init__(self, *, sealed: bool = False, **kwargs: Any) -> None:
        self.sealed = sealed
        # Read-only, and for the service user alone (marsad/core/filemodes.py).
        kwargs.setdefault("file_permissions_mode", 0o400)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        kwargs["allow_overwrite"] = False
        super().__init__(**kwargs)


def evidence_storage() -> Storage:
    return storages["evidence"]
