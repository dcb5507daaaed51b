"""``marsad import communications FILE.csv|FILE.xlsx [--channel C] [--dry-run]``: monthly
communications figures from a social media export (docs/recipes.md, "Import communications
figures"). Plain English output for staff at a terminal, like ``marsad import reports``.
Exit status: 0 every row read, 1 some rows rejected, 2 the file cannot be used."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.activities.choices import Channel
from marsad.activities.importing import (
    ImportFailed,
    MonthResult,
    RowResult,
    communications_import,
)
from marsad.core.spreadsheets import Table


def _figure(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


class Command(BaseCommand):
    help = "Import monthly communications figures (video views, engagement, followers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A .csv or .xlsx file.")
        parser.add_argument(
            "--channel", choices=Channel.values, help="The channel of rows that name none."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check, write nothing.")
        parser.add_argument("--encoding", help="CSV encoding, when detection guesses wrong.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            result = communications_import(
                path=path,
                channel=options["channel"],
                dry_run=options["dry_run"],
                encoding=options["encoding"],
                on_source=lambda table: self._source(path, table),
                on_row=self._row,
            )
        except ImportFailed as exc:
            raise CommandError(f"nothing imported: {exc}", returncode=2) from None
        for month in result.months:
            self._month(month, dry_run=result.dry_run)
        rejected = len(result.rejected_rows)
        summary = (
            f"{result.rows} rows, {len(result.months)} months of channels, {rejected} rejected"
        )
        if rejected:
            summary += f" (rows {', '.join(map(str, result.rejected_rows[:20]))})"
        if result.empty_rows:
            summary += f"; {result.empty_rows} empty rows skipped"
        self.stdout.write(("" if result.written else "Nothing written. ") + summary + ".")
        if rejected:
            raise CommandError(
                f"{rejected} of {result.rows} rows rejected: nothing written", returncode=1
            )

    def _source(self, path: Path, table: Table) -> None:
        self.stdout.write(f"Reading {path.name}: {table.describe()}.")

    def _row(self, row: RowResult) -> None:
        self.stdout.write(f"row {row.row}: {row.text}")

    def _month(self, month: MonthResult, *, dry_run: bool) -> None:
        t = month.totals
        figures = (
            f"video views {_figure(t.video_views)}, engagement {_figure(t.engagement)}, "
            f"followers {_figure(t.followers)}"
        )
        verb = {
            "new": "would be created" if dry_run else "created",
            "changed": "would be updated" if dry_run else "updated",
            "unchanged": "unchanged",
        }[month.state]
        self.stdout.write(f"{month.month:%Y-%m} {month.channel}: {figures} ({verb})")
