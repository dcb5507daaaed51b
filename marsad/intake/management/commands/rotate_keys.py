"""``marsad rotate-keys``: re-encrypt everything encrypted with the newest key.

Put the new key first in MARSAD_ENCRYPTION_KEYS (keeping the old one after it), run this,
then remove the old key. It covers reporters' contact details and names (intake), staff
members' two-factor secrets (accounts) and subscribers' addresses (newsletter). Evidence files
sealed at rest (EVIDENCE_ENCRYPT) are write-once and keep the key that sealed them: with
sealed evidence, keep the old keys.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from marsad.accounts.services import mfa_secrets_reencrypt
from marsad.intake.services import personal_data_reencrypt
from marsad.newsletter.services import subscribers_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt contact details, names, two-factor secrets and subscribers' addresses with "
        "the first key of MARSAD_ENCRYPTION_KEYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = personal_data_reencrypt()
        secrets = mfa_secrets_reencrypt()
        subscribers = subscribers_reencrypt()
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {rows} rows of personal data, {secrets} two-factor secrets and "
                f"{subscribers} subscribers' addresses."
            )
        )
        if settings.EVIDENCE_ENCRYPT:
            self.stdout.write(
                self.style.WARNING(
                    "Evidence files are sealed with the key that was first when they were "
                    "stored and are never re-written: keep every older key in "
                    "MARSAD_ENCRYPTION_KEYS (after the new one) while such evidence exists."
                )
            )
