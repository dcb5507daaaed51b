"""``marsad escalations-digest``: email each coordinator the escalations that wait past their
platform's days to answer (run daily by cron or a timer, like ``marsad intake-digest``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.escalations import mail
from marsad.escalations.selectors import escalations_overdue


class Command(BaseCommand):
    help = "Email every active coordinator the escalations overdue today (none: no email)."

    def handle(self, *args: Any, **options: Any) -> None:
        count, overdue = escalations_overdue()
        if not count:
            self.stdout.write("No overdue escalations: no digest sent.")
            return
        coordinators = list(
            User.objects.filter(role=Role.COORDINATOR, is_active=True)
            .exclude(email="")
            .order_by("pk")
        )
        if not coordinators:
            self.stdout.write("No active coordinator has an email address: no digest sent.")
            return
        for user in coordinators:
            mail.send_overdue_digest(
                to=user.email, language=user.preferred_language, overdue=overdue
            )
        self.stdout.write(
            f"Digest of {count} overdue escalation(s) sent to {len(coordinators)} coordinator(s)."
        )
