from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "marsad.observatory"
    label = "observatory"
    verbose_name = _("Public observatory")
