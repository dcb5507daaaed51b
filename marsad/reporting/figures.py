"""Every figure of a quarterly or annual report, computed from the data once and kept in the
report's snapshot as plain JSON (docs/statistics.md, "Reports").

Each figure is one of the definitions of docs/statistics.md, read through the selectors that
define it: violations are ``Violation.objects.counted()`` by documented date, escalated
cases are ``escalation_figures_by_platform`` (by the day the first attempt was sent), the
organisation's work is ``activity_figures``. Nothing here rounds or protects: the snapshot
keeps exact counts (each equal to its database query) and, beside them, how many of each are
published (counted in the same queries), and the public site's small-number rule is applied
when a report is drawn (``marsad.reporting.shown``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation

from marsad.activities.models import Milestone
from marsad.activities.selectors import activity_figures, shown
from marsad.cases.models import PublicSummary, Violation
from marsad.core.periods import Period
from marsad.escalations.choices import Outcome
from marsad.escalations.selectors import EscalationFigures, escalation_figures_by_platform
from marsad.escalations.selectors import Period as EscalationPeriod
from marsad.intake.choices import TriageState
from marsad.intake.models import Report as IntakeReport
from marsad.observatory.selectors import published_violations
from marsad.observatory.terms import term_labels
from marsad.reporting.choices import LANGUAGES, ReportKind
from marsad.reporting.errors import BadPeriod
from marsad.taxonomy.models import (
    PerpetratorType,
    Platform,
    Region,
    Term,
    VictimType,
    ViolationType,
)

FORMAT = 1
NOTABLE_LIMIT = 12

# The breakdowns, in the order of the report (the violation's own fields).
DIMENSIONS: dict[str, type[Term]] = {
    "violation_type": ViolationType,
    "platform": Platform,
    "perpetrator_type": PerpetratorType,
    "victim_type": VictimType,
    "region": Region,
}
# The main cross-tabulations: rows × columns.
CROSSTABS: tuple[tuple[str, str], ...] = (
    ("violation_type", "platform"),
    ("violation_type", "perpetrator_type"),
    ("violation_type", "victim_type"),
    ("region", "violation_type"),
)
# Outcomes in which a platform did what was asked of it ("positive responses").
POSITIVE_OUTCOMES = (
    Outcome.RESTORED,
    Outcome.PARTIALLY_RESTORED,
    Outcome.ACCOUNT_SECURED,
    Outcome.CONTENT_REMOVED,
)

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class ReportPeriod:
    """A quarter (``quarter`` 1–4) or a year (``quarter`` 0) and the periods compared with it."""

    kind: str
    year: int
    quarter: int = 0

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def period(self) -> Period:
        if self.kind == ReportKind.QUARTERLY:
            return Period.quarter(self.year, self.quarter)
        return Period.year(self.year)

    @property
    def previous(self) -> ReportPeriod:
        """The quarter (or year) just before."""
        if self.kind == ReportKind.ANNUAL:
            return ReportPeriod(self.kind, self.year - 1)
        if self.quarter == 1:
            return ReportPeriod(self.kind, self.year - 1, 4)
        return ReportPeriod(self.kind, self.year, self.quarter - 1)

    @property
    def year_before(self) -> ReportPeriod | None:
        """The same quarter a year earlier (quarterly reports only)."""
        if self.kind == ReportKind.ANNUAL:
            return None
        return ReportPeriod(self.kind, self.year - 1, self.quarter)

    def months(self) -> list[str]:
        period = self.period
        keys = []
        year, month = period.start.year, period.start.month
        while dt.date(year, month, 1) < period.end:
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys


QUARTER_CODE = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]\s*([1-4])\s*$")
YEAR_CODE = re.compile(r"^\s*(\d{4})\s*$")


def parse_period(kind: str, text: str) -> ReportPeriod:
    """``quarterly 2022-Q3`` or ``annual 2022``; anything else is ``BadPeriod``."""
    pattern = QUARTER_CODE if kind == ReportKind.QUARTERLY else YEAR_CODE
    if kind not in ReportKind.values or not (match := pattern.match(text or "")):
        raise BadPeriod
    year = int(match.group(1))
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise BadPeriod
    return ReportPeriod(kind, year, int(match.group(2)) if kind == ReportKind.QUARTERLY else 0)


# --- Violations ------------------------------------------------------------------------------


def documented_in(period: Period) -> QuerySet[Violation]:
    """The violations counted in a period, by their documented date."""
    start, end = period.moments()
    return Violation.objects.counted().filter(documented_at__gte=start, documented_at__lt=end)


def _month_key(month: dt.datetime | dt.date) -> str:
    if isinstance(month, dt.datetime) and month.tzinfo is not None:
        month = month.astimezone(ZoneInfo(settings.TIME_ZONE))
    return month.strftime("%Y-%m")


# How many of the violations counted are published, counted beside them in the same query:
# a report shows those exactly and rounds the rest (``shown``; docs/statistics.md).
PUBLISHED = Count("pk", filter=Q(is_published=True))


def grouped_counts(
    rows: QuerySet[Any], sets: Sequence[tuple[str, ...]]
) -> dict[tuple[str, ...], list[tuple[tuple[Any, ...], int, int]]]:
    """Counts of ``rows`` grouped by each set of columns, each with how many of them are
    published: in one pass with GROUPING SETS on PostgreSQL, one query per set elsewhere.
    Returns ``{set: [(values, count, published), ...]}``."""
    found: dict[tuple[str, ...], list[tuple[tuple[Any, ...], int, int]]] = {s: [] for s in sets}
    if connection.vendor != "postgresql":
        for grouping in sets:
            counted = rows.values_list(*grouping).annotate(n=Count("pk"), published=PUBLISHED)
            for *values, n, published in counted.order_by():
                found[grouping].append((tuple(values), n, published))
        return found
    columns = list(dict.fromkeys(c for s in sets for c in s))
    sql, params = rows.values_list(*columns, "is_published").query.sql_with_params()
    names = ", ".join(f"s.{c}" for c in columns)
    flags = ", ".join(f"GROUPING(s.{c})" for c in columns)
    groups = ", ".join("(" + ", ".join(f"s.{c}" for c in s) + ")" for s in sets)
    # The column names are ours (DIMENSIONS and "month"); every value is a bound parameter.
    query = (
        f"SELECT {names}, {flags}, COUNT(*), "  # noqa: S608  # nosec B608
        f"COUNT(*) FILTER (WHERE s.is_published) FROM ({sql}) AS s "
        f"GROUP BY GROUPING SETS ({groups})"
    )
    by_columns = {frozenset(s): s for s in sets}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for row in cursor.fetchall():
            values, grouped = row[: len(columns)], row[len(columns) : -2]
            n, published = row[-2:]
            present = frozenset(c for c, g in zip(columns, grouped, strict=True) if not g)
            chosen = by_columns[present]
            found[chosen].append((tuple(values[columns.index(c)] for c in chosen), n, published))
    return found


def _slugs(model: type[Term]) -> dict[int, str]:
    return {pk: slug for pk, (slug, _label) in term_labels(model).items()}


def _ordered(counts: dict[str, int], model: type[Term]) -> list[list[Any]]:
    """``[[slug, n], ...]`` largest first, ties in the vocabulary's order ("" = not recorded)."""
    order = {slug: i for i, slug in enumerate(_slugs(model).values())}
    return [
        [slug, n]
        for slug, n in sorted(counts.items(), key=lambda p: (-p[1], order.get(p[0], 10**6)))
    ]


