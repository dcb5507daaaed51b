from django.apps import AppConfig

# Imported for its system check (``marsad check --deploy``), which registers itself.
from marsad.core import proxy  # noqa: F401


class CoreConfig(AppConfig):
    name = "marsad.core"
    label = "core"
    verbose_name = "Marsad core"
