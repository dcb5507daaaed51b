"""``marsad seed-demo``: deterministic demo data in all three languages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from marsad.cases.models import Violation
from marsad.demo.seeding import seed_demo
from marsad.intake.models import Report


class Command(BaseCommand):
    help = (
        "Load demo data. Without options: every year since 2021. With --year and --violations: "
        "exactly that many violations documented in that year."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Only this year.")
        parser.add_argument(
            "--violations", type=int, help="Documented violations in --year (exact)."
        )
        parser.add_argument("--seed", type=int, default=7, help="Random seed (default 7).")
        parser.add_argument(
            "--append", action="store_true", help="Add to a database that already holds data."
        )

    def handle(
        self,
        *args: Any,
        year: int | None,
        violations: int | None,
        seed: int,
        append: bool,
        **options: Any,
    ) -> None:
        if not settings.MARSAD_DEMO_ALLOWED:
            raise CommandError("Demo data is refused when MARSAD_ENV=production.")
        if violations is not None and year is None:
            raise CommandError("--violations needs --year.")
        if violations is not None and violations < 0:
            raise CommandError("--violations must be zero or more.")
        if year is not None and not 2000 <= year <= timezone.localdate().year:
            raise CommandError(f"--year must be between 2000 and {timezone.localdate().year}.")
        existing = Violation.objects.count() + Report.objects.count()
        if existing and not append:
            raise CommandError(
                f"The database already holds {existing} violations and reports; "
                "seed-demo fills an empty database (add --append to add to it anyway)."
            )
        summary = seed_demo(year=year, violations=violations, seed=seed)
        for each_year, count in summary.documented_by_year.items():
            work = summary.activities.by_year.get(each_year, "")
            self.stdout.write(
                f"{each_year}: {count} documented violations" + (f"; {work}" if work else "")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {summary.violations} violations, {summary.reports} reports, "
                f"{summary.events} timeline events, {summary.escalations} escalations, "
                f"{summary.evidence} evidence items, {summary.activities.publications} "
                f"publications, {summary.activities.trainings} trainings and "
                f"{summary.activities.subscribers} mailing-list subscribers."
            )
        )
