"""A report as a PDF, drawn by WeasyPrint from the same view as the HTML page: A4, a cover,
a table of contents with page numbers, page numbers on every page, right to left in Arabic
and Hebrew. Text is set in the Noto fonts of the system, which WeasyPrint embeds (subsets);
charts are matplotlib's SVG with their text as paths. WeasyPrint fetches nothing: every URL
it meets is refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from marsad.reporting.presentation import Texts, report_view
from marsad.reporting.summary import organisation_name


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def report_html(
    figures: dict[str, Any], texts: Texts, language: str, *, version: str, data_hash: str
) -> str:
    """The whole PDF page as HTML (also what ``marsad report --format html`` writes)."""
    view = report_view(figures, texts, language)
    with translation.override(language):
        return render_to_string(
            "reporting/pdf.html",
            {
                **view,
                "organisation": organisation_name(),
                "version": version,
                "data_hash": data_hash,
            },
        )


def report_pdf(
    figures: dict[str, Any], texts: Texts, language: str, *, version: str, data_hash: str
) -> Pdf:
    html = report_html(figures, texts, language, version=version, data_hash=data_hash)
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).render()
    return Pdf(bytes(document.write_pdf()), len(document.pages))
