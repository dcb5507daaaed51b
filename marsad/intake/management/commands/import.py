"""``marsad import reports FILE --mapping MAPPING.json``: import historical reports.

The module is named ``import`` so that the command reads ``marsad import``; Django loads
commands with ``importlib``, which accepts a keyword as a module name.

Output is for staff at a terminal and is plain English on purpose (like Django's own
``migrate``); nothing here is translated or shown to reporters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from marsad.core.spreadsheets import Table
from marsad.intake.choices import Channel
from marsad.intake.importing import (
    ImportFailed,
    ImportResult,
    Outcome,
    RowResult,
    mapping_load,
    reports_import,
)

CHANNELS = [
    Channel.WEB_FORM,
    Channel.EMAIL,
    Channel.PHONE,
    Channel.STAFF,
    Channel.MONITORING,
]


class Command(BaseCommand):
    help = (
        "Import historical data from a CSV or XLSX file with a column mapping "
        "(docs/recipes.md, 'Import historical reports'). Exit status: 0 every row imported or "
        "already there, 1 some rows rejected, 2 the file or the mapping cannot be used."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["reports"], help="What the file holds.")
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument(
            "--mapping", type=Path, required=True, help="JSON file: columns to report fields."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and write nothing."
        )
        parser.add_argument(
            "--channel",
            choices=[c.value for c in CHANNELS],
            default=Channel.WEB_FORM.value,
            help="How these reports originally arrived (default: web_form).",
        )
        parser.add_argument(
            "--language",
            choices=["ar", "en", "he"],
            default="ar",
            help="Language of rows whose language is not mapped (default: ar).",
        )
        parser.add_argument(
            "--encoding",
            help="CSV encoding, when detection guesses wrong (e.g. cp1255 for Hebrew Windows).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The form's validation messages in English, whatever LANGUAGE_CODE is.
        with translation.override("en"):
            try:
                mapping = mapping_load(options["mapping"])
                result = reports_import(
                    path=options["file"],
                    mapping=mapping,
                    channel=Channel(options["channel"]),
                    language=options["language"],
                    dry_run=options["dry_run"],
                    encoding=options["encoding"],
                    on_source=lambda table: self._source(options["file"], table),
                    on_row=self._row,
                )
            except ImportFailed as exc:
                raise CommandError(f"nothing imported: {exc}", returncode=2) from None
        self._summary(result)
        if result.stopped:
            raise CommandError(f"stopped: {result.stopped}", returncode=2)
        rejected = result.counts[Outcome.REJECTED]
        if rejected:
            raise CommandError(f"{rejected} of {result.rows} rows rejected", returncode=1)

    def _source(self, path: Path, table: Table) -> None:
        self.stdout.write(f"Reading {path.name}: {table.describe()}.")

    def _row(self, row: RowResult) -> None:
        if row.outcome == Outcome.CREATED:
            line = f"created report #{row.report_id}"
        elif row.outcome == Outcome.ALREADY_IMPORTED:
            details = [f"report #{row.report_id}"] if row.report_id else []
            details += [row.note] if row.note else []
            line = "already imported" + (f" ({'; '.join(details)})" if details else "")
        elif row.outcome == Outcome.REJECTED:
            line = "rejected: " + "; ".join(row.reasons)
        else:
            line = "would create"
        self.stdout.write(f"row {row.row}: {line}")

    def _summary(self, result: ImportResult) -> None:
        counts = result.counts
        done = Outcome.WOULD_CREATE if result.dry_run else Outcome.CREATED
        parts = [
            f"{counts[done]} {'would be created' if result.dry_run else 'created'}",
            f"{counts[Outcome.ALREADY_IMPORTED]} already imported",
            f"{counts[Outcome.REJECTED]} rejected",
        ]
        if result.rejected_rows:
            shown = ", ".join(map(str, result.rejected_rows[:20]))
            more = ", …" if len(result.rejected_rows) > 20 else ""
            parts[-1] += f" (row{'s' if len(result.rejected_rows) > 1 else ''} {shown}{more})"
        line = f"{_plural(result.rows, 'row')}: {', '.join(parts)}."
        if result.empty_rows:
            line += f" {_plural(result.empty_rows, 'empty row')} skipped."
        if result.dry_run:
            line = "Dry run, nothing written. " + line
        self.stdout.write(line)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
