from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marsad.accounts.models import User


class StaffAuthenticationForm(AuthenticationForm):
    """Only staff roles sign in here; partner accounts use the API with a token."""

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not user.is_staff_member:
            raise ValidationError(
                _(
                    "This account cannot sign in to the staff area. Partner organisations "
                    "send reports through the API."
                ),
                code="not_staff",
            )
