"""The S3-compatible evidence storage (imported only when ``EVIDENCE_STORAGE=s3``)."""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage

from marsad.evidence.storage import SealingMixin


class EvidenceS3Storage(SealingMixin, S3Storage):
    def __init__(self, *, sealed: bool = False, **kwargs: Any) -> None:
        self.sealed = sealed
        kwargs["file_overwrite"] = False
        super().__init__(**kwargs)
