from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    QUARTERLY = "quarterly", _("Quarterly report")
    ANNUAL = "annual", _("Annual report")


class SnapshotState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Placement(models.TextChoices):
    """Where a narrative section stands among the generated parts of the report."""

    OPENING = "opening", _("At the start, before the figures")
    VIOLATIONS = "violations", _("After the violations")
    ESCALATIONS = "escalations", _("After the escalations and outcomes")
    YEAR = "year", _("After the year in numbers (annual reports)")
    CLOSING = "closing", _("At the end, before the methodology")


LANGUAGES = ("ar", "en", "he")
