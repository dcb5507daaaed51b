"""Reads for escalations: which violations may go to a platform, the ledger, what is overdue,
what the reporter sees, and the statistics.

The statistics are pure selectors, shared by the staff pages, the public observatory and the
reports: each takes a queryset of violations (default: every documented one), a period and
optionally a platform, and returns plain frozen dataclasses. Every figure is defined in
docs/statistics.md ("Escalations"); the tests check them against hand-computed values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marsad.cases.models import Violation, ViolationQuerySet
from marsad.escalations.choices import (
    DEFAULT_ANSWER_DAYS,
    FINAL_OUTCOMES,
    HARMFUL_SPEECH_TYPES,
    RECOVERED_OUTCOMES,
    RECOVERY_TYPE_GROUP,
    Outcome,
)
from marsad.escalations.models import Batch, Escalation, PlatformPolicy
from marsad.intake.choices import TriageState
from marsad.intake.models import Report
from marsad.taxonomy.models import Platform

SENDABLE_STATUSES = ("documented", "escalated", "closed")


# --- Which violations may be sent -----------------------------------------------------------


def consenting_reports(violation_ids: Iterable[int]) -> QuerySet[Report]:
    """Reports of these violations (or of violations merged into them) whose reporter agreed
    to sharing with the platform and did not withdraw."""
    ids = list(violation_ids)
    return (
        Report.objects.filter(Q(violation_id__in=ids) | Q(violation__merged_into_id__in=ids))
        .filter(consent_share_with_platform=True)
        .exclude(triage_state=TriageState.WITHDRAWN)
    )


def violations_escalatable(violations: QuerySet[Violation]) -> QuerySet[Violation]:
    """Violations that may be sent to their platform: documented (also when already escalated
    or closed, to send again), not merged into another, with a platform, and with at least one
    report whose reporter agreed to sharing it with the platform."""
    consent = Report.objects.filter(
        Q(violation=OuterRef("pk")) | Q(violation__merged_into=OuterRef("pk")),
        consent_share_with_platform=True,
    ).exclude(triage_state=TriageState.WITHDRAWN)
    return violations.filter(
        merged_into__isnull=True,
        status__in=SENDABLE_STATUSES,
        platform__isnull=False,
        documented_at__isnull=False,
    ).filter(Exists(consent))


def violations_ready_for_batch(*, platform: Platform) -> QuerySet[Violation]:
    """Documented violations of this platform that may be sent and were not sent yet (or
    whose escalation was withdrawn), oldest documented first."""
    return (
        violations_escalatable(Violation.objects.filter(platform=platform, status="documented"))
        .select_related("violation_type", "platform")
        .order_by("documented_at", "pk")
    )


# --- The ledger -----------------------------------------------------------------------------


def escalation_list(*, filters: Any) -> QuerySet[Escalation]:
    """Every attempt, newest first, with what the list shows in one query."""
    rows = (
        Escalation.objects.select_related("violation", "platform", "sent_by")
        .prefetch_related("platform__translations")
        .order_by("-sent_at", "-pk")
    )
    return filters.apply(rows)


def escalation_case(escalation: Escalation) -> list[Escalation]:
    """The first attempt of this escalation's case and its follow-ups, in order."""
    first = escalation.follow_up_of_id or escalation.pk
    return list(
        Escalation.objects.filter(Q(pk=first) | Q(follow_up_of=first))
        .select_related("sent_by", "batch")
        .order_by("pk")
    )


def violation_escalations(violation: Violation) -> list[Escalation]:
    return list(
        Escalation.objects.filter(violation=violation).select_related("platform").order_by("pk")
    )


def batch_list() -> QuerySet[Batch]:
    return (
        Batch.objects.select_related("platform", "created_by", "sent_by")
        .prefetch_related("platform__translations")
        .order_by("-created_at", "-pk")
    )


# --- Overdue --------------------------------------------------------------------------------


def answer_days() -> dict[int, int]:
    """Days to answer per platform id, for the platforms with a policy."""
    return dict(PlatformPolicy.objects.values_list("platform_id", "answer_days"))


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


