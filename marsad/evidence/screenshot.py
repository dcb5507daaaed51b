"""A screenshot of a captured page, drawn by headless Chromium when it is installed.

Chromium never fetches anything itself: the page it draws is the body already captured (and
hashed), served from a short-lived server on 127.0.0.1 with a Content-Security-Policy that
allows no script and no request to any host (loopback included) and sandboxes the page (no
refresh, no navigation); besides, every host name resolves to nothing and any other traffic
goes to a proxy that leads nowhere. The screenshot is therefore a picture of
the archived document as captured (its own text and layout, without images or styles from
other hosts), never a second, unchecked visit to the site.
"""

from __future__ import annotations

import http.server
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from marsad.evidence.capture import CaptureResult

logger = logging.getLogger(__name__)

RENDERABLE = ("text/html", "application/xhtml+xml", "text/plain", "image/")
# The page may draw itself with its inline styles and data: images, and do nothing else: no
# script, no request to any host (loopback included), no frame, no refresh (sandbox).
DRAW_ONLY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; sandbox"


def chromium() -> str | None:
    path = settings.EVIDENCE_CHROMIUM
    return path if path and os.access(path, os.X_OK) else shutil.which("chromium")


def _content_type(result: CaptureResult) -> str:
    headers = {k.lower(): v for k, v in result.final.response_headers}
    return headers.get("content-type", "text/html").split(";")[0].strip().lower()


def render(result: CaptureResult, *, width: int = 1280, height: int = 1600) -> bytes | None:
    """PNG bytes, or None when Chromium is missing, the body is not a page, or it failed."""
    binary = chromium()
    content_type = _content_type(result)
    if binary is None or not result.final.body or not content_type.startswith(RENDERABLE):
        return None
    body = result.final.body
    header = result.final.response_headers

    class OneShot(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            for name, value in header:
                if name.lower() in ("content-type",):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", DRAW_ONLY)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), OneShot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as work:
            out = Path(work) / "shot.png"
            command = [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--proxy-server=127.0.0.1:9",
                "--proxy-bypass-list=127.0.0.1",
                f"--user-data-dir={work}/profile",
                f"--window-size={width},{height}",
                f"--screenshot={out}",
                f"http://127.0.0.1:{server.server_address[1]}/",
            ]
            try:
                subprocess.run(  # noqa: S603  # nosec B603
                    command,
                    check=True,
                    capture_output=True,
                    timeout=settings.EVIDENCE_CAPTURE_TIMEOUT_SECONDS,
                )
            except (subprocess.SubprocessError, OSError):
                logger.warning("the screenshot of a capture failed", exc_info=True)
                return None
            return out.read_bytes() if out.exists() else None
    finally:
        server.shutdown()
        server.server_close()
