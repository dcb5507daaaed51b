"""The PDF summary of a batch, drawn by WeasyPrint with the Noto fonts (Arabic, Hebrew and
Latin), in the language of whoever asks for it. WeasyPrint is never allowed to fetch
anything: the page has no images or stylesheets from elsewhere, and any URL it meets is
refused, so no link in a package is ever requested."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from marsad.core.i18n import active_language, direction
from marsad.escalations.choices import Channel, Request
from marsad.escalations.models import Batch


def package_pdf(batch: Batch, package: dict[str, Any], *, language: str | None = None) -> bytes:
    language = language or active_language()
    with translation.override(language):
        asked = dict(Request.choices)
        items = [
            {**item, "request_label": asked.get(item["request"], item["request"])}
            for item in package["items"]
        ]
        html = render_to_string(
            "escalations/package_pdf.html",
            {
                "batch": batch,
                "package": package,
                "items": items,
                "channel": dict(Channel.choices).get(package["channel"], package["channel"]),
                "LANG": language,
                "DIR": direction(language),
            },
        )
    # No protocol is allowed: WeasyPrint refuses every URL instead of fetching it.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    return bytes(document.write_pdf())
