"""``marsad backup ARCHIVE``: the database and the local file stores in one archive.

See marsad/core/backup.py for what the archive holds and docs/deployment.md ("Backups") for
how to run it. The encryption and hash keys are never in it: back them up separately.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database and the file stores (uploads, local evidence) into one archive "
        "with a manifest (checksums, row counts, migrations). The keys are not included."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive", type=Path, help="The archive to write (.tar, or .tar.gz to compress)."
        )

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        verbose = options.get("verbosity", 1) > 1
        try:
            outcome = backup(
                archive, progress=lambda step: verbose and self.stdout.write(f"  {step}")
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = outcome.manifest
        files = sum(s.get("files", 0) for s in manifest["stores"].values())
        rows = sum(manifest["counts"].values())
        for warning in outcome.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['database']['engine']} ({rows} rows in "
                f"{len(manifest['counts'])} tables) and {files} files to {outcome.archive}."
            )
        )
        self.stdout.write(manifest["keys"]["note"])
