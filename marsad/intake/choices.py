from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB_FORM = "web_form", _("Reporting form")
    PARTNER_API = "partner_api", _("Partner API")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone or messaging")
    STAFF = "staff", _("Entered by staff")
    MONITORING = "monitoring", _("Staff monitoring")


class TriageState(models.TextChoices):
    NEW = "new", _("New")
    ATTACHED = "attached", _("Attached to a violation")
    SPAM = "spam", _("Spam")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class ReportLanguage(models.TextChoices):
    ARABIC = "ar", "العربية"
    ENGLISH = "en", "English"
    HEBREW = "he", "עברית"
    OTHER = "other", _("Other")
