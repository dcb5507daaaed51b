from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "marsad.evidence"
    label = "evidence"
    verbose_name = _("Evidence")

    def worker_starting(self) -> None:
        """Called by ``marsad worker`` when it starts: queue the deletion of uploads the
        evidence store already holds (left by a crash after an ingest's commit, or by a
        version of Marsad that kept them), in batches."""
        # Imported here as in ready(): models cannot be imported while apps load.
        from marsad.evidence.tasks import release_intake_copies

        release_intake_copies.enqueue(0)
