from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles (least privilege). Each is a Django group of the same name."""

    DOCUMENTER = "documenter", _("Documenter")
    COORDINATOR = "coordinator", _("Coordinator")
    ANALYST = "analyst", _("Analyst")
    ADMIN = "admin", _("Administrator")
    PARTNER = "partner", _("Partner organisation")


STAFF_ROLES = (Role.DOCUMENTER, Role.COORDINATOR, Role.ANALYST, Role.ADMIN)


class SignInOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    LOCKED_OUT = "locked_out", _("Refused: locked out")
    REFUSED = "refused", _("Refused: not a staff account")


class SignInMethod(models.TextChoices):
    PASSWORD = "password", _("Password")
    TOTP = "totp", _("Authenticator app code")
    RECOVERY_CODE = "recovery_code", _("Recovery code")
    SECURITY_KEY = "security_key", _("Security key")
