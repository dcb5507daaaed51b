"""Coded errors of the public observatory (the API carries the code)."""

from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class InvalidFilters(DomainError):
    code = "observatory.invalid_filters"
    http_status = 400
    message = _("The filters are not valid.")

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__()
        self.errors = errors


class TooManyRequests(DomainError):
    code = "observatory.rate_limited"
    http_status = 429
    message = _("Too many requests from your connection. Please wait a minute and try again.")
