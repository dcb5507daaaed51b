"""Files sent with a report: type decided by content (libmagic), an allow-list with per-kind
size limits, a SHA-256, and a safe stored name. The evidence pipeline takes it from there."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.utils.translation import gettext_lazy as _

from marsad.evidence.sanitise import NotAnImage, TooManyPixels, check_image

MB = 1024 * 1024

# Detected type -> (kind, stored extension).
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    "image/jpeg": ("image", ".jpg"),
    "image/png": ("image", ".png"),
    "image/webp": ("image", ".webp"),
    "image/gif": ("image", ".gif"),
    "image/heic": ("image", ".heic"),
    "image/heif": ("image", ".heif"),
    "application/pdf": ("document", ".pdf"),
    "text/plain": ("document", ".txt"),
    "video/mp4": ("video", ".mp4"),
    "video/quicktime": ("video", ".mov"),
    "video/webm": ("video", ".webm"),
    "video/3gpp": ("video", ".3gp"),
    "audio/mpeg": ("audio", ".mp3"),
    "audio/ogg": ("audio", ".ogg"),
    "audio/mp4": ("audio", ".m4a"),
    "audio/x-m4a": ("audio", ".m4a"),
    "audio/aac": ("audio", ".aac"),
    "audio/x-wav": ("audio", ".wav"),
    "audio/wav": ("audio", ".wav"),
}


def size_limit(kind: str) -> int:
    return {
        "image": settings.INTAKE_MAX_IMAGE_MB,
        "document": settings.INTAKE_MAX_DOCUMENT_MB,
        "video": settings.INTAKE_MAX_VIDEO_MB,
        "audio": settings.INTAKE_MAX_AUDIO_MB,
    }[kind] * MB


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def safe_original_name(name: str | None) -> str:
    """The name as the reporter's device called it, for staff to read: no path, no control
    or direction characters, at most 200 characters. Never used as a storage path."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        ch
        for ch in base
        if unicodedata.category(ch)[0] != "C" and ch not in "\u2066\u2067\u2068\u2069"
    )
    return cleaned.strip()[:200]


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Decide the type from the bytes, refuse what is not allowed or too large, hash it."""
    name = safe_original_name(upload.name)
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty_file", params={"name": name})
    upload.seek(0)
    head = upload.read(8192)
    detected = magic.from_buffer(head, mime=True)
    allowed = ALLOWED_TYPES.get(detected)
    if allowed is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a kind of file we accept. Send screenshots or photos, PDF "
                "documents, videos, audio recordings or plain text."
            ),
            code="file_type",
            params={"name": name},
        )
    kind, extension = allowed
    if size > size_limit(kind):
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)d MB, the limit for this kind of file."),
            code="file_too_large",
            params={"name": name, "limit": size_limit(kind) // MB},
        )
    if kind == "image" and detected not in ("image/heic", "image/heif"):
        _check_image_upload(upload, name)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload=upload,
        original_name=name,
        content_type=detected,
        extension=extension,
        size=size,
        sha256=digest.hexdigest(),
    )


def _check_image_upload(upload: UploadedFile, name: str) -> None:
    """An image must open, and its size must not be a decompression ("pixel") bomb."""
    try:
        check_image(upload)
    except TooManyPixels as exc:
        raise ValidationError(
            _(
                "“%(name)s” has too many pixels (%(pixels)s million) to be a photo or a "
                "screenshot; the limit is %(limit)s million."
            ),
            code="too_many_pixels",
            params={
                "name": name,
                "pixels": exc.pixels // 1_000_000,
                "limit": settings.EVIDENCE_MAX_IMAGE_PIXELS // 1_000_000,
            },
        ) from exc
    except NotAnImage as exc:
        raise ValidationError(
            _("“%(name)s” looks like an image but cannot be opened: it may be damaged."),
            code="damaged_image",
            params={"name": name},
        ) from exc


class RequestTooLarge(Exception):
    """The whole upload exceeded INTAKE_MAX_UPLOAD_MB."""


class QuotaUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as the request passes the total limit, so a huge body
    never fills the disk. Must be installed before the request body is parsed.

    It also counts the files, and stores none past ``INTAKE_MAX_FILES`` (their bytes are read
    and dropped), so the form can refuse too many files with its own message while keeping
    the words: Django's ``DATA_UPLOAD_MAX_NUMBER_FILES`` would refuse the whole request before
    the form runs. Just before that backstop the rest of the body is dropped unread, keeping
    the fields that came before the files."""

    def __init__(self, request: object = None) -> None:
        super().__init__(request)  # type: ignore[arg-type]
        self.total = 0
        self.limit = settings.INTAKE_MAX_UPLOAD_MB * MB
        self.exceeded = False
        self.files_sent = 0

    def new_file(self, *args: object, **kwargs: object) -> None:
        self.files_sent += 1
        backstop = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        if backstop is not None and self.files_sent >= backstop:
            raise StopUpload(connection_reset=False)
        if self.files_sent > settings.INTAKE_MAX_FILES:
            raise SkipFile
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]

    def handle_raw_input(
        self,
        input_data: object,
        META: dict[str, str],
        content_length: int,
        boundary: object,
        encoding: str | None = None,
    ) -> None:
        if content_length > self.limit:
            self.exceeded = True
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.total += len(raw_data)
        if self.exceeded or self.total > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def files_sent(request: object) -> int:
    """How many files the request carried, counted by its ``QuotaUploadHandler`` (0 without)."""
    for handler in getattr(request, "upload_handlers", []):
        if isinstance(handler, QuotaUploadHandler):
            return handler.files_sent
    return 0
