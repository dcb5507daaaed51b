"""Forms of the newsletter: the public subscribe and preferences forms, and staff forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from marsad.newsletter.addresses import address_normalise
from marsad.newsletter.choices import Language
from marsad.newsletter.errors import InvalidAddress

MAX_BODY = 50_000


class SubscribeForm(forms.Form):
    email = forms.CharField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    language = forms.ChoiceField(label=_("Language of the emails"), choices=Language.choices)

    def clean_email(self) -> str:
        try:
            return address_normalise(self.cleaned_data["email"])
        except InvalidAddress as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from None


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the emails"), choices=Language.choices)


class MailingForm(forms.Form):
    """A subject and a text per language (translation rows, not columns: see services)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            direction = "rtl" if code in ("ar", "he") else "ltr"
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={"dir": direction, "lang": code}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=MAX_BODY,
                required=False,
                widget=forms.Textarea(attrs={"rows": 10, "dir": direction, "lang": code}),
                help_text=_("Plain text: an empty line between paragraphs; links stay as typed."),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        complete = 0
        for code, _name in settings.LANGUAGES:
            subject = (data.get(f"subject_{code}") or "").strip()
            body = (data.get(f"body_{code}") or "").strip()
            if bool(subject) != bool(body):
                field = f"body_{code}" if subject else f"subject_{code}"
                self.add_error(field, _("Give both a subject and a text, or neither."))
            complete += bool(subject and body)
        if not complete and not self.errors:
            raise forms.ValidationError(_("Write the mailing in at least one language."))
        return data

    def texts(self) -> dict[str, tuple[str, str]]:
        return {
            code: (self.cleaned_data[f"subject_{code}"], self.cleaned_data[f"body_{code}"])
            for code, _name in settings.LANGUAGES
        }

    @classmethod
    def initial_from(cls, mailing: Any) -> dict[str, str]:
        initial = {}
        for translation in mailing.translations.all():
            initial[f"subject_{translation.language_code}"] = translation.subject
            initial[f"body_{translation.language_code}"] = translation.body
        return initial


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (recorded in the access log)"),
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


class LookupForm(ReasonForm):
    email = forms.CharField(
        label=_("Email address"), max_length=254, widget=forms.EmailInput(attrs={"dir": "ltr"})
    )
    field_order = ["email", "reason"]


class BouncesForm(forms.Form):
    addresses = forms.CharField(
        label=_("Addresses that bounced"),
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr"}),
        help_text=_("One per line, from the mail provider's bounce report."),
    )

    def address_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["addresses"].splitlines()]
