"""Forms of the escalation pages and the staff API: the shape of what is sent; the rules of
the ledger are the services' (they raise coded errors)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.cases.choices import AppealOutcome
from marsad.cases.models import Violation
from marsad.escalations.choices import (
    DEFAULT_REQUEST_BY_TYPE,
    PLATFORM_OUTCOMES,
    Channel,
    Outcome,
    Request,
)
from marsad.escalations.selectors import Period
from marsad.taxonomy.models import Platform


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"dir": "ltr", **kwargs})


class _OwnIds:
    """Several of these forms share one page: each gets its own element ids."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


def _not_future(day: dt.date | None) -> dt.date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."), code="future")
    return day


def sent_at_from(day: dt.date) -> dt.datetime:
    """When something was sent, from the day staff give: now for today; for an earlier day,
    noon of that day (the time of day is not asked)."""
    if day >= timezone.localdate():
        return timezone.now()
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


def platform_field(**kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Platform"),
        queryset=Platform.objects.active().prefetch_related("translations"),
        to_field_name="slug",
        **kwargs,
    )


class BatchPlatformForm(forms.Form):
    platform = platform_field()


class BatchCreateForm(forms.Form):
    """The violations of one platform to put in a batch, each with its request; the request
    of violation 12 is the field ``request-12`` (the type's usual request by default)."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.TRUSTED_PARTNER_FORM
    )
    violations = forms.ModelMultipleChoiceField(
        label=_("Violations"),
        queryset=Violation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one violation for the batch.")},
    )

    def __init__(self, *args: Any, candidates: QuerySet[Violation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["violations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = candidates
        self.candidates = list(candidates)

    @staticmethod
    def default_request(violation: Violation) -> str:
        slug = violation.violation_type.slug if violation.violation_type else ""
        return DEFAULT_REQUEST_BY_TYPE.get(slug, Request.OTHER)

    def rows(self) -> list[tuple[Violation, str, bool]]:
        """Each candidate with the request shown for it (what was posted, or the default)
        and whether it was ticked (so that nothing chosen is lost on an error)."""
        ticked = set(self.data.getlist("violations")) if hasattr(self.data, "getlist") else set()
        return [
            (v, self.data.get(f"request-{v.pk}") or self.default_request(v), str(v.pk) in ticked)
            for v in self.candidates
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        items = []
        for violation in data.get("violations") or []:
            request = self.data.get(f"request-{violation.pk}") or self.default_request(violation)
            if request not in Request.values:
                raise forms.ValidationError(_("Choose a request for each violation."))
            items.append((violation, request))
        data["items"] = items
        return data


class SentForm(_OwnIds, forms.Form):
    id_prefix = "sent"
    sent_on = forms.DateField(
        label=_("Sent on"), widget=DateInput(), initial=timezone.localdate, required=False
    )
    reference = forms.CharField(label=_("Platform's reference"), max_length=200, required=False)

    def clean_sent_on(self) -> dt.date:
        return _not_future(self.cleaned_data.get("sent_on")) or timezone.localdate()

    def sent_at(self) -> dt.datetime:
        return sent_at_from(self.cleaned_data["sent_on"])


class BatchRemoveForm(forms.Form):
    violation = forms.IntegerField(min_value=1)


class SendForm(SentForm):
    """One violation sent on its own (the staff API's create)."""

    violation = forms.IntegerField(min_value=1)
    channel = forms.ChoiceField(choices=Channel.choices)
    request = forms.ChoiceField(choices=Request.choices)
    message = forms.CharField(required=False, max_length=5000)


class FollowUpForm(_OwnIds, forms.Form):
    id_prefix = "follow_up"
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    sent_on = forms.DateField(
        label=_("Sent on"), widget=DateInput(), initial=timezone.localdate, required=False
    )
    message = forms.CharField(
        label=_("What we wrote"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def clean_sent_on(self) -> dt.date:
        return _not_future(self.cleaned_data.get("sent_on")) or timezone.localdate()

    def sent_at(self) -> dt.datetime:
        return sent_at_from(self.cleaned_data["sent_on"])


class AnswerForm(_OwnIds, forms.Form):
    id_prefix = "answer"
    answered_on = forms.DateField(
        label=_("Answered on"), widget=DateInput(), initial=timezone.localdate
    )
    answer = forms.CharField(
        label=_("The platform's answer"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
    reason_given = forms.CharField(
        label=_("Reason the platform gave"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    reference = forms.CharField(label=_("Platform's reference"), required=False, max_length=200)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[
            ("", _("None yet (the platform is still looking)")),
            *[(o.value, o.label) for o in Outcome if o in PLATFORM_OUTCOMES],
        ],
    )

    def clean_answered_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("answered_on"))


class CloseForm(_OwnIds, forms.Form):
    id_prefix = "close"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    closed_on = forms.DateField(
        label=_("Closed on"), widget=DateInput(), initial=timezone.localdate, required=False
    )
    note = forms.CharField(
        label=_("Note (needed to withdraw)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def clean_closed_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("closed_on"))


class AppealForm(_OwnIds, forms.Form):
    id_prefix = "appeal"
    appealed_on = forms.DateField(label=_("Appealed on"), widget=DateInput())
    appeal_outcome = forms.ChoiceField(
        label=_("Appeal result"),
        required=False,
        choices=[("", _("Not known yet")), *AppealOutcome.choices],
    )

    def clean_appealed_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("appealed_on"))


class StatisticsForm(forms.Form):
    """The period of the statistics page: a year, or one quarter of it."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("The whole year")),
            ("1", _("January to March")),
            ("2", _("April to June")),
            ("3", _("July to September")),
            ("4", _("October to December")),
        ],
    )

    def period(self) -> tuple[int, int | None, Period]:
        data = self.cleaned_data if self.is_valid() else {}
        year = data.get("year") or timezone.localdate().year
        quarter = data.get("quarter")
        period = Period.quarter(year, quarter) if quarter else Period.year(year)
        return year, quarter, period