def _period_counts(period: Period) -> tuple[int, int]:
    """The violations documented in a period and the published ones among them (one query)."""
    found = documented_in(period).aggregate(n=Count("pk"), published=PUBLISHED)
    return int(found["n"]), int(found["published"])


def violation_figures(rp: ReportPeriod) -> dict[str, Any]:
    """The exact counts, and beside them (``published``) how many of each are published, in
    the same queries."""
    tz = ZoneInfo(settings.TIME_ZONE)
    rows = documented_in(rp.period).annotate(month=TruncMonth("documented_at", tzinfo=tz))
    fields = {name: f"{name}_id" for name in DIMENSIONS}
    sets: list[tuple[str, ...]] = [
        ("month",),
        *((fields[name],) for name in DIMENSIONS),
        *((fields[a], fields[b]) for a, b in CROSSTABS),
    ]
    counts = grouped_counts(rows, sets)
    slugs = {name: _slugs(model) for name, model in DIMENSIONS.items()}
    months = dict.fromkeys(rp.months(), 0)
    months_published = dict.fromkeys(rp.months(), 0)
    for (month,), n, p in counts[("month",)]:
        months[_month_key(month)] = months.get(_month_key(month), 0) + n
        months_published[_month_key(month)] = months_published.get(_month_key(month), 0) + p
    breakdowns = {}
    breakdowns_published = {}
    for name, model in DIMENSIONS.items():
        by_slug: dict[str, int] = {}
        published_by_slug: dict[str, int] = {}
        for (term_id,), n, p in counts[(fields[name],)]:
            slug = slugs[name].get(term_id, "") if term_id else ""
            by_slug[slug] = by_slug.get(slug, 0) + n
            published_by_slug[slug] = published_by_slug.get(slug, 0) + p
        breakdowns[name] = _ordered(by_slug, model)
        breakdowns_published[name] = _ordered(published_by_slug, model)
    crosstabs = []
    crosstabs_published = []
    for a, b in CROSSTABS:
        cells = sorted(
            (
                slugs[a].get(x, "") if x else "",
                slugs[b].get(y, "") if y else "",
                n,
                p,
            )
            for (x, y), n, p in counts[(fields[a], fields[b])]
        )
        crosstabs.append({"rows": a, "cols": b, "cells": [[r, c, n] for r, c, n, _p in cells]})
        crosstabs_published.append(
            {"rows": a, "cols": b, "cells": [[r, c, p] for r, c, _n, p in cells]}
        )
    previous = rp.previous
    year_before = rp.year_before
    previous_counts = _period_counts(previous.period)
    year_before_counts = _period_counts(year_before.period) if year_before else None
    return {
        "total": sum(months.values()),
        "previous": {"code": previous.code, "total": previous_counts[0]},
        "year_before": (
            {"code": year_before.code, "total": year_before_counts[0]}
            if year_before and year_before_counts
            else None
        ),
        "months": [[key, n] for key, n in months.items()],
        "breakdowns": breakdowns,
        "crosstabs": crosstabs,
        # How many of each count above are published, in the same shapes: a report shows
        # those exactly and the rest rounded down (``shown``).
        "published": {
            "total": sum(months_published.values()),
            "previous": previous_counts[1],
            "year_before": year_before_counts[1] if year_before_counts else None,
            "months": [[key, p] for key, p in months_published.items()],
            "breakdowns": breakdowns_published,
            "crosstabs": crosstabs_published,
        },
    }


