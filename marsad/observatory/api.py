"""Public read API of the observatory under /api/v1/: published violations (with the same
filters as the database page and the exports), one violation, statistics and the taxonomy.
No authentication; rate-limited per client; CORS allows other sites to read it (GET only)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import create_model

from marsad.core.replica import public_read_api
from marsad.observatory import selectors
from marsad.observatory.access import limit_api
from marsad.observatory.errors import InvalidFilters
from marsad.observatory.filters import FILTERS, Filter, PublicFilter, Sort

router = Router(tags=["observatory"])

SLUG = r"^[-a-zA-Z0-9_]+$"
Language = Literal["ar", "en", "he"]
SortName = Literal["newest", "oldest", "occurred"]
VocabularyName = Literal[
    "violation_type_group",
    "violation_type",
    "platform",
    "perpetrator_type",
    "victim_type",
    "region",
    "tag",
    "crisis_period",
]


def _filter_field(spec: Filter) -> Any:
    kind, description, alias = spec.kind, spec.help, spec.name
    if kind == "choice":
        values: Any = Literal.__getitem__(spec.choices)
        return (values | None, Field(None, alias=alias, description=description))
    if kind == "date":
        return (dt.date | None, Field(None, alias=alias, description=description))
    if kind == "term":
        return (
            str | None,
            Field(None, alias=alias, max_length=60, pattern=SLUG, description=description),
        )
    return (str | None, Field(None, alias=alias, max_length=200, description=description))


# The query parameters of the filter set, generated from ``filters.FILTERS`` so that the API
# cannot drift from the pages (a new filter there is a new parameter here).
_STATS_FILTERS = {f.name: f for f in FILTERS if f.for_stats}
ViolationQuery = create_model(
    "ViolationQuery",
    __base__=Schema,
    **{f"f_{spec.name}": _filter_field(spec) for spec in FILTERS},
    sort=(SortName, Field(Sort.NEWEST, description="Order of the list.")),
    lang=(Language, Field("ar", description="Language of the labels.")),
    limit=(int, Field(20, ge=1, le=100)),
    offset=(int, Field(0, ge=0, le=10_000)),
)
StatsQuery = create_model(
    "StatsQuery",
    __base__=Schema,
    **{f"f_{spec.name}": _filter_field(spec) for spec in _STATS_FILTERS.values()},
    lang=(Language, Field("ar", description="Language of the labels.")),
)


def _filters(query: Schema, *, for_stats: bool) -> PublicFilter:
    data: dict[str, str] = {}
    for name, value in query.model_dump(by_alias=True).items():
        if name in {spec.name for spec in FILTERS} and value not in (None, ""):
            data[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    if not for_stats:
        data["sort"] = query.sort  # type: ignore[attr-defined]
    filters = PublicFilter(data, for_stats=for_stats)
    if not filters.is_valid():
        raise InvalidFilters(filters.errors_by_name())
    return filters


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]] | None = None


class TermOut(Schema):
    slug: str
    label: str


class ViolationOut(Schema):
    id: int = Field(..., description="Stable identifier.")
    url: str = Field(..., description="Stable public page.")
    documented_on: dt.date
    occurred_on: dt.date | None
    occurred_on_approximate: bool
    violation_type: TermOut | None
    platform: TermOut | None
    perpetrator_type: TermOut | None
    victim_type: TermOut | None
    region: TermOut | None
    crisis_period: TermOut | None
    tags: list[TermOut]
    summaries: dict[str, str] = Field(..., description="Public summary by language code.")


class ViolationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ViolationOut]


ROUNDED = (
    "The published violations (or cases) it covers, exactly, plus the unpublished ones rounded "
    "down to a multiple of `rounding`: the true count is this to this + `rounding` - 1. Null "
    "when that is 0: no published one and fewer than `min_cell` others (zero included)."
)


class CellOut(Schema):
    key: str = Field(..., description="Term slug, month (YYYY-MM) or outcome; empty: not recorded.")
    label: str
    count: int | None = Field(..., ge=0, description=ROUNDED)
    protected: bool = Field(..., description="Whether `count` is withheld (null).")


class Rounding(Schema):
    """What every figure of the statistics endpoints shares (docs/statistics.md)."""

    from_: dt.date | None = Field(
        None, alias="from", description="First day of the period used (a whole month)."
    )
    to: dt.date | None = Field(None, description="Last day of the period used (a whole month).")
    min_cell: int = Field(
        ...,
        description="Unpublished violations are counted in multiples of this; a rate or a "
        "response time of fewer cases is withheld (null).",
    )
    rounding: int = Field(
        ...,
        description="The unpublished part of every count is rounded down to a multiple of "
        "this; the published part is exact.",
    )


class SummaryOut(Rounding):
    documented: int | None = Field(..., description=ROUNDED)
    documented_protected: bool
    by_type: list[CellOut] = Field(..., description="Every violation type, largest first.")
    by_platform: list[CellOut] = Field(..., description="Every platform, largest first.")
    escalated: int | None = Field(
        ...,
        description="Escalated cases whose first attempt was sent in the period. " + ROUNDED,
    )
    escalated_protected: bool
    restored: int | None = Field(
        ...,
        description="Removal, suspension and restriction cases restored or partially restored. "
        + ROUNDED,
    )
    with_final_outcome: int | None = Field(
        ...,
        description="Removal, suspension and restriction cases with a final outcome. " + ROUNDED,
    )
    recovery_rate: float | None = Field(
        ...,
        ge=0,
        le=1,
        description="restored / with_final_outcome as given here; null (and "
        "`recovery_withheld`) while either is null or below min_cell.",
    )
    recovery_withheld: bool


class PlatformEscalationsOut(Schema):
    label: str
    escalated: int | None = Field(..., description=ROUNDED)
    restored: int | None = Field(..., description=ROUNDED)
    with_final_outcome: int | None = Field(..., description=ROUNDED)
    recovery_rate: float | None = Field(
        ...,
        ge=0,
        le=1,
        description="restored / with_final_outcome as given here; null (and "
        "`recovery_withheld`) while either is null or below min_cell.",
    )
    median_days: int | None = Field(
        ...,
        description="Days to the first answer: over every answered case when at least "
        "min_cell of them are unpublished, else over the published ones; null (and "
        "`times_withheld`) when that leaves fewer than min_cell cases.",
    )
    p90_days: int | None = Field(..., description="Like `median_days`.")
    recovery_withheld: bool
    times_withheld: bool


class EscalationsOut(Rounding):
    escalated: int | None = Field(..., description=ROUNDED)
    escalated_protected: bool
    outcomes: list[CellOut] = Field(..., description="Every outcome, largest first.")
    by_platform: list[PlatformEscalationsOut] = Field(
        ...,
        description="The platforms whose `escalated` is not null; every other platform has "
        "no published case and fewer than min_cell others (zero included).",
    )
    total: PlatformEscalationsOut


class BreakdownsOut(Rounding):
    documented: int | None = Field(..., description=ROUNDED)
    documented_protected: bool
    months: list[CellOut] = Field(
        ...,
        description="Every month of the period (without `from`: from January of the year in "
        "which the count of every month so far is first not null; without `to`: up to the "
        "current month).",
    )
    breakdowns: dict[str, list[CellOut]] = Field(
        ..., description="Every category of each vocabulary, largest first."
    )


class TaxonomyTerm(Schema):
    slug: str
    active: bool
    labels: dict[str, str]
    group: str | None = None


def _term(pair: tuple[str, str]) -> dict[str, str] | None:
    return {"slug": pair[0], "label": pair[1]} if pair[0] else None


def _out(item: selectors.PublicItem, prefix: str) -> dict[str, Any]:
    violation = item.violation
    tz = timezone.get_current_timezone()
    return {
        "id": violation.pk,
        "url": f"{prefix}{violation.pk}/",
        "documented_on": violation.documented_at.astimezone(tz).date()
        if violation.documented_at
        else None,
        "occurred_on": violation.occurred_on,
        "occurred_on_approximate": violation.occurred_on_approximate,
        **{name: _term(pair) for name, pair in item.terms.items()},
        "tags": [{"slug": slug, "label": label} for slug, label in item.tags],
        "summaries": item.summaries,
    }


def _prefix(request: HttpRequest, language: str) -> str:
    with translation.override(language):
        return request.build_absolute_uri(reverse("observatory:violations"))


def _cells(cells: list[selectors.Cell]) -> list[dict[str, Any]]:
    return [
        {"key": c.key, "label": c.label, "count": c.count, "protected": c.protected} for c in cells
    ]


LIMITED = {400: Error, 429: Error}


@router.get(
    "/violations",
    response={200: ViolationPage, **LIMITED},
    summary="Published violations, filtered like the database page",
    description="The same filters as /ar/violations/ and its CSV, JSON and XLSX exports.",
)
def list_violations(request: HttpRequest, params: Query[ViolationQuery]) -> dict[str, Any]:  # type: ignore[valid-type]
    limit_api(request)
    query: Any = params
    with translation.override(query.lang):
        filters = _filters(query, for_stats=False)
        count = selectors.public_count(filters=filters)
        page = selectors.violation_page_public(
            filters=filters, offset=query.offset, limit=query.limit, count=count
        )
        prefix = _prefix(request, query.lang)
        items = [_out(item, prefix) for item in selectors.public_items(page)]
    return {"count": count, "limit": query.limit, "offset": query.offset, "items": items}


@router.get(
    "/violations/{violation_id}",
    response={200: ViolationOut, 404: Error, 429: Error},
    summary="One published violation",
)
def get_violation(
    request: HttpRequest,
    violation_id: int = Path(..., ge=1, le=2**62),
    lang: Language = "ar",
) -> Any:
    limit_api(request)
    violation = selectors.violation_public_get(violation_id)
    if violation is None:
        return Status(
            404, {"code": "observatory.not_found", "message": "No such published violation."}
        )
    with translation.override(lang):
        return _out(selectors.public_items([violation])[0], _prefix(request, lang))


SMALL_NUMBERS = (
    "Periods are whole months (`from` and `to` are moved to the first and last day of their "
    "month, and given back as used); every count is the published violations (or cases) it "
    "covers, exactly, plus the unpublished ones rounded down to a multiple of `rounding`, and "
    "is null (with a `…protected` flag) when that is 0, zero included (docs/statistics.md, "
    "Small numbers)."
)


def _rounding(filters: PublicFilter) -> dict[str, Any]:
    values = filters.values()
    k = settings.OBSERVATORY_MIN_CELL
    return {"from": values.get("from"), "to": values.get("to"), "min_cell": k, "rounding": k}


@router.get(
    "/stats/summary",
    response={200: SummaryOut, **LIMITED},
    by_alias=True,
    summary="Documented violations in a period, by type and by platform",
    description=(
        "`documented` counts every documented violation (published or not) by documented "
        "date. Takes the other filters of the database too. The escalation figures count "
        "cases by the date their first attempt was sent (docs/statistics.md, Escalations). "
        + SMALL_NUMBERS
    ),
)
def stats_summary(request: HttpRequest, params: Query[StatsQuery]) -> dict[str, Any]:  # type: ignore[valid-type]
    limit_api(request)
    query: Any = params
    with translation.override(query.lang):
        filters = _filters(query, for_stats=True)
        stats = selectors.statistics(filters=filters, only=["violation_type", "platform"])
        escalations = selectors.escalation_statistics(filters=filters)
    total = escalations.total_row
    return {
        **_rounding(filters),
        "documented": stats.total,
        "documented_protected": stats.total is None,
        "by_type": _cells(stats.breakdowns["violation_type"]),
        "by_platform": _cells(stats.breakdowns["platform"]),
        "escalated": escalations.escalated,
        "escalated_protected": escalations.escalated is None,
        "restored": total.restored,
        "with_final_outcome": total.with_final_outcome,
        "recovery_rate": total.recovery_rate,
        "recovery_withheld": total.recovery_withheld,
    }


@router.get(
    "/stats/breakdowns",
    response={200: BreakdownsOut, **LIMITED},
    by_alias=True,
    summary="Monthly series and every breakdown of the statistics page",
    description=SMALL_NUMBERS,
)
def stats_breakdowns(request: HttpRequest, params: Query[StatsQuery]) -> dict[str, Any]:  # type: ignore[valid-type]
    limit_api(request)
    query: Any = params
    with translation.override(query.lang):
        filters = _filters(query, for_stats=True)
        stats = selectors.statistics(filters=filters)
    return {
        **_rounding(filters),
        "documented": stats.total,
        "documented_protected": stats.total is None,
        "months": _cells(stats.months),
        "breakdowns": {name: _cells(cells) for name, cells in stats.breakdowns.items()},
    }


def _platform_out(row: selectors.PlatformEscalations) -> dict[str, Any]:
    return {
        "label": row.label,
        "escalated": row.escalated,
        "restored": row.restored,
        "with_final_outcome": row.with_final_outcome,
        "recovery_rate": row.recovery_rate,
        "median_days": row.median_days,
        "p90_days": row.p90_days,
        "recovery_withheld": row.recovery_withheld,
        "times_withheld": row.times_withheld,
    }


@router.get(
    "/stats/escalations",
    response={200: EscalationsOut, **LIMITED},
    by_alias=True,
    summary="Escalation outcomes, recovery rate and response times per platform",
    description=(
        "The figures of the statistics page (docs/statistics.md, Escalations): cases by the "
        "day their first attempt was sent. " + SMALL_NUMBERS
    ),
)
def stats_escalations(request: HttpRequest, params: Query[StatsQuery]) -> dict[str, Any]:  # type: ignore[valid-type]
    limit_api(request)
    query: Any = params
    with translation.override(query.lang):
        filters = _filters(query, for_stats=True)
        found = selectors.escalation_statistics(filters=filters)
    return {
        **_rounding(filters),
        "escalated": found.escalated,
        "escalated_protected": found.escalated is None,
        "outcomes": _cells(found.outcomes),
        "by_platform": [_platform_out(row) for row in found.platforms],
        "total": _platform_out(found.total_row),
    }


@router.get(
    "/taxonomy",
    response={200: dict[str, list[TaxonomyTerm]], 400: Error, 429: Error},
    summary="Every vocabulary (or one) with its labels in Arabic, English and Hebrew",
    description="Retired terms are included (`active: false`): old records keep them.",
)
def taxonomy(request: HttpRequest, vocabulary: VocabularyName | None = None) -> Any:
    limit_api(request)
    found = selectors.taxonomy_public()
    return {vocabulary: found[vocabulary]} if vocabulary else found


# Every operation above only reads published data: served from the read replica if there is one.
public_read_api(router)
