from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from marsad.accounts.choices import Role


class User(AbstractUser):
    """A staff member or partner organisation account. Reporters never have accounts."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="ar",
        choices=[("ar", "العربية"), ("en", "English"), ("he", "עברית")],
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def is_staff_member(self) -> bool:
        return self.is_active and self.role in {
            Role.DOCUMENTER,
            Role.COORDINATOR,
            Role.ANALYST,
            Role.ADMIN,
        }
