"""The report form and the follow-up forms. The partner API validates through ReportForm too,
so both channels apply exactly the same rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.intake import validators
from marsad.intake.choices import (
    AppealResult,
    ContactMethod,
    ReportLanguage,
    Target,
    YesNoUnsure,
)
from marsad.intake.services import ContactData, ReportData
from marsad.intake.uploads import CheckedFile, check_upload
from marsad.taxonomy.models import PerpetratorType, Platform, Region, VictimType, ViolationType
from marsad.taxonomy.selectors import active_term

MAX_DESCRIPTION = 20_000
MAX_MESSAGE = 10_000


class _TermChoices(forms.models.ModelChoiceIterator):
    """A TermChoiceField's choices, reading the field's terms only when they are drawn."""

    def __init__(self, field: TermChoiceField) -> None:
        self.field = field

    @property
    def queryset(self) -> Any:  # type: ignore[override]
        return self.field.queryset


class TermChoiceField(forms.ModelChoiceField):
    """A vocabulary term chosen by its slug, labelled in the active language.

    A report is checked against the per-process active terms (``active_term``); the query of
    the choices is only needed to draw them, so each form makes its own when it draws them
    instead of copying it with the field (Django clones a ModelChoiceField's query twice per
    form: with five such fields, a tenth of a report's time in the form's set-up).
    """

    iterator = _TermChoices
    _queryset: Any

    def __init__(self, model: type, **kwargs: Any) -> None:
        self.term_model = model
        super().__init__(
            queryset=None,
            to_field_name="slug",
            required=False,
            empty_label=_("I'm not sure"),
            **kwargs,
        )

    def _get_terms(self) -> Any:
        if self._queryset is None:
            self._queryset = self.term_model.objects.active().prefetch_related("translations")  # type: ignore[attr-defined]
        return self._queryset

    def _set_terms(self, queryset: Any) -> None:  # as ModelChoiceField's
        self._queryset = None if queryset is None else queryset.all()
        self.widget.choices = self.choices

    queryset = property(_get_terms, _set_terms)

    def __deepcopy__(self, memo: dict[int, Any]) -> TermChoiceField:
        result = forms.Field.__deepcopy__(self, memo)
        result._queryset = None
        result.widget.choices = result.choices
        return result

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)

    def to_python(self, value: Any) -> Any:
        """Looked up in the per-process cache of active terms (translations are only needed
        to render the choices)."""
        if value in self.empty_values:
            return None
        term = active_term(self.term_model, str(value))
        if term is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return term


class FixedChoiceField(forms.ChoiceField):
    """A choice among values fixed in the code (the report's enumerations).

    Django deep-copies a ChoiceField's choices for every form it makes, so that a form
    changing them in place changes only its own. These are never changed in place (a form
    wanting other choices assigns new ones, which replaces them on its own copy only), so the
    copies share them: copying the six fields' choices was a fifth of the form's set-up.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> FixedChoiceField:
        return forms.Field.__deepcopy__(self, memo)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


def _text(value: str) -> str:
    return validators.check_text(value or "")


def _line(value: str) -> str:
    return validators.check_line(value or "")


# What a report POST that failed its CSRF check may not carry back into the form: how to reach
# the reporter and what they agreed to. A hostile page cannot fill these in for them.
NOT_CARRIED_ACROSS_CSRF_FAILURE = (
    "contact_method",
    "contact_email",
    "contact_phone",
    "contact_signal",
    "contact_language",
    "consent_contact",
    "consent_share_with_platform",
    "consent_publish",
    "send_receipt_by_email",
)


class ReportForm(forms.Form):
    """The report. The description is the one required field; the others are grouped in
    sections (``SECTIONS``) that the page folds away until the reporter opens them."""

    SECTIONS: dict[str, tuple[str, ...]] = {
        "type": ("violation_type",),
        "where": ("platform", "links", "account_handle", "occurred_on", "occurred_on_approximate"),
        "who": (
            "target",
            "victim_type",
            "victim_name",
            "region",
            "perpetrator_type",
            "perpetrator_details",
        ),
        "response": ("platform_notified", "platform_rule", "appealed", "appeal_result"),
        "evidence": ("evidence",),
        "contact": NOT_CARRIED_ACROSS_CSRF_FAILURE,
    }

    violation_type = TermChoiceField(ViolationType, label=_("What kind of violation was it?"))
    platform = TermChoiceField(Platform, label=_("On which platform or service?"))
    links = forms.CharField(
        label=_("Links to the content or account"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(
            attrs={"rows": 3, "dir": "ltr", "inputmode": "url", "autocomplete": "off"}
        ),
        help_text=_("One link per line. Leave empty if you have none."),
    )
    account_handle = forms.CharField(
        label=_("Account name"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "placeholder": "@name"}),
        help_text=_("The account that was affected or that attacked, for example @name."),
    )
    occurred_on = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occurred_on_approximate = forms.BooleanField(label=_("The date is approximate"), required=False)
    description = forms.CharField(
        label=_("What happened, in your own words"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto"}),
        help_text=_(
            "Any language. What was posted or done, what the platform told you, "
            "and anything else we should know."
        ),
    )
    target = FixedChoiceField(
        label=_("Who was targeted?"),
        required=False,
        choices=[("", _("I'd rather not say")), *Target.choices],
    )
    victim_type = TermChoiceField(VictimType, label=_("The person or organisation targeted is"))
    victim_name = forms.CharField(
        label=_("Their name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    region = TermChoiceField(Region, label=_("Where are they?"))
    perpetrator_type = TermChoiceField(PerpetratorType, label=_("Who do you think is responsible?"))
    perpetrator_details = forms.CharField(
        label=_("More about who is responsible"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )
    platform_notified = FixedChoiceField(
        label=_("Did the platform notify you?"),
        required=False,
        choices=[("", "—"), *YesNoUnsure.choices],
    )
    platform_rule = forms.CharField(
        label=_("Which rule did the platform cite?"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    appealed = FixedChoiceField(
        label=_("Did you appeal?"), required=False, choices=[("", "—"), *YesNoUnsure.choices]
    )
    appeal_result = FixedChoiceField(
        label=_("What was the result of the appeal?"),
        required=False,
        choices=[("", "—"), *AppealResult.choices],
    )
    evidence = MultipleFileField(
        label=_("Screenshots or other evidence"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/*,application/pdf,video/*,audio/*,text/plain"}
        ),
    )
    contact_method = FixedChoiceField(
        label=_("How may we contact you?"),
        required=False,
        choices=[("", _("Please don't contact me")), *ContactMethod.choices],
    )
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Phone or WhatsApp number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_signal = forms.CharField(
        label=_("Signal number or username"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    contact_language = FixedChoiceField(
        label=_("Language for our messages"),
        required=False,
        choices=[("", "—"), *[(c, n) for c, n in ReportLanguage.choices if c != "other"]],
    )
    consent_contact = forms.BooleanField(
        label=_("You may contact me about this report"), required=False
    )
    consent_share_with_platform = forms.BooleanField(
        label=_("You may share this case with the platform to get it fixed"), required=False
    )
    consent_publish = forms.BooleanField(
        label=_("You may publish an anonymised summary (never my name or contact details)"),
        required=False,
    )
    send_receipt_by_email = forms.BooleanField(label=_("Email me my receipt code"), required=False)

    def __init__(
        self, *args: Any, language: str = "ar", files_sent: int = 0, **kwargs: Any
    ) -> None:
        # Labels stand on their own line above their field, most of them questions: no colon
        # after them (Django's ":" gave "؟:" in Arabic, and a colon after every tick box).
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.language = language
        self.files_sent = files_sent
        self.checked_files: list[CheckedFile] = []
        if not settings.EMAIL_ENABLED:
            # Nothing would be sent: the option is not offered, and not taken from the API.
            del self.fields["send_receipt_by_email"]

    @property
    def open_sections(self) -> set[str]:
        """The sections to show unfolded: those holding an error or something typed."""
        if not self.is_bound:
            return set()
        errors = self.errors
        return {
            section
            for section, names in self.SECTIONS.items()
            if any(name in errors or self._typed(name) for name in names)
        }

    def _typed(self, name: str) -> bool:
        if name == "evidence":
            return False
        value = self.data.get(name)
        return bool(value) and value not in ("", "off", "false", "False")

    # Field cleaners: the same checks for every channel.
    def clean_description(self) -> str:
        value = _text(self.cleaned_data["description"])
        if not value:
            raise ValidationError(_("Please tell us what happened."), code="required")
        return value

    def clean_links(self) -> list[str]:
        return validators.check_links(self.cleaned_data.get("links") or "")

    def clean_account_handle(self) -> str:
        return validators.canonical_handle(self.cleaned_data.get("account_handle") or "")

    def clean_occurred_on(self) -> dt.date | None:
        value = self.cleaned_data.get("occurred_on")
        if value is not None:
            if value > timezone.localdate() + dt.timedelta(days=1):
                raise ValidationError(_("The date cannot be in the future."), code="future")
            if value.year < 2000:
                raise ValidationError(_("Please check the year."), code="too_old")
        return value

    def clean_victim_name(self) -> str:
        return _line(self.cleaned_data.get("victim_name", ""))

    def clean_perpetrator_details(self) -> str:
        return _text(self.cleaned_data.get("perpetrator_details", ""))

    def clean_platform_rule(self) -> str:
        return _line(self.cleaned_data.get("platform_rule", ""))

    def clean_contact_phone(self) -> str:
        return validators.canonical_phone(self.cleaned_data.get("contact_phone", ""))

    def clean_contact_signal(self) -> str:
        value = _line(self.cleaned_data.get("contact_signal", ""))
        if value and (value.startswith("+") or value[0].isdigit()):
            return validators.canonical_phone(value)
        return value

    def clean_contact_email(self) -> str:
        return _line(self.cleaned_data.get("contact_email", "")).lower()

    def clean_evidence(self) -> list[UploadedFile]:
        uploads = self.cleaned_data.get("evidence") or []
        # Past the limit the upload handler stores no more files (``files_sent`` counts them all).
        if max(len(uploads), self.files_sent) > settings.INTAKE_MAX_FILES:
            raise ValidationError(
                _("Please send at most %(max)d files."),
                code="too_many_files",
                params={"max": settings.INTAKE_MAX_FILES},
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check_upload(upload))
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        self.checked_files = checked
        return uploads

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(self.data.items()) if hasattr(self.data, "items") else []:
            if (
                isinstance(value, str)
                and ("\x00" in value or "\ufffd" in value)
                and (name not in self.errors)
            ):
                self.add_error(
                    None,
                    ValidationError(
                        _("Part of what you sent could not be read. Please check and send again."),
                        code="invalid_encoding",
                    ),
                )
                break
        has_contact = any(data.get(f) for f in ("contact_email", "contact_phone", "contact_signal"))
        if has_contact and not data.get("consent_contact"):
            self.add_error(
                "consent_contact",
                ValidationError(
                    _(
                        "Tick this box so that we may use the contact details you gave, or remove "
                        "them."
                    ),
                    code="consent_missing",
                ),
            )
        if data.get("send_receipt_by_email") and not data.get("contact_email"):
            self.add_error(
                "contact_email",
                ValidationError(
                    _("Enter your email address to receive the receipt code."), code="required"
                ),
            )
        method = data.get("contact_method")
        if method and not data.get(f"contact_{method}"):
            self.add_error(
                f"contact_{method}",
                ValidationError(
                    _("Enter the contact detail for the way you chose."), code="required"
                ),
            )
        return data

    def report_data(self) -> ReportData:
        d = self.cleaned_data
        return ReportData(
            description=d["description"],
            language=self.language,
            violation_type=d.get("violation_type"),
            platform=d.get("platform"),
            links=d.get("links") or [],
            account_handle=d.get("account_handle") or "",
            occurred_on=d.get("occurred_on"),
            occurred_on_approximate=bool(d.get("occurred_on_approximate")),
            target=d.get("target") or "",
            victim_type=d.get("victim_type"),
            victim_name=d.get("victim_name") or "",
            region=d.get("region"),
            perpetrator_type=d.get("perpetrator_type"),
            perpetrator_details=d.get("perpetrator_details") or "",
            platform_notified=d.get("platform_notified") or "",
            platform_rule=d.get("platform_rule") or "",
            appealed=d.get("appealed") or "",
            appeal_result=d.get("appeal_result") or "",
            consent_contact=bool(d.get("consent_contact")),
            consent_share_with_platform=bool(d.get("consent_share_with_platform")),
            consent_publish=bool(d.get("consent_publish")),
            contact=ContactData(
                method=d.get("contact_method") or "",
                email=d.get("contact_email") or "",
                phone=d.get("contact_phone") or "",
                signal=d.get("contact_signal") or "",
                preferred_language=d.get("contact_language") or "",
            ),
            send_receipt_by_email=bool(d.get("send_receipt_by_email")),
        )

    def fingerprint(self) -> str:
        """A digest of the content, so an edited resubmission makes a new report while an
        identical one (double click, retry) finds the first."""
        payload = {
            **self.report_data().as_original(),
            "files": [f.sha256 for f in self.checked_files],
        }
        return hashlib.sha256(
            json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
        ).hexdigest()


class ReceiptCodeForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    code = forms.CharField(
        label=_("Your receipt code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "dir": "ltr",
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "placeholder": "0000 0000 0000 0000",
            }
        ),
    )


class FollowUpForm(forms.Form):
    message = forms.CharField(
        label=_("Your answer or more information"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
    )
    evidence = MultipleFileField(
        label=_("More files (optional)"),
        required=False,
        widget=MultipleFileInput(
            attrs={"accept": "image/*,application/pdf,video/*,audio/*,text/plain"}
        ),
    )

    def __init__(self, *args: Any, files_sent: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.files_sent = files_sent
        self.checked_files: list[CheckedFile] = []

    def clean_message(self) -> str:
        return _text(self.cleaned_data.get("message", ""))

    clean_evidence = ReportForm.clean_evidence

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("message") and not data.get("evidence"):
            raise ValidationError(_("Write something or choose a file to send."), code="empty")
        return data
