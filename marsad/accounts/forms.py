from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.forms import LoginForm, ResetPasswordForm
from allauth.core import context
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    ReauthenticateWebAuthnForm,
)
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from fido2.webauthn import AuthenticationResponse, RegistrationResponse

from marsad.accounts.choices import SignInMethod, SignInOutcome
from marsad.accounts.models import User
from marsad.accounts.selectors import users_with_verified_address
from marsad.accounts.services import signin_event_record


class StaffLoginForm(LoginForm):
    """allauth's sign-in form (username or email, and password) for staff roles only.

    The field allauth calls ``login`` is posted as ``username``, the name browsers and password
    managers expect. Partner accounts use the API with a token and are refused here, with a
    clear message, even with the right password.
    """

    fields: dict[str, forms.Field]
    user: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.pop("login")
        field.label = _("Username or email")
        field.widget.attrs = {"autocomplete": "username", "dir": "ltr", "autofocus": True}
        self.fields = {"username": field, **self.fields}
        self.fields["password"].widget.attrs.update({"dir": "ltr"})

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip()

    def clean(self) -> dict[str, Any]:
        if "username" in self.cleaned_data:
            self.cleaned_data["login"] = self.cleaned_data["username"]
        cleaned: dict[str, Any] = super().clean()
        user = self.user
        if user is not None and not getattr(user, "is_staff_member", False):
            self.user = None
            if self.request is not None:
                signin_event_record(
                    request=self.request,
                    user=user,
                    outcome=SignInOutcome.REFUSED,
                    method=SignInMethod.PASSWORD,
                )
            raise ValidationError(
                _(
                    "This account cannot sign in to the staff area. Partner organisations "
                    "send reports through the API."
                ),
                code="not_staff",
            )
        return cleaned


class StaffResetPasswordForm(ResetPasswordForm):
    """allauth's "forgotten password" form, sending the link only to a verified address.

    allauth would also send it to an address a staff member asked to change to and never
    confirmed: whoever added that address (someone at an unlocked computer) would get the
    link. Such an address gets what an unknown one gets: the same page, and no email.
    """

    users: list[Any]

    def clean_email(self) -> str:
        email: str = super().clean_email()
        self.users = users_with_verified_address(email)
        return email


class StaffEmailMixin:
    """Two accounts cannot share an address: a link to set a new password is for one account."""

    cleaned_data: dict[str, Any]
    instance: Any

    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email") or "").strip().lower()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("Another account has this email address."), code="taken")
        return email


def _well_formed(
    credential: Any, shape: type[RegistrationResponse | AuthenticationResponse]
) -> Any:
    """A security key's answer as the browser posts it, refused with a form error when it is
    not even shaped like one (allauth lets some malformed answers through as a 500)."""
    try:
        shape.from_dict(credential)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ValidationError(_("This is not a security key's answer."), code="malformed") from None
    return credential


class StaffAddWebAuthnForm(AddWebAuthnForm):
    def clean_credential(self) -> Any:
        return _well_formed(self.cleaned_data["credential"], RegistrationResponse)


def _checked_key_answer(form: AuthenticateWebAuthnForm, check: Callable[[], Any]) -> Any:
    """The authenticator a well-formed, valid answer comes from; a refused answer is written
    to the sign-in record (allauth announces refused app codes, not refused keys)."""
    try:
        _well_formed(form.cleaned_data["credential"], AuthenticationResponse)
        return check()
    except ValidationError:
        if context.request is not None and form.user is not None:
            signin_event_record(
                request=context.request,
                user=form.user,
                outcome=SignInOutcome.FAILED,
                method=SignInMethod.SECURITY_KEY,
            )
        raise


class StaffAuthenticateWebAuthnForm(AuthenticateWebAuthnForm):
    def clean_credential(self) -> Any:
        return _checked_key_answer(self, super().clean_credential)


class StaffReauthenticateWebAuthnForm(ReauthenticateWebAuthnForm):
    def clean_credential(self) -> Any:
        return _checked_key_answer(self, super().clean_credential)
