"""Forms of the staff area: each parses one action for one service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marsad.accounts.choices import STAFF_ROLES
from marsad.accounts.models import User
from marsad.cases.choices import Gender, Profession, RejectionReason, Status
from marsad.cases.models import Violation
from marsad.intake.models import Report
from marsad.intake.validators import check_text
from marsad.taxonomy.models import (
    CrisisPeriod,
    PerpetratorType,
    Platform,
    Region,
    Tag,
    VictimType,
    ViolationType,
)


def _terms(model: type, label: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        required=False,
        queryset=model.objects.prefetch_related("translations"),  # type: ignore[attr-defined]
    )


def _slug_terms(model: type, label: Any) -> forms.ModelChoiceField:
    field = _terms(model, label)
    field.to_field_name = "slug"
    return field


class ClassificationForm(forms.ModelForm):
    violation_type = _terms(ViolationType, _("Violation type"))
    platform = _terms(Platform, _("Platform"))
    perpetrator_type = _terms(PerpetratorType, _("Perpetrator type"))
    victim_type = _terms(VictimType, _("Victim type"))
    region = _terms(Region, _("Region"))
    crisis_period = _terms(CrisisPeriod, _("Crisis period"))
    additional_types = forms.ModelMultipleChoiceField(
        label=_("Other violation types"),
        required=False,
        queryset=ViolationType.objects.prefetch_related("translations"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Statistics count a violation under its main type only."),
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        required=False,
        queryset=Tag.objects.prefetch_related("translations"),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Violation
        fields = [
            "title",
            "violation_type",
            "additional_types",
            "platform",
            "perpetrator_type",
            "victim_type",
            "region",
            "crisis_period",
            "occurred_on",
            "occurred_on_approximate",
            "notice_given",
            "rule_cited",
            "flag_origin",
            "appeal_made",
            "appeal_outcome",
            "due_on",
            "tags",
        ]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "title": forms.TextInput(attrs={"dir": "auto"}),
            "rule_cited": forms.TextInput(attrs={"dir": "auto"}),
        }

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name not in ("tags", "additional_types")
        }


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices)
    rejection_reason = forms.ChoiceField(
        label=_("Reason for rejecting"),
        required=False,
        choices=[("", "—"), *RejectionReason.choices],
    )
    note = forms.CharField(
        label=_("Note (needed to reopen)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class QuestionForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    question = forms.CharField(
        label=_("Question to the reporter"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
        help_text=_(
            "Shown on the reporter's follow-up page. Never ask for what could endanger them."
        ),
    )

    def clean_question(self) -> str:
        return check_text(self.cleaned_data["question"])


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def clean_note(self) -> str:
        return check_text(self.cleaned_data["note"])


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        required=False,
        empty_label=_("Nobody"),
        queryset=User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by("username"),
    )


class MergeForm(forms.Form):
    target = forms.IntegerField(label=_("Merge into violation number"), min_value=1)
    note = forms.CharField(label=_("Why"), required=False, max_length=2000)


class SplitForm(forms.Form):
    note = forms.CharField(label=_("Why the merge was wrong"), max_length=2000)


class AttachForm(forms.Form):
    violation = forms.IntegerField(label=_("Attach to violation number"), min_value=1)


class TriageForm(forms.Form):
    state = forms.ChoiceField(
        choices=[
            ("spam", _("Spam")),
            ("out_of_scope", _("Out of scope")),
            ("new", _("Back to the inbox")),
        ]
    )


class BulkTriageForm(TriageForm):
    reports: forms.ModelMultipleChoiceField[Report] = forms.ModelMultipleChoiceField(
        queryset=Report.objects.all(), required=True
    )


class ContactRevealForm(forms.Form):
    reason = forms.CharField(label=_("Why you need the contact details"), max_length=300)


class SummaryForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("ar", "العربية"), ("en", "English"), ("he", "עברית")]
    )
    text = forms.CharField(
        label=_("Public summary"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    no_names = forms.BooleanField(label=_("No names of private people"), required=False)
    no_handles_or_links = forms.BooleanField(
        label=_("No account names or links that identify them"), required=False
    )
    no_location_details = forms.BooleanField(
        label=_("No precise places or dates that identify them"), required=False
    )
    no_contact_details = forms.BooleanField(label=_("No contact details"), required=False)

    def clean_text(self) -> str:
        return check_text(self.cleaned_data["text"])

    def checklist(self) -> dict[str, bool]:
        return {
            name: bool(self.cleaned_data.get(name))
            for name in (
                "no_names",
                "no_handles_or_links",
                "no_location_details",
                "no_contact_details",
            )
        }


class VictimForm(forms.Form):
    remove = forms.IntegerField(required=False, widget=forms.HiddenInput)
    victim_type = _slug_terms(VictimType, _("Victim type"))
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    profession = forms.ChoiceField(
        label=_("Profession"), required=False, choices=[("", "—"), *Profession.choices]
    )
    region = _slug_terms(Region, _("Region"))


class ActionForm(forms.Form):
    """No fields of its own: the action parses its own form (classification)."""


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False)


class BulkViolationForm(forms.Form):
    violations: forms.ModelMultipleChoiceField[Violation] = forms.ModelMultipleChoiceField(
        queryset=Violation.objects.filter(merged_into__isnull=True)
    )
    action = forms.ChoiceField(choices=[("assign", _("Assign to")), ("tag", _("Add the tag"))])
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        required=False,
        empty_label=_("Nobody"),
        queryset=User.objects.filter(is_active=True, role__in=STAFF_ROLES).order_by("username"),
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), required=False, queryset=Tag.objects.prefetch_related("translations")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "tag" and not data.get("tag"):
            self.add_error("tag", _("Choose the tag to add."))
        return data
