"""One filter set for the ledger: the staff list and the staff API's list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from marsad.escalations.choices import Channel, Outcome
from marsad.escalations.models import Escalation
from marsad.escalations.selectors import overdue_condition
from marsad.taxonomy.models import Platform

STATES = [
    ("", _("All attempts")),
    ("awaiting", _("Waiting for an answer")),
    ("overdue", _("Overdue")),
    ("answered", _("Answered, no outcome yet")),
    ("closed", _("With an outcome")),
]


class EscalationFilter(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)
    platform = forms.ModelChoiceField(
        label=_("Platform"),
        queryset=Platform.objects.prefetch_related("translations"),
        to_field_name="slug",
        required=False,
        empty_label=_("All"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices]
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All")), *Outcome.choices]
    )
    violation = forms.IntegerField(label=_("Violation"), required=False, min_value=1)

    def apply(self, rows: QuerySet[Escalation]) -> QuerySet[Escalation]:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        state = data.get("state", "")
        if state == "awaiting":
            rows = rows.awaiting_answer()  # type: ignore[attr-defined]
        elif state == "overdue":
            rows = rows.awaiting_answer().filter(overdue_condition())  # type: ignore[attr-defined]
        elif state == "answered":
            rows = rows.latest_attempts().filter(  # type: ignore[attr-defined]
                Q(answered_on__isnull=False), outcome=""
            )
        elif state == "closed":
            rows = rows.exclude(outcome="")
        if data.get("platform"):
            rows = rows.filter(platform=data["platform"])
        for name in ("channel", "outcome"):
            if data.get(name):
                rows = rows.filter(**{name: data[name]})
        if data.get("violation"):
            rows = rows.filter(violation_id=data["violation"])
        return rows
