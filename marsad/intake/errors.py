from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class IdempotencyConflict(DomainError):
    code = "intake.idempotency_conflict"
    message = _("This Idempotency-Key was already used for a different report.")


class ReportWithdrawn(DomainError):
    code = "intake.withdrawn"
    message = _("This report was withdrawn; nothing more can be added to it.")


class TooManyRequests(DomainError):
    code = "intake.rate_limited"
    http_status = 429
    message = _("Too many attempts from your connection. Please wait a few minutes and try again.")
