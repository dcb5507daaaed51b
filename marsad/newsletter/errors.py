from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class InvalidAddress(DomainError):
    code = "newsletter.invalid_address"
    message = _("Enter a valid email address.")
    http_status = 400


class MailingNotEditable(DomainError):
    code = "newsletter.mailing_not_editable"
    message = _("Only a draft can be changed; this mailing was already queued.")


class MailingTransitionNotAllowed(DomainError):
    code = "newsletter.transition_not_allowed"
    message = _("This mailing cannot do that in its current state. Reload the page.")


class MailingIncomplete(DomainError):
    code = "newsletter.mailing_incomplete"
    message = _("A mailing needs a subject and a text in at least one language before sending.")