def overdue_condition(*, today: dt.date | None = None, days: dict[int, int] | None = None) -> Q:
    """Attempts sent so long ago that their platform's days to answer have run out: due on
    the local date of sending plus the days, overdue from the day after."""
    today = today or timezone.localdate()
    days = answer_days() if days is None else days
    condition = ~Q(platform_id__in=list(days)) & Q(
        sent_at__lt=_start_of(today - dt.timedelta(days=DEFAULT_ANSWER_DAYS))
    )
    for platform_id, count in days.items():
        condition |= Q(platform_id=platform_id, sent_at__lt=_start_of(today - dt.timedelta(count)))
    return condition


@dataclass(frozen=True)
class Overdue:
    escalation: Escalation
    due_on: dt.date
    days_late: int


def escalations_overdue(
    *, today: dt.date | None = None, limit: int | None = None
) -> tuple[int, list[Overdue]]:
    """How many attempts wait for an answer past their due date, and the longest-waiting."""
    today = today or timezone.localdate()
    days = answer_days()
    rows = (
        Escalation.objects.awaiting_answer()
        .filter(overdue_condition(today=today, days=days))
        .select_related("violation", "platform")
        .prefetch_related("platform__translations")
        .order_by("sent_at", "pk")
    )
    count = rows.count()
    if not count:
        return 0, []
    found = []
    for escalation in rows[:limit] if limit is not None else rows:
        due = due_on(escalation, days.get(escalation.platform_id, DEFAULT_ANSWER_DAYS))
        found.append(Overdue(escalation, due, (today - due).days))
    return count, found


def due_on(escalation: Escalation, days: int) -> dt.date:
    return _local_date(escalation.sent_at) + dt.timedelta(days=days)


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


# --- What the reporter sees -----------------------------------------------------------------

_REPORTER_TEXT: dict[str, Promise] = {
    Outcome.RESTORED: _("The platform restored what it had removed or restricted."),
    Outcome.PARTIALLY_RESTORED: _(
        "The platform restored part of what it had removed or restricted."
    ),
    Outcome.ACCOUNT_SECURED: _("The platform helped to secure the account."),
    Outcome.CONTENT_REMOVED: _("The platform removed the harmful content."),
    Outcome.REFUSED: _("The platform refused to change its decision."),
    Outcome.NO_ANSWER: _("The platform did not answer us, even after we reminded it."),
    Outcome.WITHDRAWN: _("We stopped our request to the platform."),
}


@dataclass(frozen=True)
class ReporterOutcome:
    platform: str
    text: Promise
    on: dt.date


def reporter_outcomes(report: Report) -> list[ReporterOutcome]:
    """The platform's outcome in plain words, for a reporter who agreed to their report being
    shared with the platform; nothing for anyone else, or while no outcome is known."""
    if (
        not report.consent_share_with_platform
        or report.triage_state == TriageState.WITHDRAWN
        or report.violation is None
    ):
        return []
    violation_id = report.violation.merged_into_id or report.violation.pk
    latest = (
        Escalation.objects.filter(violation_id=violation_id)
        .latest_attempts()
        .exclude(outcome="")
        .select_related("platform")
        .order_by("pk")
    )
    return [
        ReporterOutcome(
            platform=str(e.platform),
            text=_REPORTER_TEXT[e.outcome],
            on=e.closed_on or e.sent_at.date(),
        )
        for e in latest
    ]


@dataclass(frozen=True)
class PublicOutcome:
    """The state of one escalated case in plain words, for the public violation page."""

    platform: str
    outcome: str  # "" while open
    text: Promise
    on: dt.date | None  # the day it closed, None while open


def public_outcomes(violation: Violation) -> list[PublicOutcome]:
    """Each escalated case of a violation (one per platform it was sent to), its latest
    attempt's outcome in the words the reporter reads; "waiting" while it has none. Only the
    outcome and its date: never the platform's answer, our message or a reference."""
    latest = (
        Escalation.objects.filter(violation=violation)
        .latest_attempts()
        .select_related("platform")
        .prefetch_related("platform__translations")
        .order_by("sent_at", "pk")
    )
    return [
        PublicOutcome(
            platform=str(e.platform),
            outcome=e.outcome,
            text=_REPORTER_TEXT[e.outcome]
            if e.outcome
            else _("We sent it to the platform and are waiting for its answer."),
            on=e.closed_on if e.outcome else None,
        )
        for e in latest
    ]


