"""Escalation channels, requests, outcomes, and which outcomes count in which figure."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How the escalation reached the platform."""

    TRUSTED_PARTNER_FORM = "trusted_partner_form", _("Trusted-partner form")
    PARTNER_EMAIL = "partner_email", _("Partner email")
    PARTNER_PORTAL = "partner_portal", _("Partner portal")
    LEGAL_REQUEST = "legal_request", _("Legal request")
    OTHER = "other", _("Other channel")


class Request(models.TextChoices):
    """What the organisation asked the platform to do."""

    RESTORE_CONTENT = "restore_content", _("Restore the content")
    RESTORE_ACCOUNT = "restore_account", _("Restore the account")
    REMOVE_CONTENT = "remove_content", _("Remove the content")
    SECURE_ACCOUNT = "secure_account", _("Secure the account")
    STOP_HARASSMENT = "stop_harassment", _("Stop the harassment")
    OTHER = "other", _("Other request")


class Outcome(models.TextChoices):
    RESTORED = "restored", _("Restored")
    PARTIALLY_RESTORED = "partially_restored", _("Partially restored")
    ACCOUNT_SECURED = "account_secured", _("Account secured")
    CONTENT_REMOVED = "content_removed", _("Content removed")
    REFUSED = "refused", _("Refused")
    NO_ANSWER = "no_answer", _("No answer")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BatchState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


# Outcomes that end an escalation with the platform's last word (or its silence). Withdrawn
# is ours, not the platform's: it never counts in a rate (docs/statistics.md).
FINAL_OUTCOMES = frozenset(
    {
        Outcome.RESTORED,
        Outcome.PARTIALLY_RESTORED,
        Outcome.ACCOUNT_SECURED,
        Outcome.CONTENT_REMOVED,
        Outcome.REFUSED,
        Outcome.NO_ANSWER,
    }
)
RECOVERED_OUTCOMES = frozenset({Outcome.RESTORED, Outcome.PARTIALLY_RESTORED})
# Outcomes only the platform can give: recording one needs the date of its answer.
PLATFORM_OUTCOMES = FINAL_OUTCOMES - {Outcome.NO_ANSWER}

# Which cases the recovery rate is about: removal, suspension and restriction, i.e. every
# violation whose main type is in this group of the taxonomy (docs/statistics.md).
RECOVERY_TYPE_GROUP = "censorship"
# The removal rate is about these two main types.
HARMFUL_SPEECH_TYPES = frozenset({"hate-speech", "incitement"})

# What is usually asked for each main type (the batch form's default; staff change it).
DEFAULT_REQUEST_BY_TYPE: dict[str, Request] = {
    "content-removal": Request.RESTORE_CONTENT,
    "account-suspension": Request.RESTORE_ACCOUNT,
    "restriction-reduced-reach": Request.RESTORE_ACCOUNT,
    "feature-ban": Request.RESTORE_ACCOUNT,
    "hacking": Request.SECURE_ACCOUNT,
    "impersonation": Request.REMOVE_CONTENT,
    "doxxing": Request.REMOVE_CONTENT,
    "blackmail": Request.STOP_HARASSMENT,
    "hate-speech": Request.REMOVE_CONTENT,
    "incitement": Request.REMOVE_CONTENT,
    "smear-campaign": Request.REMOVE_CONTENT,
    "gender-based-harassment": Request.STOP_HARASSMENT,
    "misleading-content": Request.REMOVE_CONTENT,
}

# Days a platform has to answer before an escalation is overdue, unless its policy says else.
DEFAULT_ANSWER_DAYS = 14