# --- Escalations -----------------------------------------------------------------------------


def escalation_period(period: Period) -> EscalationPeriod:
    start, end = period.moments()
    return EscalationPeriod(start, end)


def _escalation_counts(figures: EscalationFigures) -> dict[str, Any]:
    return {
        "escalated": figures.escalated,
        "answered": figures.answered,
        "median_days": figures.response.median_days,
        "p90_days": figures.response.p90_days,
        "recovery": [figures.recovery.numerator, figures.recovery.denominator],
        "removal": [figures.removal.numerator, figures.removal.denominator],
        "outcomes": {key: n for key, n in figures.outcomes.counts.items()},
        "positive": sum(figures.outcomes.counts.get(o, 0) for o in POSITIVE_OUTCOMES),
    }


def _escalation_row(figures: EscalationFigures) -> dict[str, Any]:
    """A row's exact figures and (``published``) the same figures for its cases of
    published violations, computed with them."""
    row = _escalation_counts(figures)
    if figures.published is not None:
        row["published"] = _escalation_counts(figures.published)
    return row


def escalation_report_figures(rp: ReportPeriod) -> dict[str, Any]:
    rows, total = escalation_figures_by_platform(period=escalation_period(rp.period))
    return {
        "total": _escalation_row(total),
        "platforms": [
            {"platform": row.platform.slug if row.platform else "", **_escalation_row(row)}
            for row in rows
        ],
    }


# --- Notable cases ---------------------------------------------------------------------------


