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
    WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")


class Trust(models.TextChoices):
    """How much the anti-abuse checks vouch for a report. Nothing is ever dropped."""

    NORMAL = "normal", _("Passed the automatic checks")
    LOW = "low", _("Low trust (no proof of work, e.g. JavaScript off)")
    SUSPECT = "suspect", _("Suspected spam")


class ReportLanguage(models.TextChoices):
    ARABIC = "ar", "العربية"
    ENGLISH = "en", "English"
    HEBREW = "he", "עברית"
    OTHER = "other", _("Other")


class Target(models.TextChoices):
    SELF = "self", _("Me")
    OTHER = "other", _("Someone else (a person or an organisation)")


class YesNoUnsure(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("I don't know")


class AppealResult(models.TextChoices):
    PENDING = "pending", _("Still waiting")
    RESTORED = "restored", _("Restored")
    REFUSED = "refused", _("Refused")
    NO_ANSWER = "no_answer", _("No answer")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone or WhatsApp")
    SIGNAL = "signal", _("Signal")


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("Question from staff")
    FROM_REPORTER = "from_reporter", _("From the reporter")


class FileSource(models.TextChoices):
    REPORT = "report", _("With the report")
    FOLLOW_UP = "follow_up", _("Added at follow-up")
