"""Safe copies carry no metadata; bombs and disguised files are refused with a clear message."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image, PngImagePlugin

from marsad.evidence import sanitise
from marsad.evidence.choices import SafeCopy
from marsad.evidence.tests.conftest import GPS_IFD, jpeg_with_metadata, png_bytes, upload
from marsad.intake.uploads import check_upload


def test_the_fixture_jpeg_really_carries_exif_gps_and_a_comment():
    with Image.open(io.BytesIO(jpeg_with_metadata())) as image:
        exif = image.getexif()
        assert exif[0x010F] == "PhoneMaker"
        assert exif.get_ifd(GPS_IFD)[2] == (31.0, 30.0, 7.2)
        assert image.info["comment"] == b"taken at home, street 12"


def test_safe_copy_of_a_jpeg_has_no_exif_gps_or_comment_read_back():
    original = jpeg_with_metadata()
    result = sanitise.safe_copy(io.BytesIO(original), "image/jpeg")
    assert result is not None
    assert result.kind == SafeCopy.IMAGE
    assert result.extension == ".jpg"
    for data in (result.data, result.thumbnail):
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert dict(image.getexif()) == {}
            assert image.getexif().get_ifd(GPS_IFD) == {}
            assert "exif" not in image.info
            assert "comment" not in image.info
            assert "icc_profile" not in image.info
        assert b"PhoneMaker" not in data
        assert b"street 12" not in data
        assert b"Exif" not in data
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.size == (64, 48)


def test_the_camera_orientation_is_applied_before_the_tag_is_dropped():
    image = Image.new("RGB", (60, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    result = sanitise.safe_copy(io.BytesIO(out.getvalue()), "image/jpeg")
    with Image.open(io.BytesIO(result.data)) as safe:
        assert safe.size == (20, 60)
        assert 0x0112 not in safe.getexif()


def test_png_text_chunks_are_dropped_and_transparency_kept():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "the reporter's full name")
    info.add_text("GPS", "31.5,34.4")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    result = sanitise.safe_copy(io.BytesIO(out.getvalue()), "image/png")
    assert result.extension == ".png"
    with Image.open(io.BytesIO(result.data)) as safe:
        assert safe.mode == "RGBA"
        assert "Author" not in safe.info
        assert "GPS" not in safe.info
    assert b"full name" not in result.data


def test_text_safe_copy_is_utf8_whatever_it_was_written_in():
    arabic = "حذف منشور عن غزة"
    result = sanitise.safe_copy(io.BytesIO(arabic.encode("cp1256")), "text/plain")
    assert result.data.decode("utf-8") == arabic
    result = sanitise.safe_copy(io.BytesIO(arabic.encode("utf-16")), "text/plain")
    assert result.data.decode("utf-8") == arabic


def test_no_safe_copy_for_pdf_video_or_heic():
    for content_type in ("application/pdf", "video/mp4", "audio/mpeg", "image/heic"):
        assert sanitise.safe_copy(io.BytesIO(b"whatever"), content_type) is None


def _pixel_bomb() -> bytes:
    """A 1-bit PNG of 30,000 × 30,000 pixels (900 million): a few hundred KB on disk,
    gigabytes once decoded."""
    out = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def pixel_bomb() -> bytes:
    data = _pixel_bomb()
    assert len(data) < 1024 * 1024
    return data


def _refusal(name: str, data: bytes, language: str = "en") -> tuple[str, list[str]]:
    """The error's code and its messages in ``language``."""
    with translation.override(language):
        with pytest.raises(ValidationError) as info:
            check_upload(upload(name, data))
        return str(info.value.code), [str(m) for m in info.value.messages]


def test_a_pixel_bomb_is_refused_with_a_clear_message(pixel_bomb, settings):
    code, messages = _refusal("photo.png", pixel_bomb)
    assert code == "too_many_pixels"
    assert messages == [
        "“photo.png” has too many pixels (900 million) to be a photo or a screenshot; the "
        "limit is 40 million."
    ]
    _, arabic = _refusal("photo.png", pixel_bomb, "ar")
    assert arabic == [
        "يحتوي «photo.png» على عدد كبير جدًا من البكسلات (900 مليون) ليكون صورة أو لقطة "
        "شاشة؛ الحد هو 40 مليون."
    ]


def test_a_zip_bomb_is_refused_by_its_content_whatever_its_name():
    out = io.BytesIO()
    # 200 MB of zeros compress to about 200 KB.
    with (
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("zeros.bin", "w") as member,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(200):
            member.write(chunk)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024
    for name in ("evidence.zip", "screenshot.jpg", "document.pdf"):
        code, messages = _refusal(name, bomb)
        assert code == "file_type"
        assert messages[0].startswith(f"“{name}” is not a kind of file we accept.")


def test_a_disguised_type_is_refused():
    # An executable named as a photo, and HTML named as a PDF.
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\0" * 200
    assert _refusal("holiday.jpg", elf)[0] == "file_type"
    html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    assert _refusal("statement.pdf", html)[0] == "file_type"


def test_a_damaged_image_is_refused():
    broken = jpeg_with_metadata()[:40]
    code, messages = _refusal("broken.jpg", broken)
    assert code == "damaged_image"
    assert messages == ["“broken.jpg” looks like an image but cannot be opened: it may be damaged."]


def test_an_ordinary_image_passes_the_checks():
    checked = check_upload(upload("x.png", png_bytes()))
    assert checked.content_type == "image/png"
