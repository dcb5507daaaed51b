"""The public statistics (docs/statistics.md, "Public observatory" and "Small numbers"): the
home page's yearly figures, the totals, monthly series and breakdowns of the statistics
page and ``/api/v1/stats/…``, and the escalation figures, every count shown by the
small-number rule (``marsad.observatory.disclosure``). The exact counts, each with how many
of them are published (counted in the same query), stay in the cache and never leave this
module. Re-exported by ``marsad.observatory.selectors``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marsad.cases.models import Violation
from marsad.core.replica import reading_connection
from marsad.escalations.choices import Outcome
from marsad.escalations.selectors import (
    EscalationFigures,
    OutcomeMix,
    Period,
    Rate,
    ResponseTimes,
    escalation_figures_by_platform,
)
from marsad.observatory.caching import cached
from marsad.observatory.disclosure import (
    Cell,
    public_cells,
    public_rate,
    rounded,
    series_months,
    times_basis,
)
from marsad.observatory.filters import EARLIEST, LATEST, OPEN, PublicFilter
from marsad.observatory.terms import term_labels
from marsad.taxonomy.models import (
    PerpetratorType,
    Platform,
    Region,
    Term,
    VictimType,
    ViolationType,
)


@dataclass(frozen=True)
class YearFigure:
    year: int
    documented: int | None  # by the small-number rule (``disclosure.rounded``); None: withheld


def home_figures(*, years: int = 2) -> list[YearFigure]:
    """Documented violations for the current year and the ones before it, shown like every
    public figure (``disclosure``): one query a year counts them and their published ones."""
    this_year = timezone.localdate().year
    figures = []
    for year in range(this_year, this_year - years, -1):
        period = Period.year(year)
        found = (
            Violation.objects.counted()
            .filter(documented_at__gte=period.start, documented_at__lt=period.end)
            .aggregate(n=Count("pk"), published=PUBLISHED)
        )
        shown = rounded(found["n"], published=found["published"])
        figures.append(YearFigure(year=year, documented=shown))
    return figures


# --- Statistics -------------------------------------------------------------------------------
# Every figure below passes through ``disclosure`` (docs/statistics.md, "Small numbers"): the
# raw counts stay in the cache, and only figures shown by the rule leave this module.


@dataclass(frozen=True)
class Breakdown:
    name: str
    title: Promise
    field: str  # the Violation field grouped by
    model: type[Term]


# The breakdowns of the statistics pages and the API, in order. The escalation outcome mix
# counts cases, not violations: it comes from ``escalation_statistics`` below.
BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown("violation_type", _("By violation type"), "violation_type", ViolationType),
    Breakdown("platform", _("By platform"), "platform", Platform),
    Breakdown("perpetrator_type", _("By perpetrator"), "perpetrator_type", PerpetratorType),
    Breakdown("victim_type", _("By victim type"), "victim_type", VictimType),
    Breakdown("region", _("By region"), "region", Region),
)
BREAKDOWN_NAMES = tuple(b.name for b in BREAKDOWNS)


def _counted(filters: PublicFilter) -> QuerySet[Violation]:
    return filters.apply(Violation.objects.counted())


# How many of the violations counted are published, beside their count in the same query
# (the small-number rule shows those exactly: ``disclosure.rounded``).
PUBLISHED = Count("pk", filter=Q(is_published=True))


@dataclass
class Statistics:
    """The public statistics for one question: every count shown by the small-number rule
    (``disclosure.rounded``)."""

    total: int | None
    start: dt.date | None  # the period asked, in whole months (None: open)
    end: dt.date | None
    months: list[Cell] = field(default_factory=list)
    breakdowns: dict[str, list[Cell]] = field(default_factory=dict)


def _month_query(filters: PublicFilter) -> QuerySet[Any]:
    tz = ZoneInfo(settings.TIME_ZONE)
    return _counted(filters).annotate(month=TruncMonth("documented_at", tzinfo=tz))


def _month_key(month: dt.datetime | dt.date) -> str:
    if isinstance(month, dt.datetime) and month.tzinfo is not None:
        month = month.astimezone(ZoneInfo(settings.TIME_ZONE))
    return month.strftime("%Y-%m")


def _raw_statistics_each(filters: PublicFilter) -> dict[str, Any]:
    """One query per figure (any database), each counting the published violations too."""
    rows = (
        _month_query(filters)
        .values_list("month")
        .annotate(n=Count("pk"), published=PUBLISHED)
        .order_by()
    )
    total = _counted(filters).aggregate(n=Count("pk"), published=PUBLISHED)
    return {
        "total": (total["n"], total["published"]),
        "months": {_month_key(month): (n, p) for month, n, p in rows},
        "breakdowns": {
            b.name: list(
                _counted(filters)
                .values_list(f"{b.field}_id")
                .annotate(n=Count("pk"), published=PUBLISHED)
                .order_by()
            )
            for b in BREAKDOWNS
        },
    }


def _raw_statistics_grouping_sets(filters: PublicFilter) -> dict[str, Any]:
    """Every figure in one pass over the rows (PostgreSQL's GROUPING SETS): the total, the
    months and each breakdown are sets of the same GROUP BY, each counting its published
    violations too (``FILTER``)."""
    columns = ["month", *(f"{b.field}_id" for b in BREAKDOWNS)]
    inner = _month_query(filters).values_list(*columns, "is_published")
    sql, params = inner.query.sql_with_params()
    names = ", ".join(f"s.{c}" for c in columns)
    flags = ", ".join(f"GROUPING(s.{c})" for c in columns)
    sets = ", ".join(f"(s.{c})" for c in columns)
    # Column names are ours (BREAKDOWNS); every value is a bound parameter of ``params``.
    select = (
        f"SELECT {names}, {flags}, COUNT(*), "  # noqa: S608  # nosec B608
        f"COUNT(*) FILTER (WHERE s.is_published) FROM ({sql}) AS s"
    )
    query = f"{select} GROUP BY GROUPING SETS ({sets}, ())"
    total = (0, 0)
    months: dict[str, tuple[int, int]] = {}
    breakdowns: dict[str, list[tuple[int | None, int, int]]] = {b.name: [] for b in BREAKDOWNS}
    with reading_connection().cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            values, grouped = row[: len(columns)], row[len(columns) : -2]
            n, published = row[-2:]
            if all(grouped):
                total = (n, published)
            elif not grouped[0]:
                months[_month_key(values[0])] = (n, published)
            else:
                index = list(grouped).index(0)
                breakdowns[BREAKDOWNS[index - 1].name].append((values[index], n, published))
    return {"total": total, "months": months, "breakdowns": breakdowns}


def _raw_statistics(filters: PublicFilter) -> dict[str, Any]:
    """The exact counts, each with how many of them are published: ``(n, published)``
    (language-independent, cached; never shown as they are)."""
    if reading_connection().vendor == "postgresql":
        return _raw_statistics_grouping_sets(filters)
    return _raw_statistics_each(filters)


def _categories(model: type[Term]) -> list[tuple[str, str]]:
    """Every category of a breakdown: the vocabulary's terms in its order, then "not
    recorded" (a breakdown lists them all, so that no list says which ones are empty)."""
    terms = [(slug, label) for slug, label in term_labels(model).values()]
    return [*terms, ("", str(_("Not recorded")))]


def statistics(*, filters: PublicFilter, only: Sequence[str] | None = None) -> Statistics:
    """The public statistics for these filters, asked for whole months: total, monthly
    series and breakdowns, every count shown by the small-number rule. The exact counts
    are cached until a violation changes."""
    filters = filters.for_statistics()
    values = filters.values()
    raw = cached(
        "stats",
        filters.query_string(),
        lambda: _raw_statistics(filters),
        per_language=False,
        stale_while_computing=True,
        refresh=True,
    )
    start, end = values.get("from"), values.get("to")
    n, published = raw["total"]
    stats = Statistics(total=rounded(n, published=published), start=start, end=end)
    months = series_months(
        {key: n for key, (n, _p) in raw["months"].items()},
        published={key: p for key, (_n, p) in raw["months"].items()},
        start=start,
        end=end,
        today=timezone.localdate(),
    )
    stats.months = [Cell(key, _month_label(key), rounded(n, published=p)) for key, n, p in months]
    for breakdown in BREAKDOWNS:
        if only is not None and breakdown.name not in only:
            continue
        labels = term_labels(breakdown.model)
        counts: dict[str, int] = {}
        published_counts: dict[str, int] = {}
        for term_id, n, p in raw["breakdowns"][breakdown.name]:
            slug = labels.get(term_id, ("", ""))[0]
            counts[slug] = counts.get(slug, 0) + n
            published_counts[slug] = published_counts.get(slug, 0) + p
        stats.breakdowns[breakdown.name] = public_cells(
            counts, _categories(breakdown.model), published=published_counts
        )
    return stats


# --- Escalations (defined in docs/statistics.md, "Escalations"; computed there) ---------------


@dataclass(frozen=True)
class PlatformEscalations:
    """One row of the per-platform table: the figures of ``marsad.escalations.selectors``,
    shown by the small-number rule (None: withheld)."""

    label: str
    escalated: int | None
    recovery_percent: int | None
    restored: int | None
    with_final_outcome: int | None
    median_days: int | None
    p90_days: int | None
    recovery_withheld: bool
    times_withheld: bool

    @property
    def recovery_rate(self) -> float | None:
        """restored / with_final_outcome as shown; None when withheld or nothing is final."""
        if self.recovery_withheld or not self.with_final_outcome or self.restored is None:
            return None
        return self.restored / self.with_final_outcome


@dataclass(frozen=True)
class EscalationStatistics:
    escalated: int | None
    outcomes: list[Cell]  # every outcome
    platforms: list[PlatformEscalations]  # the platforms whose count is not withheld
    total_row: PlatformEscalations


def escalation_period(filters: PublicFilter) -> Period | None:
    """The period of the filters, for escalated cases: by the day the first attempt was sent."""
    values = filters.for_statistics().values()
    start, end = values.get("from"), values.get("to")
    if start is None and end is None:
        return None
    return Period.days(start or EARLIEST, end or LATEST)


# What nothing published looks like (figures made without their published part).
NOTHING_PUBLISHED = EscalationFigures(
    platform=None,
    escalated=0,
    answered=0,
    response=ResponseTimes(0, None, None),
    outcomes=OutcomeMix({}),
    recovery=Rate(0, 0),
    removal=Rate(0, 0),
)


def _platform_row(figures: EscalationFigures, label: str, k: int) -> PlatformEscalations:
    """A row with every count shown by the rule (its cases of published violations exactly,
    the others rounded down); the recovery rate is that of the two counts shown, withheld
    while either is below k; the response times are those of ``times_basis``."""
    published = figures.published or NOTHING_PUBLISHED
    escalated = rounded(figures.escalated, k, published=published.escalated)
    restored = rounded(figures.recovery.numerator, k, published=published.recovery.numerator)
    final = rounded(figures.recovery.denominator, k, published=published.recovery.denominator)
    rate = public_rate(restored, final, k)
    basis = times_basis(figures.response.answered, published.response.answered, k)
    times = {"all": figures.response, "published": published.response}.get(basis or "")
    return PlatformEscalations(
        label=label,
        escalated=escalated,
        recovery_percent=None if rate is None else rate.percent,
        restored=restored,
        with_final_outcome=final,
        median_days=None if times is None else times.median_days,
        p90_days=None if times is None else times.p90_days,
        recovery_withheld=rate is None,
        times_withheld=times is None,
    )


def escalation_statistics(*, filters: PublicFilter) -> EscalationStatistics:
    """The escalation figures of the statistics page and ``/api/v1/stats/…``: the cases of
    the documented violations that match the filters (other than the period), whose first
    attempt was sent in the period (whole months). Every figure comes from
    ``escalation_figures_by_platform`` (with its part for published violations, in the same
    statement); here only the small-number rule is applied: every count shown by
    ``rounded``, every outcome listed, the platforms with a figure in a row each."""
    k = settings.OBSERVATORY_MIN_CELL
    filters = filters.for_statistics()
    violations: Any = filters.apply(Violation.objects.counted(), leave_out=("from", "to"))
    # Cached like the other aggregates until a violation or an escalation changes (the
    # escalation services drop the cache too): computing them reads every escalated case.
    rows, total = cached(
        "escalations",
        filters.query_string(),
        lambda: escalation_figures_by_platform(violations, period=escalation_period(filters)),
        per_language=False,
        stale_while_computing=True,
        refresh=True,
    )
    labels = dict(Outcome.choices)
    labels[OPEN] = _("Waiting for the outcome")
    outcomes = public_cells(
        total.outcomes.counts,
        [(key, str(label)) for key, label in labels.items()],
        k,
        published=(total.published or NOTHING_PUBLISHED).outcomes.counts,
    )
    # Platforms with a figure (not withheld), by it, equal ones in the vocabulary's order
    # (an order by the exact count would tell what the rounding hides).
    order = {pk: i for i, pk in enumerate(term_labels(Platform))}
    ranked = sorted(
        (
            (_platform_row(row, str(row.platform), k), order.get(row.platform.pk, len(order)))
            for row in rows
            if row.platform is not None
        ),
        key=lambda pair: (-(pair[0].escalated or 0), pair[1]),
    )
    platforms = [row for row, _position in ranked if row.escalated is not None]
    total_row = _platform_row(total, str(_("All platforms")), k)
    return EscalationStatistics(total_row.escalated, outcomes, platforms, total_row)


def _month_label(key: str) -> str:
    return date_format(dt.date.fromisoformat(key + "-01"), "YEAR_MONTH_FORMAT")
