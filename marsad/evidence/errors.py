from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class ReasonRequired(DomainError):
    code = "evidence.reason_required"
    message = _("Say why you need the original: the reason is kept in the chain of custody.")
    http_status = 400


class NoOriginal(DomainError):
    code = "evidence.no_original"
    message = _("This item has no stored original yet.")
    http_status = 404


class IntegrityFailure(DomainError):
    code = "evidence.integrity_failure"
    message = _(
        "A stored file no longer matches the hash taken when it arrived, or is missing. "
        "Nothing was exported; an administrator should run “marsad evidence verify”."
    )


class UnsafeFile(DomainError):
    code = "evidence.unsafe_file"
    message = _("This file could not be made into a safe copy.")
    http_status = 400
