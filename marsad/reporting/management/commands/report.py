"""``marsad report quarterly 2022-Q3 --lang ar --format pdf -o out.pdf`` and
``marsad report annual 2022 --lang en --format html -o out.html``: generate a report from the
current data, keep the version (its snapshot) as the staff area does, and write it out.

The file is written next to its destination and moved into place when complete, so a
failed run never leaves half a file. ``--format json`` writes the snapshot's figures.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.core.errors import DomainError
from marsad.reporting import services
from marsad.reporting.choices import LANGUAGES, ReportKind
from marsad.reporting.figures import parse_period
from marsad.reporting.pdf import report_html
from marsad.reporting.presentation import Texts


class Command(BaseCommand):
    help = "Generate a quarterly or annual report from the data, as PDF, HTML or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=ReportKind.values)
        parser.add_argument("period", help="2022-Q3 for a quarter, 2022 for a year")
        parser.add_argument("--lang", choices=LANGUAGES, default="ar")
        parser.add_argument("--format", choices=("pdf", "html", "json"), default="pdf")
        parser.add_argument(
            "-o", "--output", required=True, help="the file to write ('-' for standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["kind"], options["period"])
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        output = options["output"]
        if output != "-" and not Path(output).resolve().parent.is_dir():
            raise CommandError(f"no such folder: {Path(output).resolve().parent}")
        language, kind = options["lang"], options["format"]
        report = services.report_for(period, actor=None)
        snapshot = services.generate_now(
            report=report, actor=None, languages=[language] if kind == "pdf" else []
        )
        if kind == "pdf":
            data = bytes(snapshot.documents.get(language=language).pdf)
        elif kind == "html":
            texts = Texts.from_json(snapshot.figures.get("texts"))
            data = report_html(
                snapshot.figures,
                texts,
                language,
                version=str(snapshot.pk),
                data_hash=snapshot.data_hash,
            ).encode()
        else:
            data = json.dumps(
                {"version": snapshot.pk, "data_hash": snapshot.data_hash, **snapshot.figures},
                ensure_ascii=False,
                indent=2,
            ).encode()
        _write(output, data)
        if output != "-":
            self.stderr.write(
                f"{report.code} ({language}, {kind}): version {snapshot.pk}, "
                f"{snapshot.seconds:.1f} s, data hash {snapshot.data_hash[:16]} -> {output}"
            )


def _write(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output)
    handle, temporary = tempfile.mkstemp(dir=target.resolve().parent, prefix=".marsad-report-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
