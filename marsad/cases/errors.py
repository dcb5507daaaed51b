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


class ReportAlreadyTriaged(DomainError):
    code = "cases.report_already_triaged"
    message = _("This report was already triaged by someone else. Reload the inbox.")


class MergeNotAllowed(DomainError):
    code = "cases.merge_not_allowed"
    message = _("These two violations cannot be merged (the same case, or one already merged).")


class PublishNotAllowed(DomainError):
    code = "cases.publish_not_allowed"
    message = _(
        "Publishing needs a documented violation, a reporter who consented to "
        "publication, and a public summary whose redaction checklist is complete."
    )


class NotMerged(DomainError):
    code = "cases.not_merged"
    message = _("This violation is not merged into another one.")


class ReportNotInViolation(DomainError):
    code = "cases.report_not_in_violation"
    message = _(
        "This report is not part of this violation, so its reporter cannot be asked from "
        "here. Ask from the page of the violation it belongs to."
    )
