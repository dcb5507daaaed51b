"""Staff forms for the organisation's record. Model forms validate (including the models'
constraints); the services write. Translated text is entered per language in fields such as
``title_ar``, ``title_en``, ``title_he`` and saved as translation rows (services.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import magic
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from marsad.activities.choices import Channel
from marsad.activities.models import (
    AdvocacyTarget,
    Campaign,
    CommunicationsFigure,
    Event,
    MediaMention,
    Milestone,
    NeedsAssessment,
    Organisation,
    Publication,
    Training,
)
from marsad.activities.services import Translations
from marsad.core.text import match_key

MAX_DOCUMENT_MB = 100


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _dir(code: str) -> str:
    return "ltr" if code == "en" else "rtl"


class RecordForm(forms.ModelForm):
    """A model form whose translated fields are added per language.

    ``translated`` maps a translated field's name to a function making its form field for a
    language; the fields are named ``<name>_<code>``. ``translations()`` gives them back as
    ``{code: {name: value}}`` for the services; ``fields_for_service()`` the model's own."""

    translated: dict[str, Callable[[str, str], forms.Field]] = {}
    new_organisations_field: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        versions = (
            {t.language_code: t for t in instance.translations.all()}
            if self.translated and instance.pk
            else {}
        )
        for code, name in settings.LANGUAGES:
            for field_name, make in self.translated.items():
                key = f"{field_name}_{code}"
                self.fields[key] = make(code, str(name))
                if code in versions:
                    self.initial[key] = getattr(versions[code], field_name)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.widget.input_type == "text":
                field.widget = _date_input()
            if isinstance(field, forms.ModelChoiceField):  # labels are translation rows
                queryset = field.queryset
                if queryset is not None and hasattr(queryset.model, "translations"):
                    field.queryset = queryset.prefetch_related("translations")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "title" in self.translated and not any(
            (data.get(f"title_{code}") or "").strip() for code, _name in settings.LANGUAGES
        ):
            raise forms.ValidationError(_("Give a title in at least one language."))
        return data

    def translations(self) -> Translations:
        return {
            code: {name: self.cleaned_data.get(f"{name}_{code}") for name in self.translated}
            for code, _name in settings.LANGUAGES
        }

    def fields_for_service(self) -> dict[str, Any]:
        many = {f.name for f in self._meta.model._meta.many_to_many}
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields or []
            if name not in many and name in self.cleaned_data
        }


def _title(code: str, name: str) -> forms.Field:
    return forms.CharField(
        label=_("Title (%(language)s)") % {"language": name},
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": _dir(code), "lang": code}),
    )


def _text(label: Any) -> Callable[[str, str], forms.Field]:
    def make(code: str, name: str) -> forms.Field:
        return forms.CharField(
            label=f"{label} ({name})",
            required=False,
            max_length=20_000,
            widget=forms.Textarea(attrs={"rows": 4, "dir": _dir(code), "lang": code}),
        )

    return make


def _link(code: str, name: str) -> forms.Field:
    return forms.URLField(
        label=_("Link (%(language)s)") % {"language": name},
        required=False,
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )


