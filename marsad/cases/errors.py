from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class TransitionNotAllowed(DomainError):
    code = "cases.transition_not_allowed"
    message = _("This status change is not allowed.")


class ReasonRequired(DomainError):
    code = "cases.reason_required"
    message = _("Reopening a decision needs a written reason.")


class RejectionReasonRequired(DomainError):
    code = "cases.rejection_reason_required"
    message = _("Choose why the violation is rejected.")


class StaleStatus(DomainError):
    code = "cases.stale_status"
    message = _("Someone else changed this violation's status in the meantime. Reload and retry.")
