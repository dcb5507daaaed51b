from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class NotEscalatable(DomainError):
    code = "escalations.not_escalatable"
    message = _(
        "This violation cannot be escalated: it must be documented (not merged into another), "
        "classified with its platform, and have a reporter who agreed to sharing it with the "
        "platform."
    )


class WrongPlatform(DomainError):
    code = "escalations.wrong_platform"
    message = _("The violation is on another platform than the one it would be sent to.")


class BatchNotDraft(DomainError):
    code = "escalations.batch_not_draft"
    message = _("This batch was already recorded as sent; it can no longer change.")


class BatchEmpty(DomainError):
    code = "escalations.batch_empty"
    message = _("Choose at least one violation for the batch.")


class BatchItemsNotReady(DomainError):
    code = "escalations.batch_items_not_ready"
    message = _(
        "Some violations of this batch can no longer be escalated (%(ids)s). "
        "Remove them from the batch, then record it as sent."
    )

    def __init__(self, violation_ids: list[int]) -> None:
        ids = ", ".join(f"#{pk}" for pk in violation_ids)
        super().__init__(self.message % {"ids": ids})
        self.violation_ids = violation_ids


class DateOutOfRange(DomainError):
    code = "escalations.date_out_of_range"
    message = _("The date must be between the date the escalation was sent and today.")
    http_status = 400


class AnswerDateRequired(DomainError):
    code = "escalations.answer_date_required"
    message = _("This outcome comes from the platform: give the date of its answer.")
    http_status = 400


class ReasonRequired(DomainError):
    code = "escalations.reason_required"
    message = _("Say why the escalation is withdrawn.")
    http_status = 400


class NotLatestAttempt(DomainError):
    code = "escalations.not_latest_attempt"
    message = _("A follow-up was sent after this attempt: record the answer on the latest one.")


class NotFound(DomainError):
    code = "escalations.not_found"
    message = _("There is no such escalation.")
    http_status = 404