def _document(code: str, name: str) -> forms.Field:
    return forms.FileField(
        label=_("Document, PDF (%(language)s)") % {"language": name},
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


def _check_pdf(upload: UploadedFile | bool | None) -> None:
    if not isinstance(upload, UploadedFile):
        return
    if upload.size and upload.size > MAX_DOCUMENT_MB * 1024 * 1024:
        raise forms.ValidationError(
            _("The document is larger than %(mb)d MB.") % {"mb": MAX_DOCUMENT_MB}
        )
    head = upload.read(4096)
    upload.seek(0)
    if magic.from_buffer(head, mime=True) != "application/pdf":
        raise forms.ValidationError(_("The document must be a PDF file."))


class PublicationForm(RecordForm):
    translated = {
        "title": _title,
        "summary": _text(_("Summary")),
        "document": _document,
        "link": _link,
    }

    class Meta:
        model = Publication
        fields = ["kind", "published_on", "topics"]
        widgets = {"topics": forms.CheckboxSelectMultiple}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code, _name in settings.LANGUAGES:
            try:
                _check_pdf(data.get(f"document_{code}"))
            except forms.ValidationError as exc:
                self.add_error(f"document_{code}", exc)
        return data


class OrganisationsField(forms.CharField):
    """Organisations typed one per line; found or made by name when saved (services)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            max_length=20_000,
            widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
            help_text=_("One per line. Names already recorded are reused, however they are spelt."),
            **kwargs,
        )

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value)
        names: dict[str, str] = {}
        for line in text.splitlines():
            name = " ".join(line.split())
            if name:
                names.setdefault(match_key(name), name[:300])
        return list(names.values())


class TrainingForm(RecordForm):
    new_organisations = OrganisationsField(label=_("Other organisations trained"))

    class Meta:
        model = Training
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "topic",
            "format",
            "place",
            "women",
            "men",
            "gender_unstated",
            "trainers_trained",
            "organisations",
            "notes",
        ]
        widgets = {"title": forms.TextInput(attrs={"dir": "auto"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        participants = sum(data.get(n) or 0 for n in ("women", "men", "gender_unstated"))
        if (data.get("trainers_trained") or 0) > participants:
            self.add_error("trainers_trained", _("More trainers trained than participants."))
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first."))
        return data


class NeedsAssessmentForm(RecordForm):
    class Meta:
        model = NeedsAssessment
        fields = ["organisation", "assessed_on", "topic", "findings"]


class EventForm(RecordForm):
    translated = {"title": _title, "description": _text(_("Description"))}
    new_partners = OrganisationsField(label=_("Other partner organisations"))

    class Meta:
        model = Event
        fields = [
            "kind",
            "role",
            "starts_on",
            "ends_on",
            "edition",
            "place",
            "link",
            "attendees_in_person",
            "attendees_online",
            "viewers",
            "speakers",
            "partners",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first."))
        return data


class CampaignForm(RecordForm):
    translated = {"title": _title, "description": _text(_("Description"))}
    new_partners = OrganisationsField(label=_("Other partner organisations"))

    class Meta:
        model = Campaign
        fields = ["kind", "starts_on", "ends_on", "targets", "partners", "link", "outcome"]
        widgets = {"targets": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = self.fields["targets"]
        assert isinstance(targets, forms.ModelMultipleChoiceField)
        targets.queryset = AdvocacyTarget.objects.active().prefetch_related("translations")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day is before the first."))
        return data


class MilestoneForm(RecordForm):
    translated = {"title": _title, "description": _text(_("Description"))}

    class Meta:
        model = Milestone
        fields = ["kind", "achieved_on", "link"]


class MediaMentionForm(RecordForm):
    class Meta:
        model = MediaMention
        fields = ["outlet", "published_on", "language", "kind", "headline", "link"]
        widgets = {
            "outlet": forms.TextInput(attrs={"dir": "auto"}),
            "headline": forms.TextInput(attrs={"dir": "auto"}),
            "link": forms.URLInput(attrs={"dir": "ltr"}),
        }


class CommunicationsFigureForm(RecordForm):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    class Meta:
        model = CommunicationsFigure
        fields = ["month", "channel", "video_views", "engagement", "followers"]

    def clean_month(self) -> Any:
        return self.cleaned_data["month"].replace(day=1)


class OrganisationForm(RecordForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "notes"]
        widgets = {"name": forms.TextInput(attrs={"dir": "auto"})}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Organisation.objects.filter(name_key=match_key(name)).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("An organisation of this name is already recorded."))
        return name


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.tsv,.txt"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only: show what the file gives, save nothing"), required=False, initial=True
    )


class CommunicationsImportForm(ImportForm):
    channel = forms.ChoiceField(
        label=_("Channel of the rows that do not name one"),
        choices=[("", _("Every row names its channel")), *Channel.choices],
        required=False,
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_date_input())
    end = forms.DateField(label=_("Until (included)"), widget=_date_input())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
