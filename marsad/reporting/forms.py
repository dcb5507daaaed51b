"""Staff forms of the reporting app. Texts are entered per language (``heading_ar`` ...) and
written by the services, which sanitise them."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.core.i18n import direction
from marsad.reporting.choices import LANGUAGES, Placement, ReportKind
from marsad.reporting.figures import NOTABLE_LIMIT, ReportPeriod
from marsad.reporting.richtext import MAX_LENGTH
from marsad.reporting.services import SUMMARY_MAX

LANGUAGE_NAMES = {"ar": _("Arabic"), "en": _("English"), "he": _("Hebrew")}


class OpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    quarter = forms.TypedChoiceField(
        label=_("Quarter (quarterly reports)"),
        choices=[("", "—"), *((str(q), f"Q{q}") for q in range(1, 5))],
        coerce=int,
        required=False,
        empty_value=None,
    )

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if year > timezone.localdate().year + 1:
            raise forms.ValidationError(_("Choose a year up to next year."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ReportKind.QUARTERLY and not data.get("quarter"):
            self.add_error("quarter", _("Choose the quarter of a quarterly report."))
        return data

    def period(self) -> ReportPeriod:
        kind = self.cleaned_data["kind"]
        quarter = (self.cleaned_data["quarter"] or 0) if kind == ReportKind.QUARTERLY else 0
        return ReportPeriod(kind, self.cleaned_data["year"], quarter)


class SummaryForm(forms.Form):
    """The summary paragraph in each language (empty: the generated one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in LANGUAGES:
            self.fields[f"summary_{code}"] = forms.CharField(
                label=LANGUAGE_NAMES[code],
                required=False,
                max_length=SUMMARY_MAX,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 7, "lang": code, "dir": direction(code)}),
            )

    def summaries(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"summary_{code}"] for code in LANGUAGES}


class SectionForm(forms.Form):
    placement = forms.ChoiceField(label=_("Place in the report"), choices=Placement.choices)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in LANGUAGES:
            attrs = {"lang": code, "dir": direction(code)}
            self.fields[f"heading_{code}"] = forms.CharField(
                label=_("Heading (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                max_length=MAX_LENGTH,
                widget=forms.Textarea(attrs={**attrs, "rows": 10}),
                help_text=_(
                    "Paragraphs are separated by an empty line. You may use <strong>, <em>, "
                    "lists, quotes and links; anything else is removed."
                ),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(f"heading_{code}") or "").strip() for code in LANGUAGES):
            raise forms.ValidationError(_("Write the heading in at least one language."))
        for code in LANGUAGES:
            if (data.get(f"body_{code}") or "").strip() and not (
                data.get(f"heading_{code}") or ""
            ).strip():
                self.add_error(f"heading_{code}", _("A text needs its heading."))
        return data

    def texts(self) -> dict[str, dict[str, str]]:
        return {
            code: {
                "heading": self.cleaned_data[f"heading_{code}"],
                "body": self.cleaned_data[f"body_{code}"],
            }
            for code in LANGUAGES
        }


class NotableForm(forms.Form):
    cases = forms.CharField(
        label=_("Numbers of the notable cases"),
        required=False,
        max_length=1000,
        help_text=_("Published violations only, separated by commas or spaces (at most %(n)s).")
        % {"n": NOTABLE_LIMIT},
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )

    def clean_cases(self) -> list[int]:
        text = self.cleaned_data["cases"] or ""
        parts = [p for p in re.split(r"[\s,،;#]+", text.translate(_DIGITS)) if p]
        if any(not p.isascii() or not p.isdigit() or len(p) > 12 for p in parts):
            raise forms.ValidationError(_("Write the case numbers only, for example 12, 40."))
        return [int(p) for p in parts]


# Arabic-Indic and Persian digits typed on an Arabic keyboard mean the same numbers.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
