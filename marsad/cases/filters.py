"""One filter set per list: the staff inbox of reports and the list of violations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from marsad.cases.choices import Status
from marsad.core.periods import EARLIEST_DAY, LATEST_DAY, local_midnight
from marsad.intake.choices import Channel, ReportLanguage, TriageState, Trust
from marsad.intake.models import Report
from marsad.taxonomy.models import Platform, ViolationType


def _term_choices(model: type) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=model.objects.prefetch_related("translations"),  # type: ignore[attr-defined]
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )


class InboxFilter(forms.Form):
    queue = forms.ChoiceField(
        label=_("Queue"),
        required=False,
        choices=[
            ("", _("Waiting for triage")),
            ("low", _("Low trust")),
            ("spam", _("Spam queue")),
            ("all", _("All reports")),
        ],
    )
    violation_type = _term_choices(ViolationType)
    platform = _term_choices(Platform)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *ReportLanguage.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)],
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[MinValueValidator(EARLIEST_DAY), MaxValueValidator(LATEST_DAY)],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["violation_type"].label = _("Violation type")
        self.fields["platform"].label = _("Platform")

    def apply(self, reports: QuerySet[Report]) -> QuerySet[Report]:
        data = self.cleaned_data if self.is_valid() else {}
        queue = data.get("queue", "")
        if queue == "low":
            reports = reports.filter(triage_state=TriageState.NEW, trust=Trust.LOW)
        elif queue == "spam":
            reports = reports.filter(triage_state=TriageState.SPAM)
        elif queue != "all":
            reports = reports.filter(triage_state=TriageState.NEW)
        for name in ("violation_type", "platform"):
            if data.get(name):
                reports = reports.filter(**{name: data[name]})
        for name in ("language", "channel"):
            if data.get(name):
                reports = reports.filter(**{name: data[name]})
        # Local days as moments, so that the index on ``submitted_at`` serves them (its local
        # date, ``submitted_at__date``, had every report of the other filters read: 379 ms a
        # page at 3,000,000 reports; docs/performance.md).
        if data.get("since"):
            reports = reports.filter(submitted_at__gte=local_midnight(data["since"]))
        if data.get("until"):
            end = data["until"] + dt.timedelta(days=1)
            reports = reports.filter(submitted_at__lt=local_midnight(end))
        return reports


class ViolationFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    violation_type = _term_choices(ViolationType)
    platform = _term_choices(Platform)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["violation_type"].label = _("Violation type")
        self.fields["platform"].label = _("Platform")

    def apply(self, violations: QuerySet[Any], user: Any) -> QuerySet[Any]:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            violations = violations.filter(status=data["status"])
        for name in ("violation_type", "platform"):
            if data.get(name):
                violations = violations.filter(**{name: data[name]})
        if data.get("mine"):
            violations = violations.filter(assignee=user)
        return violations
