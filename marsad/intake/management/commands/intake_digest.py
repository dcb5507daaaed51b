"""``marsad intake_digest``: email staff how many reports wait for triage (run daily by cron or
a timer). Counts only: no report content or personal data leaves the system by email."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from marsad.intake import mail
from marsad.intake.selectors import reports_new_by_trust


class Command(BaseCommand):
    help = "Email INTAKE_DIGEST_RECIPIENTS the number of new reports of the last N hours."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, hours: int, **options: Any) -> None:
        recipients = settings.INTAKE_DIGEST_RECIPIENTS
        if not recipients:
            self.stdout.write("INTAKE_DIGEST_RECIPIENTS is empty: no digest sent.")
            return
        counts = reports_new_by_trust(since=timezone.now() - dt.timedelta(hours=hours))
        if not sum(counts.values()):
            self.stdout.write("No new reports: no digest sent.")
            return
        mail.send_digest(to=recipients, counts=counts, since_hours=hours)
        self.stdout.write(f"Digest sent to {len(recipients)} recipient(s).")
