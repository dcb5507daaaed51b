"""Where evidence is kept: Django's storage API, under the ``evidence`` alias of STORAGES.

Originals are write-once: the local storage refuses to write over an existing name and stores
files read-only (0440); the S3 storage is configured with ``file_overwrite=False``. Nothing in
Marsad opens an original for writing after it was stored; deletion happens only when a
reporter withdraws (``services.evidence_delete_for_report``) and is logged.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, storages


class WriteOnceFileSystemStorage(FileSystemStorage):
    """Never overwrites (``allow_overwrite=False``: a taken name gets a new one, and files are
    created with O_EXCL), and stores files and folders without write permission."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", 0o440)
        kwargs.setdefault("directory_permissions_mode", 0o750)
        kwargs["allow_overwrite"] = False
        super().__init__(**kwargs)


def evidence_storage() -> Storage:
    return storages["evidence"]
