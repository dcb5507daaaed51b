"""``marsad observatory_reindex``: rebuild the public search index (after vocabulary labels
were renamed in the admin, or after a bulk import that bypassed the services)."""

from typing import Any

from django.core.management.base import BaseCommand

from marsad.observatory.services import public_records_rebuild


class Command(BaseCommand):
    help = "Rebuild the public search index of published violations."

    def handle(self, *args: Any, **options: Any) -> None:
        count = public_records_rebuild()
        self.stdout.write(f"indexed {count} published violations")
