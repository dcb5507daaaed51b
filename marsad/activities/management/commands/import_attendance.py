"""``marsad import attendance FILE.csv|FILE.xlsx --training ID [--dry-run]``: a training's
attendance list (one row per participant: gender, organisation, trainer yes/no). The list
replaces the training's counts and organisations; names are never stored. Plain English
output, like ``marsad import reports``. Exit status: 0 every row counted, 1 some rows
rejected (nothing written), 2 the file or the training cannot be used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.activities.importing import ImportFailed, RowResult, attendance_import
from marsad.activities.models import Training
from marsad.core.spreadsheets import Table


class Command(BaseCommand):
    help = "Import a training's attendance list (counts by gender, organisations, trainers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument("--training", type=int, required=True, help="The training's number.")
        parser.add_argument("--dry-run", action="store_true", help="Check, write nothing.")
        parser.add_argument("--encoding", help="CSV encoding, when detection guesses wrong.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        training = Training.objects.filter(pk=options["training"]).first()
        if training is None:
            raise CommandError(f"no training #{options['training']}", returncode=2)
        self.stdout.write(f"Training #{training.pk}: {training.title}")
        try:
            result = attendance_import(
                training=training,
                path=path,
                dry_run=options["dry_run"],
                encoding=options["encoding"],
                on_source=lambda table: self._source(path, table),
                on_row=self._row,
            )
        except ImportFailed as exc:
            raise CommandError(f"nothing imported: {exc}", returncode=2) from None
        line = (
            f"{result.participants} participants: {result.women} women, {result.men} men, "
            f"{result.gender_unstated} other or not stated; {result.trainers} trainers; "
            f"{result.organisation_count} organisations ({len(result.new_organisations)} new)"
        )
        if result.rejected_rows:
            line += f"; rows rejected: {', '.join(map(str, result.rejected_rows[:20]))}"
        self.stdout.write(("" if result.written else "Nothing written. ") + line + ".")
        if result.rejected_rows:
            raise CommandError(
                f"{len(result.rejected_rows)} rows rejected: nothing written", returncode=1
            )

    def _source(self, path: Path, table: Table) -> None:
        self.stdout.write(f"Reading {path.name}: {table.describe()}.")

    def _row(self, row: RowResult) -> None:
        self.stdout.write(f"row {row.row}: {row.text}")
