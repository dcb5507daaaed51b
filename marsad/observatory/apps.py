from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "marsad.observatory"
    label = "observatory"
    verbose_name = _("Public observatory")

    def ready(self) -> None:
        # A visitor handed an older figure queues its computation for the worker.
        from marsad.observatory import caching, tasks

        caching.on_refresh(tasks.refresh_soon)
