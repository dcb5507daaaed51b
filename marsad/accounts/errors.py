from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class TokenNotAllowed(DomainError):
    """A staff API token whose access or whose staff member's role does not allow this."""

    code = "accounts.token_not_allowed"
    message = _("This API token may not do this (its access, or its staff member's role).")
    http_status = 403
