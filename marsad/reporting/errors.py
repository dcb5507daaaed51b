from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class BadPeriod(DomainError):
    code = "reporting.bad_period"
    message = _(
        "Give a quarter as YEAR-QN (for example 2022-Q3) and a year as four digits "
        "(for example 2022), from 2000 to next year."
    )
    http_status = 400


class NotReady(DomainError):
    code = "reporting.not_ready"
    message = _("This report has not been generated yet, or its generation failed.")


class StillGenerating(DomainError):
    code = "reporting.still_generating"
    message = _("This report is being generated; wait until it is ready.")


class NotNotable(DomainError):
    code = "reporting.not_notable"
    message = _(
        "Only published violations can be shown as notable cases (%(ids)s are not published "
        "or do not exist)."
    )

    def __init__(self, violation_ids: list[int]) -> None:
        ids = ", ".join(f"#{pk}" for pk in violation_ids)
        super().__init__(self.message % {"ids": ids})
        self.violation_ids = violation_ids


class TooManyNotable(DomainError):
    code = "reporting.too_many_notable"
    message = _("A report can show at most %(limit)s notable cases.")

    def __init__(self, limit: int) -> None:
        super().__init__(self.message % {"limit": limit})