def notable_figures(violation_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The published summaries of the notable cases (never anything else of a case); a case
    no longer published is left out."""
    chosen = list(
        published_violations()
        .filter(pk__in=list(violation_ids))
        .select_related("violation_type", "platform")
        .order_by("documented_at", "pk")
    )
    summaries: dict[int, dict[str, str]] = {}
    for violation_id, code, text in PublicSummary.objects.filter(
        violation__in=[v.pk for v in chosen]
    ).values_list("violation_id", "language_code", "text"):
        summaries.setdefault(violation_id, {})[code] = text
    tz = ZoneInfo(settings.TIME_ZONE)
    return [
        {
            "id": v.pk,
            "violation_type": v.violation_type.slug if v.violation_type else "",
            "platform": v.platform.slug if v.platform else "",
            "documented_on": v.documented_at.astimezone(tz).date().isoformat()
            if v.documented_at
            else "",
            "summaries": summaries.get(v.pk, {}),
        }
        for v in chosen
    ]


# --- The year in numbers (annual reports) ----------------------------------------------------


def reports_received(period: Period) -> int:
    """Reports that reached the observatory in the period (by the moment they were sent),
    spam left out."""
    start, end = period.moments()
    return (
        IntakeReport.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .exclude(triage_state=TriageState.SPAM)
        .count()
    )


def _milestone_titles(milestone: Milestone) -> dict[str, str]:
    titles = {}
    for code in LANGUAGES:
        text = shown(milestone, "title", code)
        titles[code] = text.text
    return titles


def year_figures(rp: ReportPeriod) -> dict[str, Any]:
    figures = activity_figures(rp.period)
    milestones = Milestone.objects.filter(pk__in=[m.pk for m in figures.milestones])
    titles = {m.pk: _milestone_titles(m) for m in milestones.prefetch_related("translations")}
    return {
        "reports_received": reports_received(rp.period),
        "publications": dict(figures.publications),
        "trainings": figures.trainings,
        "trainees": {
            "women": figures.trainees.women,
            "men": figures.trainees.men,
            "unstated": figures.trainees.gender_unstated,
            "total": figures.trainees.total,
        },
        "trainers_trained": figures.trainers_trained,
        "organisations_trained": figures.organisations_trained,
        "organisations_assessed": figures.organisations_assessed,
        "events": {
            "events": figures.events.events,
            "in_person": figures.events.in_person,
            "online": figures.events.online,
            "attendees": figures.events.attendees,
            "viewers": figures.events.viewers,
        },
        "campaigns": dict(figures.campaigns),
        "milestones": [
            {"date": m.achieved_on.isoformat(), "title": titles[m.pk]} for m in figures.milestones
        ],
        "media_mentions": dict(figures.media_mentions),
        "communications": {
            "video_views": figures.communications.video_views,
            "engagement": figures.communications.engagement,
            "followers": dict(figures.communications.followers),
            "followers_total": figures.communications.followers_total,
        },
        "subscribers": {
            "at_start": figures.subscribers.at_start,
            "joined": figures.subscribers.joined,
            "left": figures.subscribers.left,
            "at_end": figures.subscribers.at_end,
        },
    }


# --- Labels ----------------------------------------------------------------------------------


def vocabulary_labels() -> dict[str, dict[str, dict[str, str]]]:
    """``{vocabulary: {slug: {language: label}}}``, so a snapshot draws the labels it was made
    with even after a term is renamed."""
    labels: dict[str, dict[str, dict[str, str]]] = {name: {} for name in DIMENSIONS}
    for code in LANGUAGES:
        with translation.override(code):
            for name, model in DIMENSIONS.items():
                for slug, label in term_labels(model).values():
                    labels[name].setdefault(slug, {})[code] = label
    return labels


def vocabulary_order() -> dict[str, list[str]]:
    """``{vocabulary: [slug, ...]}`` in each vocabulary's order: a report lists equal shown
    counts in this order, never by their exact counts (which the rounding hides). Read in
    the first language, whose labels ``vocabulary_labels`` has just read: no query of its
    own."""
    with translation.override(LANGUAGES[0]):
        return {
            name: [slug for slug, _label in term_labels(model).values()]
            for name, model in DIMENSIONS.items()
        }


# --- Everything ------------------------------------------------------------------------------


def compute(
    rp: ReportPeriod, *, notable: Sequence[int] = (), progress: Progress | None = None
) -> dict[str, Any]:
    """Every figure of the report for ``rp`` (JSON-ready)."""

    def step(stage: str, percent: int) -> None:
        if progress is not None:
            progress(stage, percent)

    period = rp.period
    step("violations", 10)
    figures: dict[str, Any] = {
        "format": FORMAT,
        "kind": rp.kind,
        "year": rp.year,
        "quarter": rp.quarter,
        "code": rp.code,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "time_zone": settings.TIME_ZONE,
        "min_cell": settings.OBSERVATORY_MIN_CELL,
        "generated_at": timezone.now().isoformat(),
        "violations": violation_figures(rp),
    }
    step("escalations", 30)
    figures["escalations"] = escalation_report_figures(rp)
    step("notable", 40)
    figures["notable"] = notable_figures(notable)
    if rp.kind == ReportKind.ANNUAL:
        step("activities", 45)
        figures["work"] = year_figures(rp)
    figures["labels"] = vocabulary_labels()
    figures["order"] = vocabulary_order()
    return figures
