"""``marsad restore ARCHIVE``: put a backup made by ``marsad backup`` back.

Everything is checked before anything changes (checksums, migrations, engine, an empty
target unless --force); see marsad/core/backup.py and docs/deployment.md ("Restore"). Stop
the web server and the workers first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into this installation's database and file stores (refused "
        "when they are not empty, unless --force)."
    )
    # The database may be empty (no tables yet): no system checks that query it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="An archive written by marsad backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Replace a database and folders that already hold data (the old folders are "
                "kept aside, renamed *.before-restore-<time>)."
            ),
        )

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        verbose = options.get("verbosity", 1) > 1
        try:
            done = restore(
                archive,
                force=force,
                progress=lambda step: verbose and self.stdout.write(f"  {step}"),
            )
        except BackupError as exc:
            raise CommandError(f"nothing was restored: {exc}") from None
        manifest = done.manifest
        for warning in done.warnings:
            self.stderr.write(self.style.WARNING(warning))
        for aside in done.replaced:
            self.stdout.write(f"The folder that was there is kept as {aside}.")
        files = sum(s.get("files", 0) for s in manifest["stores"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']} (Marsad "
                f"{manifest['app_version']}): {sum(manifest['counts'].values())} rows and "
                f"{files} files, checksums verified."
            )
        )
        if done.pending_migrations:
            self.stdout.write(
                f"This version has {done.pending_migrations} migration(s) the backup predates: "
                "run `marsad migrate` before starting the server."
            )
