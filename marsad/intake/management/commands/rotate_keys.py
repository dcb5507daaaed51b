"""``marsad rotate-keys``: re-encrypt personal data with the newest key.

Put the new key first in MARSAD_ENCRYPTION_KEYS (keeping the old one after it), run this,
then remove the old key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from marsad.intake.services import personal_data_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt contact details and names with the first key of MARSAD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = personal_data_reencrypt()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} rows."))
