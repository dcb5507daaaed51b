"""Fixtures of the evidence tests: images made on the spot and a local HTTP server."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases import services as case_services
from marsad.cases.models import Violation
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, Trust
from marsad.intake.models import Report
from marsad.intake.services import ReportData
from marsad.intake.uploads import check_upload

GPS_IFD = 0x8825


def jpeg_with_metadata(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG carrying camera EXIF, a GPS position and a comment, as a phone would send."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0131] = "CameraApp 1.0"  # Software
    exif[0x0132] = "2023:10:09 14:22:01"  # DateTime
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (31.0, 30.0, 7.2)
    gps[3] = "E"
    gps[4] = (34.0, 27.0, 59.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"taken at home, street 12")
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (32, 32), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG")
    return out.getvalue()


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def submit_report(
    material: str, *, files: list[tuple[str, bytes]] = (), links: list[str] | None = None
) -> Report:  # type: ignore[assignment]
    checked = [check_upload(upload(name, data)) for name, data in files]
    return intake_services.report_submit(
        data=ReportData(
            description=material, language="ar", consent_publish=True, links=links or []
        ),
        files=checked,
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=material,
    ).report


@pytest.fixture
def violation(db: None) -> Violation:
    worker = make_user(Role.DOCUMENTER, "case-worker")
    report = submit_report("a case with evidence")
    return case_services.violation_open_from_report(report=report, actor=worker)


@dataclass
class Page:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Set to make the server hold the response until the event is set (a slow site).
    hold: threading.Event | None = None
    started: threading.Event = field(default_factory=threading.Event)


class Site:
    """A small web site on 127.0.0.1 whose pages a test sets: ``site.pages['/x'] = Page()``."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: list[str] = []
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.hits.append(self.path)
                page = site.pages.get(self.path)
                if page is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                page.started.set()
                if page.hold is not None:
                    page.hold.wait(30)
                self.send_response(page.status)
                for key, value in page.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        for page in self.pages.values():
            if page.hold is not None:
                page.hold.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()
