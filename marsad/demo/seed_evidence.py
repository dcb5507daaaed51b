"""Demo evidence: a phone screenshot (with camera data and a location, to show the safe copy
without them) and a web capture for a few documented violations.

The captures are synthetic (the demo makes no network requests): a WARC written by the same
writer as real captures, of a page on example.org, and marked as demo data in its note.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import tempfile

from django.conf import settings
from django.core.files import File
from PIL import Image, ImageDraw

from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.evidence import capture
from marsad.evidence.choices import Action, Kind, State
from marsad.evidence.models import EvidenceItem
from marsad.evidence.store import Written, custody_record, sha256_of, store_file_item

GPS_IFD = 0x8825
DEMO_NOTE = "Demo data"


def _screenshot(index: int) -> bytes:
    """A phone-sized picture of a 'post', carrying EXIF and GPS like a real phone photo."""
    image = Image.new("RGB", (360, 640), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    hue = (40 + 37 * index) % 200
    draw.rectangle((0, 0, 360, 56), fill=(hue, 80, 160))
    draw.ellipse((16, 76, 64, 124), fill=(hue, 120, 120))
    for line in range(6):
        draw.rectangle(
            (16, 150 + 28 * line, 344 - 30 * (line % 3), 166 + 28 * line), fill=(60, 60, 60)
        )
    draw.rectangle((16, 340, 344, 560), fill=(200, 200 - hue // 2, 180))
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    exif[0x0110] = "Model D"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 31.0, 0.0), "E", (34.0, 28.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif)
    return out.getvalue()


def _page(index: int, violation: Violation) -> capture.CaptureResult:
    url = f"https://example.org/demo/posts/{violation.pk}"
    body = (
        "<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'>"
        f"<title>منشور تجريبي {index}</title></head><body>"
        f"<h1>منشور تجريبي رقم {index}</h1><p>هذا المحتوى أُزيل بعد البلاغ (بيانات تجريبية).</p>"
        "</body></html>"
    ).encode()
    when = (
        violation.documented_at or violation.reported_at or violation.created_at
    ) - dt.timedelta(days=1)
    result = capture.CaptureResult(requested_url=url, final_url=url, status=200, captured_at=when)
    result.exchanges.append(
        capture.Exchange(
            url=url,
            status=200,
            reason="OK",
            request_headers=[
                ("Host", "example.org"),
                ("User-Agent", settings.EVIDENCE_CAPTURE_USER_AGENT),
            ],
            response_headers=[("Content-Type", "text/html; charset=utf-8")],
            body=body,
            truncated=False,
            address="93.184.215.14",
        )
    )
    return result


def _capture_item(index: int, violation: Violation) -> EvidenceItem:
    result = _page(index, violation)
    item = EvidenceItem(
        kind=Kind.CAPTURE,
        state=State.STORED,
        violation=violation,
        source_url=result.requested_url,
        final_url=result.final_url,
        http_status=200,
        received_at=result.captured_at,
        captured_at=result.captured_at,
        content_type="application/warc",
        note=DEMO_NOTE,
        attempts=1,
    )
    written = Written()
    with tempfile.TemporaryFile() as warc:
        capture.write_warc(result, warc)
        item.size = warc.tell()
        item.sha256 = sha256_of(warc)
        item.original = written.save(
            f"captures/{result.captured_at:%Y/%m}/{item.public_id.hex}-1.warc.gz", File(warc)
        )
    item.original_name = f"{item.public_id.hex}.warc.gz"
    try:
        item.save()
        custody_record(
            item=item,
            action=Action.CAPTURED,
            at=result.captured_at,
            detail={"url": result.requested_url, "status": 200, "demo": True},
        )
    except BaseException:
        written.discard()
        raise
    return item


def _photo_item(violation: Violation, index: int, size: int) -> EvidenceItem:
    return EvidenceItem(
        kind=Kind.FILE,
        violation=violation,
        original_name=f"Screenshot_{index:02d}.jpg",
        content_type="image/jpeg",
        size=size,
        received_at=violation.documented_at or violation.created_at,
        note=DEMO_NOTE,
    )


def seed_evidence(*, count: int = 12) -> int:
    """Evidence for the ``count`` most recently documented violations; the number of items."""
    cases = list(
        Violation.objects.filter(status__in=(Status.DOCUMENTED, Status.ESCALATED, Status.CLOSED))
        .filter(merged_into__isnull=True)
        .order_by("-documented_at", "-pk")[:count]
    )
    made = 0
    for index, violation in enumerate(cases, start=1):
        photo = _screenshot(index)
        with tempfile.TemporaryFile() as stream:
            stream.write(photo)
            stream.seek(0)
            store_file_item(
                stream=stream,
                sha256=sha256_of(stream),
                extension=".jpg",
                make=functools.partial(_photo_item, violation, index, len(photo)),
                actor=None,
                detail={"source": "demo"},
            )
        _capture_item(index, violation)
        made += 2
    return made