# --- Statistics -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """[start, end) as aware datetimes; build one with ``year``, ``quarter`` or ``days``."""

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def days(cls, first: dt.date, last: dt.date) -> Period:
        """Calendar days ``first`` to ``last`` (both included) in the observatory's zone."""
        return cls(_start_of(first), _start_of(last + dt.timedelta(days=1)))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls.days(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if quarter not in (1, 2, 3, 4):
            raise ValueError(quarter)
        first = dt.date(year, 3 * quarter - 2, 1)
        following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
        return cls.days(first, following - dt.timedelta(days=1))


class EscalatedCase(NamedTuple):
    """One violation sent to one platform: the first attempt and its follow-ups. (A named
    tuple: the statistics make one per case, 250,000 at the scale of docs/performance.md.)"""

    first_id: int
    violation_id: int
    platform_id: int
    type_slug: str | None
    group_slug: str | None
    sent_on: dt.date  # local date the first attempt was sent
    answered_on: dt.date | None  # the earliest answer to any attempt of the case
    outcome: str  # the latest attempt's outcome; "" while open
    published: bool = False  # whether its violation is on the public site

    @property
    def response_days(self) -> int | None:
        return None if self.answered_on is None else (self.answered_on - self.sent_on).days


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        """Exact; None when nothing is in the denominator."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> int | None:
        """The rate as a whole percentage, halves rounded up (1/8 → 13)."""
        if not self.denominator:
            return None
        return (200 * self.numerator + self.denominator) // (2 * self.denominator)


@dataclass(frozen=True)
class ResponseTimes:
    answered: int
    median_days: int | None
    p90_days: int | None


@dataclass(frozen=True)
class OutcomeMix:
    """Cases per current outcome; ``"open"`` for cases without one yet."""

    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class EscalationFigures:
    platform: Platform | None  # None: every platform together
    escalated: int
    answered: int
    response: ResponseTimes
    outcomes: OutcomeMix
    recovery: Rate
    removal: Rate
    # The same figures for the cases whose violation is published (computed in the same
    # pass): the public statistics show those exactly and round only the rest
    # (docs/statistics.md, "Small numbers"). None: not computed (nothing is assumed).
    published: EscalationFigures | None = None


def nearest_rank(values: Sequence[int], fraction: Fraction) -> int | None:
    """The p-th percentile by nearest rank: the value at position ceil(p × n) (1-based) of
    the values sorted ascending; the same as PostgreSQL's ``percentile_disc(p)``."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-fraction.numerator * len(ordered) // fraction.denominator))
    return ordered[rank - 1]


MEDIAN = Fraction(1, 2)
P90 = Fraction(9, 10)


def _first_attempts(
    violations: ViolationQuerySet | None,
    *,
    period: Period | None,
    platform: Platform | None,
) -> QuerySet[Escalation]:
    """The first attempts of the escalated cases of documented violations, sent in the period
    (all time without one), optionally to one platform."""
    counted = Violation.objects.counted() if violations is None else violations.counted()
    rows = Escalation.objects.filter(follow_up_of__isnull=True, violation__in=counted)
    if period is not None:
        rows = rows.filter(sent_at__gte=period.start, sent_at__lt=period.end)
    if platform is not None:
        rows = rows.filter(platform=platform)
    return rows


def _local_sending_day() -> TruncDate:
    """The local day an attempt was sent, from the database (no conversion per row)."""
    return TruncDate("sent_at", tzinfo=ZoneInfo(settings.TIME_ZONE))


def escalated_cases(
    violations: ViolationQuerySet | None = None,
    *,
    period: Period | None = None,
    platform: Platform | None = None,
) -> list[EscalatedCase]:
    """The escalated cases of documented violations whose first attempt was sent in the
    period (all time without one), optionally for one platform."""
    return _cases_of(_first_attempts(violations, period=period, platform=platform))


def _cases_of(rows: QuerySet[Escalation]) -> list[EscalatedCase]:
    # The follow-ups of these cases in a second query, merged here: a subquery per case
    # ("any attempt of this case") cannot use an index and took 40 s at 250,000 cases
    # (docs/performance.md); two plain queries take a fraction of a second.
    later: dict[int, list[tuple[int, dt.date | None, str]]] = {}
    for first, pk, answered, outcome in (
        Escalation.objects.filter(follow_up_of__in=rows.values("pk"))
        .order_by()
        .values_list("follow_up_of_id", "pk", "answered_on", "outcome")
    ):
        later.setdefault(first, []).append((pk, answered, outcome))
    cases = []
    values = rows.annotate(sent_on=_local_sending_day()).order_by("pk")
    for (
        pk,
        violation_id,
        platform_id,
        type_slug,
        group_slug,
        sent_day,
        answered_on,
        outcome,
        published,
    ) in values.values_list(
        "pk",
        "violation_id",
        "platform_id",
        "violation__violation_type__slug",
        "violation__violation_type__group__slug",
        "sent_on",
        "answered_on",
        "outcome",
        "violation__is_published",
    ):
        attempts = [(pk, answered_on, outcome), *later.get(pk, ())]
        answers = [answered for _pk, answered, _outcome in attempts if answered is not None]
        cases.append(
            EscalatedCase(
                first_id=pk,
                violation_id=violation_id,
                platform_id=platform_id,
                type_slug=type_slug,
                group_slug=group_slug,
                sent_on=sent_day,
                answered_on=min(answers) if answers else None,
                outcome=max(attempts)[2] or "",
                published=published,
            )
        )
    return cases


def _recovery(cases: Iterable[EscalatedCase]) -> Rate:
    about = [
        c for c in cases if c.group_slug == RECOVERY_TYPE_GROUP and c.outcome in FINAL_OUTCOMES
    ]
    return Rate(sum(c.outcome in RECOVERED_OUTCOMES for c in about), len(about))


def _removal(cases: Iterable[EscalatedCase]) -> Rate:
    about = [
        c for c in cases if c.type_slug in HARMFUL_SPEECH_TYPES and c.outcome in FINAL_OUTCOMES
    ]
    return Rate(sum(c.outcome == Outcome.CONTENT_REMOVED for c in about), len(about))


def _response(cases: Iterable[EscalatedCase]) -> ResponseTimes:
    days = [d for c in cases if (d := c.response_days) is not None]
    return ResponseTimes(len(days), nearest_rank(days, MEDIAN), nearest_rank(days, P90))


def _mix(cases: Iterable[EscalatedCase]) -> OutcomeMix:
    counts = {key: 0 for key in [*Outcome.values, "open"]}
    for c in cases:
        counts[c.outcome or "open"] += 1
    return OutcomeMix(counts)


def _counted(cases: list[EscalatedCase]) -> EscalationFigures:
    return EscalationFigures(
        platform=None,
        escalated=len(cases),
        answered=sum(c.answered_on is not None for c in cases),
        response=_response(cases),
        outcomes=_mix(cases),
        recovery=_recovery(cases),
        removal=_removal(cases),
    )


def _figures(platform: Platform | None, cases: list[EscalatedCase]) -> EscalationFigures:
    """The figures of the cases, and of those of published violations among them."""
    return replace(
        _counted(cases), platform=platform, published=_counted([c for c in cases if c.published])
    )


# Every figure by platform and in total, from the cases above (any database), or in one
# statement on PostgreSQL: at 250,000 cases the cases made one by one in Python took 2.8 s
# of a quiet machine (14 s at load 5) for the public statistics, the staff statistics page
# and the reports, the statement 1.2 s (docs/performance.md, "Escalation figures in one
# statement", "JIT off"); the tests check that the two give the same figures.
ByPlatform = tuple[dict[int, EscalationFigures], EscalationFigures]


def _figures_in_python(rows: QuerySet[Escalation]) -> ByPlatform:
    cases = _cases_of(rows)
    by_platform: dict[int, list[EscalatedCase]] = {}
    for c in cases:
        by_platform.setdefault(c.platform_id, []).append(c)
    return (
        {pk: _figures(None, group) for pk, group in by_platform.items()},
        _figures(None, cases),
    )


MIX_KEYS = (*Outcome.values, "open")


def _in(values: Iterable[str]) -> tuple[str, list[str]]:
    ordered = sorted(values)
    return ", ".join(["%s"] * len(ordered)), ordered


def _column(name: str) -> str:
    """The database column of an ``Escalation`` field."""
    column = getattr(Escalation._meta.get_field(name), "column", None)
    if not isinstance(column, str):
        raise TypeError(f"{name} has no column")
    return column


def _figures_in_sql(rows: QuerySet[Escalation]) -> ByPlatform:
    """The same figures as ``_figures_in_python`` in one statement (PostgreSQL): each case's
    earliest answer and latest attempt's outcome, then every figure per platform and in
    total (GROUPING SETS), each once for every case and once for the cases of published
    violations (``FILTER``); median and p90 by ``percentile_disc``, which is the nearest rank
    of ``nearest_rank``."""
    connection = connections[rows.db]
    # Narrow rows (two flags instead of the type's slugs): the cases are sorted by platform.
    harmful_types = sorted(HARMFUL_SPEECH_TYPES)
    firsts = (
        rows.annotate(
            sent_on=_local_sending_day(),
            recoverable=Q(violation__violation_type__group__slug=RECOVERY_TYPE_GROUP),
            harmful=Q(violation__violation_type__slug__in=harmful_types),
        )
        .order_by()
        .values_list(
            "pk",
            "platform_id",
            "recoverable",
            "harmful",
            "sent_on",
            "answered_on",
            "outcome",
            "violation__is_published",
        )
    )
    try:
        inner, inner_params = firsts.query.get_compiler(using=rows.db).as_sql()
    except EmptyResultSet:  # e.g. ``Violation.objects.none()``: no case at all
        return {}, _figures(None, [])
    q = connection.ops.quote_name
    table = q(Escalation._meta.db_table)
    pk, first, answered, outcome = (
        q(_column(name)) for name in ("id", "follow_up_of", "answered_on", "outcome")
    )
    finals, final_params = _in(FINAL_OUTCOMES)
    recovered, recovered_params = _in(RECOVERED_OUTCOMES)
    # Every figure of a group of cases, the cases chosen by ``{w}`` (all, or published).
    figures = [
        "COUNT(*) FILTER (WHERE {w})",
        "COUNT(c.days) FILTER (WHERE {w})",
        "percentile_disc(%s) WITHIN GROUP (ORDER BY c.days) FILTER (WHERE {w})",
        "percentile_disc(%s) WITHIN GROUP (ORDER BY c.days) FILTER (WHERE {w})",
        *["COUNT(*) FILTER (WHERE {w} AND c.outcome = %s)"] * len(MIX_KEYS),
        f"COUNT(*) FILTER (WHERE {{w}} AND c.recoverable AND c.outcome IN ({recovered}))",
        f"COUNT(*) FILTER (WHERE {{w}} AND c.recoverable AND c.outcome IN ({finals}))",
        "COUNT(*) FILTER (WHERE {w} AND c.harmful AND c.outcome = %s)",
        f"COUNT(*) FILTER (WHERE {{w}} AND c.harmful AND c.outcome IN ({finals}))",
    ]
    figure_params = [
        float(MEDIAN),
        float(P90),
        *MIX_KEYS,
        *recovered_params,
        *final_params,
        Outcome.CONTENT_REMOVED.value,
        *final_params,
    ]
    columns = ",\n          ".join(
        column.format(w=chosen) for chosen in ("TRUE", "c.published") for column in figures
    )
    # Identifiers are the model's own, quoted; every value is a bound parameter.
    sql = f"""
        WITH f (id, platform_id, recoverable, harmful, sent_on, answered_on, outcome, published)
          AS ({inner}),
        later AS (
          SELECT x.{first} AS first_id, MAX(x.{pk}) AS last_id,
                 MIN(x.{answered}) AS answered_on,
                 (ARRAY_AGG(x.{outcome} ORDER BY x.{pk} DESC))[1] AS outcome
          FROM {table} x JOIN f ON f.id = x.{first} GROUP BY x.{first}
        ),
        c AS (
          SELECT f.platform_id, COALESCE(f.recoverable, FALSE) AS recoverable,
                 COALESCE(f.harmful, FALSE) AS harmful, f.published,
                 LEAST(f.answered_on, later.answered_on) - f.sent_on AS days,
                 COALESCE(NULLIF(CASE WHEN later.last_id > f.id THEN later.outcome
                                      ELSE f.outcome END, ''), 'open') AS outcome
          FROM f LEFT JOIN later ON later.first_id = f.id
        )
        SELECT c.platform_id, GROUPING(c.platform_id),
          {columns}
        FROM c GROUP BY GROUPING SETS ((c.platform_id), ())
    """  # noqa: S608  # nosec B608
    params = [*inner_params, *figure_params, *figure_params]
    by_platform: dict[int, EscalationFigures] = {}
    total = _figures(None, [])
    width = len(figures)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for platform_id, grouped, *values in cursor:
            every, published = (
                _figures_of_row(values[:width]),
                _figures_of_row(values[width:]),
            )
            found = replace(every, published=published)
            if grouped:
                total = found
            else:
                by_platform[platform_id] = found
    return by_platform, total


def _figures_of_row(values: Sequence[Any]) -> EscalationFigures:
    """The figures of one group of cases, from the columns of ``_figures_in_sql``."""
    escalated, answered_count, median, p90, *rest = values
    counts, (restored, recoverable, removed, removable) = rest[:-4], rest[-4:]
    return EscalationFigures(
        platform=None,
        escalated=escalated,
        answered=answered_count,
        response=ResponseTimes(answered_count, median, p90),
        outcomes=OutcomeMix(dict(zip(MIX_KEYS, counts, strict=True))),
        recovery=Rate(restored, recoverable),
        removal=Rate(removed, removable),
    )


def _figures_of(
    violations: ViolationQuerySet | None,
    *,
    period: Period | None,
    platform: Platform | None,
) -> ByPlatform:
    rows = _first_attempts(violations, period=period, platform=platform)
    if connections[rows.db].vendor == "postgresql":
        return _figures_in_sql(rows)
    return _figures_in_python(rows)


def recovery_rate(
    violations: ViolationQuerySet | None = None,
    *,
    period: Period | None = None,
    platform: Platform | None = None,
) -> Rate:
    """Removal, suspension and restriction cases restored or partially restored, over those
    with a final outcome."""
    return escalation_figures(violations, period=period, platform=platform).recovery


def removal_rate(
    violations: ViolationQuerySet | None = None,
    *,
    period: Period | None = None,
    platform: Platform | None = None,
) -> Rate:
    """Hate speech and incitement cases whose content was removed, over those with a final
    outcome."""
    return escalation_figures(violations, period=period, platform=platform).removal


def response_times(
    violations: ViolationQuerySet | None = None,
    *,
    period: Period | None = None,
    platform: Platform | None = None,
) -> ResponseTimes:
    """Days from the first attempt to the platform's first answer: median and p90."""
    return escalation_figures(violations, period=period, platform=platform).response


def outcome_mix(
    violations: ViolationQuerySet | None = None,
    *,
    period: Period | None = None,
    platform: Platform | None = None,
) -> OutcomeMix:
    return escalation_figures(violations, period=period, platform=platform).outcomes


def escalation_figures(
    violations: ViolationQuerySet | None = None,
    *,
    period: Period | None = None,
    platform: Platform | None = None,
) -> EscalationFigures:
    """Every escalation figure for one platform, or for all platforms together."""
    _rows, total = _figures_of(violations, period=period, platform=platform)
    return replace(total, platform=platform)


def escalation_figures_by_platform(
    violations: ViolationQuerySet | None = None, *, period: Period | None = None
) -> tuple[list[EscalationFigures], EscalationFigures]:
    """One row per platform with escalated cases (most cases first), and the total row."""
    by_platform, total = _figures_of(violations, period=period, platform=None)
    platforms = Platform.objects.prefetch_related("translations").in_bulk(list(by_platform))
    rows = [replace(figures, platform=platforms[pk]) for pk, figures in by_platform.items()]
    rows.sort(
        key=lambda f: (-f.escalated, f.platform.sort_order if f.platform else 0, str(f.platform))
    )
    return rows, total
