from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """The languages a subscriber can receive mailings in (the site's languages)."""

    ARABIC = "ar", "العربية"
    ENGLISH = "en", "English"
    HEBREW = "he", "עברית"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    BOUNCED = "bounced", _("Address bounced")


class SubscriberEventKind(models.TextChoices):
    """Changes in and out of the active list (what the subscriber counts are made of)."""

    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    BOUNCED = "bounced", _("Bounced")
    ERASED = "erased", _("Erased on request")


class AccessAction(models.TextChoices):
    LOOKUP = "lookup", _("Looked up by address")
    REVEAL = "reveal", _("Address shown")
    EXPORT = "export", _("Data exported")
    ERASE = "erase", _("Erased")
    BOUNCE = "bounce", _("Reported as bouncing")


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


MAILING_TRANSITIONS: dict[str, frozenset[str]] = {
    MailingStatus.DRAFT: frozenset({MailingStatus.QUEUED}),
    MailingStatus.QUEUED: frozenset({MailingStatus.SENDING, MailingStatus.CANCELLED}),
    MailingStatus.SENDING: frozenset({MailingStatus.SENT, MailingStatus.CANCELLED}),
    MailingStatus.SENT: frozenset(),
    MailingStatus.CANCELLED: frozenset(),
}


class DeliveryStatus(models.TextChoices):
    """One recipient of one mailing."""

    PENDING = "pending", _("Waiting")
    CLAIMED = "claimed", _("In a batch")
    SENDING = "sending", _("Being handed to the mail server")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    BOUNCED = "bounced", _("Bounced")
    UNKNOWN = "unknown", _("Interrupted while sending (not sent again)")
    SKIPPED = "skipped", _("Skipped (unsubscribed meanwhile)")


# Deliveries still to be attempted; a mailing is finished when none is left.
OPEN_DELIVERY = frozenset({DeliveryStatus.PENDING, DeliveryStatus.CLAIMED, DeliveryStatus.SENDING})
