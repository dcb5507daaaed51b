from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "marsad.demo"
    label = "demo"
    verbose_name = "Demo data"
