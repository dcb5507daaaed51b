"""Safe copies for viewing: images decoded and re-encoded from their pixels alone (no EXIF,
GPS, XMP, ICC or comments survive), a thumbnail, and plain text re-encoded as UTF-8.

PDFs, videos and audio get no safe copy here: they are never rendered from the original and
are downloaded only as attachments, with the download logged.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from marsad.evidence.choices import SafeCopy

THUMBNAIL_SIZE = (320, 320)
TEXT_LIMIT = 1024 * 1024  # the safe copy of a text file keeps its first megabyte


class NotAnImage(Exception):
    pass


class TooManyPixels(Exception):
    def __init__(self, pixels: int) -> None:
        super().__init__(pixels)
        self.pixels = pixels


@dataclass(frozen=True)
class SafeCopyResult:
    kind: SafeCopy
    data: bytes
    extension: str
    thumbnail: bytes | None


def image_pixels(stream: IO[bytes]) -> int:
    """Width × height from the header only (nothing is decoded)."""
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                width, height = image.size
    except Image.DecompressionBombError as exc:
        # Pillow refuses to open far too large images; its message names the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise TooManyPixels(int(found.group(1)) if found else Image.MAX_IMAGE_PIXELS or 0) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAnImage from exc
    finally:
        stream.seek(0)
    return width * height


def check_image(stream: IO[bytes]) -> None:
    """Refuse an image whose pixel count would decode to too much memory."""
    pixels = image_pixels(stream)
    if pixels > settings.EVIDENCE_MAX_IMAGE_PIXELS:
        raise TooManyPixels(pixels)


def _clean_image(stream: IO[bytes]) -> tuple[Image.Image, bool]:
    check_image(stream)
    Image.MAX_IMAGE_PIXELS = settings.EVIDENCE_MAX_IMAGE_PIXELS
    with Image.open(stream) as source:
        source.seek(0)  # the first frame of an animation
        upright = ImageOps.exif_transpose(source)  # keep what the camera meant, drop the tag
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
            upright.mode == "P" and "transparency" in upright.info
        )
        mode = "RGBA" if has_alpha else "RGB"
        pixels = upright.convert(mode)
        # A new image from the pixel bytes alone: no info, no EXIF, no ICC, no comments.
        return Image.frombytes(mode, pixels.size, pixels.tobytes()), has_alpha


def _encode(image: Image.Image, *, alpha: bool) -> tuple[bytes, str]:
    out = io.BytesIO()
    if alpha:
        image.save(out, format="PNG", optimize=True)
        return out.getvalue(), ".png"
    image.save(out, format="JPEG", quality=88)
    return out.getvalue(), ".jpg"


def safe_copy_of_image(stream: IO[bytes]) -> SafeCopyResult:
    try:
        image, alpha = _clean_image(stream)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAnImage from exc
    data, extension = _encode(image, alpha=alpha)
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    thumbnail, _ = _encode(thumb, alpha=alpha)
    return SafeCopyResult(SafeCopy.IMAGE, data, extension, thumbnail)


def safe_copy_of_text(stream: IO[bytes]) -> SafeCopyResult:
    stream.seek(0)
    raw = stream.read(TEXT_LIMIT)
    encodings = ("utf-16",) if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1256")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", errors="replace")
    text = text.replace("\x00", "")
    return SafeCopyResult(SafeCopy.TEXT, text.encode("utf-8"), ".txt", None)


def safe_copy(stream: IO[bytes], content_type: str) -> SafeCopyResult | None:
    """The safe copy for a detected type, or None where there is none to make."""
    if content_type.startswith("image/") and content_type not in ("image/heic", "image/heif"):
        return safe_copy_of_image(stream)
    if content_type == "text/plain":
        return safe_copy_of_text(stream)
    return None
