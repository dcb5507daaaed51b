"""Builders for intake tests: valid form data, real small files."""

from __future__ import annotations

import base64
import io
import json
import re
import struct
import zlib

from altcha.v1 import solve_challenge
from django.core.files.uploadedfile import SimpleUploadedFile


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real, tiny PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def png_upload(name: str = "screenshot.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "violation_type": "content-removal",
        "platform": "instagram",
        "links": "https://m.instagram.com/p/ABC123/?igshid=xyz&utm_source=ig",
        "account_handle": "@Gaza_Voices",
        "occurred_on": "2026-11-20",
        "description": "أزال إنستغرام منشوري عن القصف وقال إنه يخالف المعايير.",
        "target": "self",
        "victim_type": "journalist",
        "region": "gaza-strip",
        "platform_notified": "yes",
        "platform_rule": "Dangerous organisations and individuals",
        "appealed": "yes",
        "appeal_result": "refused",
        "consent_share_with_platform": "on",
        "submission_id": "s" * 43,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def solve_page_challenge(html: str) -> str:
    """The answer a browser's pow.js would send for the proof-of-work challenge of a page."""
    found = re.search(r'<script id="pow-challenge" type="application/json">(.*?)</script>', html)
    assert found, "the page offers no proof of work"
    challenge = json.loads(found.group(1))
    solution = solve_challenge(
        challenge["challenge"],
        challenge["salt"],
        challenge["algorithm"],
        challenge["maxNumber"],
        0,
    )
    assert solution is not None
    return base64.b64encode(
        json.dumps(
            {
                "algorithm": challenge["algorithm"],
                "challenge": challenge["challenge"],
                "number": solution.number,
                "salt": challenge["salt"],
                "signature": challenge["signature"],
            }
        ).encode()
    ).decode()


__all__ = [
    "form_data",
    "io",
    "pdf_bytes",
    "png_bytes",
    "png_upload",
    "solve_page_challenge",
    "upload",
]
