"""Base for coded domain errors: services raise them, views and the API translate them."""

from django.utils.functional import Promise


class DomainError(Exception):
    """A business rule refused an action. ``code`` is stable (API bodies carry it)."""

    code = "error"
    message: str | Promise = "The action was refused."
    # The HTTP status the API answers with (views translate errors themselves).
    http_status = 409

    def __init__(self, message: str | Promise | None = None, **params: object) -> None:
        self.params = params
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
