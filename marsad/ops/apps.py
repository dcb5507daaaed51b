from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Marsad in production: probes, metrics, request ids and structured logs."""

    name = "marsad.ops"
    label = "ops"
    verbose_name = "Marsad operations"
