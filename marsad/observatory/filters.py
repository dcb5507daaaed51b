"""One filter set for the public database: the HTML list, the API list, the exports and the
statistics all read their parameters through ``PublicFilter`` and filter with the same
conditions.

Each filter is one entry of ``FILTERS``: its parameter name (the same in the page's URL, the
API and the export links), its form field, the condition it adds and whether the statistics
use it. Adding a filter (the escalation outcome, when escalations exist) is one more entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marsad.cases.models import Violation, ViolationTag
from marsad.core.periods import EARLIEST_DAY, LATEST_DAY, local_midnight
from marsad.core.text import match_key
from marsad.escalations.choices import Outcome
from marsad.escalations.models import LatestOutcome
from marsad.observatory.disclosure import month_first, month_last
from marsad.observatory.models import INDEXED_TERMS
from marsad.observatory.terms import TermRef, term_by_slug, term_labels
from marsad.taxonomy.models import (
    CrisisPeriod,
    PerpetratorType,
    Platform,
    Region,
    Tag,
    Term,
    VictimType,
    ViolationType,
)

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class Filter:
    name: str  # the parameter, in URLs, the API and exports
    label: str | Promise
    field: Callable[[], forms.Field]
    condition: Callable[[Any], Q | Exists]
    kind: str  # "term", "date" or "text": how the API documents it
    help: str = ""
    for_stats: bool = True
    model: type[Term] | None = None
    choices: tuple[str, ...] = ()  # kind "choice": the values the API documents
    # The same filter on the search index's copies (``SearchText``), added to ``condition``
    # when there are words to search: a superset of it, which PostgreSQL reads from the
    # index that holds the words (docs/performance.md, "Search with filters: one index").
    indexed: Callable[[Any], Q] | None = None


class TermField(forms.ChoiceField):
    """A vocabulary term by its slug, from the cached labels (no query per page); cleans to a
    ``TermRef``. Retired terms stay filterable: old records keep them."""

    def __init__(self, model: type[Term]) -> None:
        self.model = model
        super().__init__(
            required=False,
            choices=self._choices_now,
            error_messages={"invalid_choice": _("There is no such term.")},
        )

    def _choices_now(self) -> list[tuple[str, str]]:
        terms = term_labels(self.model).values()
        return [("", str(_("All"))), *((slug, label) for slug, label in terms)]

    def to_python(self, value: Any) -> TermRef | None:
        slug = super().to_python(value)
        if not slug:
            return None
        found = term_by_slug(self.model, slug)
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid")
        return found

    def validate(self, value: Any) -> None:
        """``to_python`` already refused unknown slugs."""

    def prepare_value(self, value: Any) -> Any:
        return value.slug if isinstance(value, TermRef) else value


def _term_field(model: type[Term]) -> Callable[[], forms.Field]:
    return lambda: TermField(model)


EARLIEST = EARLIEST_DAY
LATEST = LATEST_DAY


def _date_field() -> forms.Field:
    return forms.DateField(
        required=False,
        validators=[MinValueValidator(EARLIEST), MaxValueValidator(LATEST)],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )


def _text_field() -> forms.Field:
    return forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, strip=True)


def _from(day: dt.date) -> Q:
    return Q(documented_at__gte=local_midnight(day))


def _to(day: dt.date) -> Q:
    return Q(documented_at__lt=local_midnight(day + dt.timedelta(days=1)))


def _utc_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


def _indexed_from(day: dt.date) -> Q:
    """Documented on or after the UTC day of the local start: every row ``_from`` keeps."""
    return Q(search_text__documented_on__gte=_utc_day(local_midnight(day)))


def _indexed_to(day: dt.date) -> Q:
    """Documented on or before the UTC day of the local end: every row ``_to`` keeps."""
    end = local_midnight(day + dt.timedelta(days=1))
    return Q(search_text__documented_on__lte=_utc_day(end))


def _tag(tag: TermRef) -> Exists:
    return Exists(ViolationTag.objects.filter(violation=OuterRef("pk"), tag_id=tag.id))


def search_words(text: str) -> list[str]:
    """The words of a search, folded like the index (``match_key``), at most eight."""
    return match_key(text).split()[:MAX_QUERY_WORDS]


def _search(text: str) -> Q:
    """Every word must appear in the violation's public text (any language), spelling
    variants folded. On PostgreSQL a trigram index serves the LIKE."""
    condition = Q()
    for word in search_words(text):
        condition &= Q(search_text__text__contains=word)
    return condition


# The escalation outcome filter: the outcome of the violation's latest attempt (the last one
# sent, to any platform), "open" while it has none, "not_escalated" when never sent.
OPEN = "open"
NOT_ESCALATED = "not_escalated"
OUTCOME_VALUES = (*Outcome.values, OPEN, NOT_ESCALATED)


def _outcome_field() -> forms.Field:
    return forms.ChoiceField(
        required=False,
        choices=[
            ("", _("All")),
            *Outcome.choices,
            (OPEN, _("Escalated, waiting for the outcome")),
            (NOT_ESCALATED, _("Not escalated")),
        ],
        error_messages={"invalid_choice": _("There is no such outcome.")},
    )


def _outcome(value: str) -> Any:  # a boolean expression
    latest = LatestOutcome.objects.filter(violation=OuterRef("pk"))
    if value == NOT_ESCALATED:
        return ~Exists(latest)
    # One row per escalated violation with its latest attempt's outcome (kept by the
    # escalation services): PostgreSQL joins it with its own statistics of the outcomes. As a
    # scalar subquery on the attempts it was estimated at 0.5 % of the rows whatever the
    # value, and "open" with a platform read that platform's every violation (392 ms a page
    # at a million violations; docs/performance.md).
    return Exists(latest.filter(outcome="" if value == OPEN else value))


def _term(name: str, model: type[Term], label: Promise) -> Filter:
    return Filter(
        name=name,
        label=label,
        field=_term_field(model),
        condition=lambda term: Q(**{f"{name}_id": term.id}),
        kind="term",
        help=f"Slug of a {model._meta.model_name} (see /api/v1/taxonomy).",
        model=model,
        indexed=(
            (lambda term: Q(**{f"search_text__{name}_id": term.id}))
            if name in INDEXED_TERMS
            else None
        ),
    )


FILTERS: tuple[Filter, ...] = (
    Filter(
        "q",
        _("Search"),
        _text_field,
        _search,
        "text",
        help="Words of the public summary, in Arabic, English or Hebrew (spelling variants "
        "folded: hamza forms, taa marbuta, alef maqsura, tatweel, diacritics, niqqud, final "
        "letters).",
        for_stats=False,
    ),
    Filter(
        "from",
        _("Documented from"),
        _date_field,
        _from,
        "date",
        help="YYYY-MM-DD",
        indexed=_indexed_from,
    ),
    Filter(
        "to",
        _("Documented until"),
        _date_field,
        _to,
        "date",
        help="YYYY-MM-DD",
        indexed=_indexed_to,
    ),
    _term("violation_type", ViolationType, _("Violation type")),
    _term("platform", Platform, _("Platform")),
    _term("perpetrator_type", PerpetratorType, _("Perpetrator")),
    _term("victim_type", VictimType, _("Victim type")),
    _term("region", Region, _("Region")),
    Filter(
        "tag",
        _("Tag"),
        _term_field(Tag),
        _tag,
        "term",
        help="Slug of a tag (see /api/v1/taxonomy).",
        model=Tag,
    ),
    _term("crisis_period", CrisisPeriod, _("Crisis period")),
    Filter(
        "outcome",
        _("Escalation outcome"),
        _outcome_field,
        _outcome,
        "choice",
        help="Outcome of the violation's latest escalation to a platform; `open` while it "
        "has none, `not_escalated` when it was never escalated.",
        choices=OUTCOME_VALUES,
    ),
)

FILTER_NAMES = tuple(f.name for f in FILTERS)


class Sort:
    NEWEST = "newest"
    OLDEST = "oldest"
    OCCURRED = "occurred"

    CHOICES = [
        (NEWEST, _("Newest documented first")),
        (OLDEST, _("Oldest documented first")),
        (OCCURRED, _("Most recent incident first")),
    ]
    ORDER: Mapping[str, tuple[Any, ...]] = {
        NEWEST: ("-documented_at", "-pk"),
        OLDEST: ("documented_at", "pk"),
        # Cases without an incident date last, on every database.
        OCCURRED: (F("occurred_on").desc(nulls_last=True), "-documented_at", "-pk"),
    }


class PublicFilter(forms.Form):
    """The filters of the public database; ``for_stats`` leaves out search and sort, and
    takes whole months: ``from`` becomes the first day of its month and ``to`` the last
    (docs/statistics.md, "Small numbers"). The database of published violations keeps days."""

    def __init__(self, data: Mapping[str, Any] | None = None, *, for_stats: bool = False) -> None:
        super().__init__(data if data is not None else {})
        self.for_stats = for_stats
        for spec in self.specs():
            field = spec.field()
            field.label = str(spec.label)
            self.fields[spec.name] = field
        if not for_stats:
            self.fields["sort"] = forms.ChoiceField(
                label=_("Sort"), required=False, choices=Sort.CHOICES
            )

    def specs(self) -> tuple[Filter, ...]:
        return tuple(f for f in FILTERS if f.for_stats or not self.for_stats)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end of the period is before its start."))
        elif self.for_stats:
            if start:
                data["from"] = month_first(start)
            if end:
                data["to"] = min(month_last(end), LATEST)
        return data

    def for_statistics(self) -> PublicFilter:
        """These filters as the statistics take them (whole months, no search words): the
        statistics selectors ask every question through this, whoever built the filters."""
        if self.for_stats:
            return self
        data = {k: v for k, v in QueryDict(self.query_string(stats=True)).items()}
        return PublicFilter(data, for_stats=True)

    def values(self) -> dict[str, Any]:
        """The filters in force, by name (valid forms only)."""
        if not self.is_valid():
            return {}
        return {
            spec.name: self.cleaned_data[spec.name]
            for spec in self.specs()
            if self.cleaned_data.get(spec.name) not in (None, "")
        }

    def apply(
        self, violations: QuerySet[Violation], *, leave_out: tuple[str, ...] = ()
    ) -> QuerySet[Violation]:
        values = self.values()
        searching = "q" not in leave_out and bool(search_words(values.get("q") or ""))
        for spec in self.specs():
            if spec.name in values and spec.name not in leave_out:
                violations = violations.filter(spec.condition(values[spec.name]))
                if searching and spec.indexed is not None:
                    violations = violations.filter(spec.indexed(values[spec.name]))
        return violations

    @property
    def sort(self) -> str:
        if self.for_stats or not self.is_valid():
            return Sort.NEWEST
        return self.cleaned_data.get("sort") or Sort.NEWEST

    def query_string(self, *, stats: bool = False, **overrides: Any) -> str:
        """The filters in force as a URL query (for shareable links, exports, pages); with
        ``stats``, only those the statistics take."""
        query = QueryDict(mutable=True)
        stats_names = {f.name for f in FILTERS if f.for_stats}
        for name, value in self.values().items():
            if not stats or name in stats_names:
                query[name] = _plain(value)
        if not stats and not self.for_stats and self.sort != Sort.NEWEST:
            query["sort"] = self.sort
        for name, value in overrides.items():
            if value in (None, ""):
                query.pop(name, None)
            else:
                query[name] = str(value)
        return query.urlencode()

    def controls(self) -> list[dict[str, Any]]:
        """The fields as plain data for the filter form: rendering Django's select widgets
        option by option costs more than the whole query of a page."""
        out = []
        for name, field in self.fields.items():
            raw = self.data.get(name, "") if self.is_bound else ""
            value = raw if isinstance(raw, str) else ""
            control: dict[str, Any] = {
                "name": name,
                "id": f"id_{name}",
                "label": field.label,
                "value": value,
                "errors": [str(e) for e in self.errors.get(name, [])],
            }
            if isinstance(field, forms.ChoiceField):
                choices: Any = field.choices
                control["options"] = [
                    (str(key), str(label), str(key) == value) for key, label in choices
                ]
            else:
                control["type"] = "date" if isinstance(field, forms.DateField) else "search"
            out.append(control)
        return out

    def errors_by_name(self) -> dict[str, list[str]]:
        return {name: [str(m) for m in messages] for name, messages in self.errors.items()}


def _plain(value: Any) -> str:
    if isinstance(value, TermRef):
        return value.slug
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
