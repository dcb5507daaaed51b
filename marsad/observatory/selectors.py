"""Reads for the public site: the database of published violations, its exports and the
statistics (defined in docs/statistics.md, "Public observatory").

Only published violations are ever listed, and only through their staff-written public
summaries and classification: nothing here reads reports, contacts, victims' details,
internal notes or working titles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import (
    Count,
    FilteredRelation,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.functions import Concat, TruncMonth
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marsad.cases.models import PublicSummary, Violation, ViolationTag
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
from marsad.observatory.filters import (
    EARLIEST,
    LATEST,
    OPEN,
    PublicFilter,
    Sort,
    search_words,
)
from marsad.observatory.terms import term_labels
from marsad.taxonomy.models import (
    CrisisPeriod,
    PerpetratorType,
    Platform,
    Region,
    Tag,
    Term,
    VictimType,
    ViolationType,
    ViolationTypeGroup,
)

LANGUAGES = ("ar", "en", "he")
PAGE_SIZE = 20
MAX_PAGES = 500  # deeper than this, the open data is the way (and keeps OFFSET cheap)
# The database page counts its results up to one past what its pages can show: beyond that it
# says "more than", and the statistics and the API give the exact figure. Counting a million
# rows for every new search would cost more than the rest of the page.
COUNT_CAP = MAX_PAGES * PAGE_SIZE


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


# --- Published violations -----------------------------------------------------------------


def published_violations() -> QuerySet[Violation]:
    """Violations the public may see: documented (verified, not merged) and published."""
    return Violation.objects.counted().filter(is_published=True)


def violation_list_public(
    *, filters: PublicFilter, common_words: bool = False
) -> QuerySet[Violation]:
    """The filtered published violations in the chosen order, ready for a list page: the
    terms in one join, summaries and tags prefetched (one query each).

    ``common_words``: the search words are checked on an expression no index serves, so that
    the violations can be read in the page's order (``violation_page_public``)."""
    words = search_words(filters.values().get("q") or "") if common_words else []
    violations = filters.apply(published_violations(), leave_out=("q",) if words else ())
    if words:
        violations = violations.alias(
            unindexed_text=Concat("search_text__text", Value(""), output_field=TextField())
        )
        for word in words:
            violations = violations.filter(unindexed_text__contains=word)
    return (
        violations.prefetch_related("summaries", "tags")
        .only(*PUBLIC_FIELDS)
        .order_by(*Sort.ORDER[filters.sort])
    )


# A search page is read in the page's order when that reads at most this many violations.
ORDERED_READ_ROWS = 50_000


def violation_page_public(
    *, filters: PublicFilter, offset: int, limit: int, count: int
) -> list[Violation]:
    """One page of ``violation_list_public``; ``count``: how many match (capped or not).

    PostgreSQL estimates ``text LIKE '%word%'`` from a sampled histogram of the search text
    and cannot tell a common word from a rare one: at a million violations جنين (99,770
    matches) was estimated at 100 rows, so every search for it, with any other filter, took
    every match from the trigram index, joined and sorted them (200 to 390 ms a page). The
    page knows better: its count says what share of the published violations match, so
    reading them in the page's order (the date index) finds the page after about
    ``(offset + limit) * published / count`` violations (``published_estimate``). Where that
    is at most ``ORDERED_READ_ROWS``, or at most twice the matches of the words alone (what
    the trigram index would collect: a deep page of a common word), the page is read that
    way, and PostgreSQL is held to that plan for this one statement
    (``_read_in_index_order``); otherwise (rare words) the trigram index, as the planner
    chooses. The same violations in the same order either way (tests/test_search.py).
    Figures: docs/performance.md, "Common words with other filters"."""
    values = filters.values()
    text = values.get("q") or ""
    ordered = False
    if search_words(text) and count > 0:
        published = published_estimate()
        ordered = (offset + limit) * published <= ORDERED_READ_ROWS * count
        if not ordered:
            alone = _words_alone(text)
            if set(values) == {"q"}:  # the words alone: their count goes further than the cap
                count = max(count, alone)
            ordered = (offset + limit) * published <= max(ORDERED_READ_ROWS, 2 * alone) * count
    rows = violation_list_public(filters=filters, common_words=ordered)[offset : offset + limit]
    if not ordered:
        return list(rows)
    with _read_in_index_order():
        return list(rows)


def published_estimate() -> int:
    """About how many violations are published, for choosing a plan. On PostgreSQL its own
    figures for the violations table, which can only be more than the published ones (so
    the ordered read is chosen less often rather than more): the larger of the rows ANALYZE
    last counted and the live rows its statistics have seen since (after a large import,
    before ANALYZE, the first is far too low). Counting every published violation would cost
    a cold search page 150 ms at a million. Elsewhere (one machine, SQLite) the count."""
    connection = reading_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT GREATEST(reltuples, pg_stat_get_live_tuples(oid)) FROM pg_class "
                "WHERE oid = %s::regclass",
                [Violation._meta.db_table],
            )
            row = cursor.fetchone()
        if row is not None and row[0] > 0:  # -1 and 0: never analysed, nothing seen
            return int(row[0])
    return published_violations().using(connection.alias).count()


# The matches of the words alone are counted this far (one cached count per search).
WORDS_COUNT_CAP = 100_000


def _words_alone(text: str) -> int:
    """How many published violations the search words match with no other filter, up to
    ``WORDS_COUNT_CAP + 1`` (cached like the page's own count)."""
    words = PublicFilter({"q": text})
    return public_count(filters=words, cap=WORDS_COUNT_CAP) if words.is_valid() else 0


# What keeps PostgreSQL on the ordered read: no sort, bitmap or hash/merge join (they collect
# every match first), no materialised inner side, no parallel workers (their start-up cost more
# than the page), no JIT compilation (its estimate of the rows walked is far too high).
_ORDERED_READ_SETTINGS = (
    "enable_sort",
    "enable_bitmapscan",
    "enable_hashjoin",
    "enable_mergejoin",
    "enable_material",
    "jit",
)


@contextmanager
def _read_in_index_order() -> Iterator[None]:
    """Inside: the public reading connection's statements plan an ordered index read. The
    settings are local to a transaction (``SET LOCAL``) and put back on leaving, also when
    the block runs inside a transaction of the caller's."""
    connection = reading_connection()
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for name in _ORDERED_READ_SETTINGS:
            cursor.execute(f"SET LOCAL {name} = off")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
        # Put back for the rest of a caller's transaction. After an error there is nothing
        # to do: leaving the block rolls back to before it, and with it the settings.
        for name in (*_ORDERED_READ_SETTINGS, "max_parallel_workers_per_gather"):
            cursor.execute(f"SET LOCAL {name} TO DEFAULT")


# The columns a public page reads (never the working title, assignee or Santa Clara notes).
PUBLIC_FIELDS = (
    "id",
    "documented_at",
    "occurred_on",
    "occurred_on_approximate",
    "published_at",
    "violation_type_id",
    "platform_id",
    "perpetrator_type_id",
    "victim_type_id",
    "region_id",
    "crisis_period_id",
)


def violation_public_get(pk: int) -> Violation | None:
    return (
        published_violations()
        .filter(pk=pk)
        .prefetch_related("summaries", "tags")
        .only(*PUBLIC_FIELDS)
        .first()
    )


def public_summary(violation: Violation, language: str | None = None) -> PublicSummary | None:
    """The summary in ``language`` (default: the active one), else Arabic, English, Hebrew."""
    summaries = {s.language_code: s for s in violation.summaries.all()}
    wanted = language or translation.get_language() or settings.LANGUAGE_CODE
    for code in (wanted, *LANGUAGES):
        if code in summaries:
            return summaries[code]
    return None


# --- Term labels (cached per language) -----------------------------------------------------

VOCABULARIES: dict[str, type[Term]] = {
    "violation_type": ViolationType,
    "platform": Platform,
    "perpetrator_type": PerpetratorType,
    "victim_type": VictimType,
    "region": Region,
    "tag": Tag,
    "crisis_period": CrisisPeriod,
}


@dataclass(frozen=True)
class PublicItem:
    """What the public sees of one violation: its summary and the labels of its terms."""

    violation: Violation
    summary: PublicSummary | None
    summaries: dict[str, str]
    terms: dict[str, tuple[str, str]]  # vocabulary name -> (slug, label); "" when not set
    tags: list[tuple[str, str]]

    @property
    def pk(self) -> int:
        return self.violation.pk

    def label(self, name: str) -> str:
        return self.terms[name][1]


def public_count(*, filters: PublicFilter, cap: int | None = None) -> int:
    """How many published violations match, counted up to ``cap + 1`` (the database page's
    count; ``None``: exactly, the API's). Cached until a violation changes; while the count
    of a new generation is being computed, other readers get the last one."""
    rows = violation_list_public(filters=filters).order_by()
    if cap is not None:
        rows = rows[: cap + 1]
    name, parts = ("count" if cap is None else f"capped-count:{cap}"), filters.query_string()
    return cached(
        name,
        parts,
        lambda: int(rows.count()),
        per_language=False,
        stale_while_computing=True,
        refresh=True,
    )


def public_items(violations: Sequence[Violation]) -> list[PublicItem]:
    """Published violations with their labels from the cached vocabularies (no query per
    row: summaries and tags come prefetched)."""
    labels = {name: term_labels(model) for name, model in VOCABULARIES.items()}
    items = []
    for violation in violations:
        terms = {
            name: labels[name].get(getattr(violation, f"{name}_id") or 0, ("", ""))
            for name in VOCABULARIES
            if name != "tag"
        }
        items.append(
            PublicItem(
                violation=violation,
                summary=public_summary(violation),
                summaries={s.language_code: s.text for s in violation.summaries.all()},
                terms=terms,
                tags=sorted(
                    labels["tag"].get(t.pk, (t.slug, t.slug)) for t in violation.tags.all()
                ),
            )
        )
    return items


# --- Open data rows ---------------------------------------------------------------------------

# The columns of every export, in order (also the Data Package's table schema).
EXPORT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "integer", "Stable identifier of the violation in this observatory."),
    ("url", "string", "Stable public page of the violation."),
    ("documented_on", "date", "Date it was documented (observatory time zone)."),
    ("occurred_on", "date", "Date of the incident, if known."),
    ("occurred_on_approximate", "boolean", "Whether the incident date is approximate."),
    ("violation_type", "string", "Main violation type (slug)."),
    ("violation_type_label", "string", "Main violation type (label)."),
    ("platform", "string", "Platform (slug)."),
    ("platform_label", "string", "Platform (label)."),
    ("perpetrator_type", "string", "Perpetrator type (slug)."),
    ("perpetrator_type_label", "string", "Perpetrator type (label)."),
    ("victim_type", "string", "Victim type (slug)."),
    ("victim_type_label", "string", "Victim type (label)."),
    ("region", "string", "Region (slug)."),
    ("region_label", "string", "Region (label)."),
    ("crisis_period", "string", "Crisis period (slug)."),
    ("tags", "string", "Tags (slugs, separated by ';')."),
    ("summary_ar", "string", "Public summary in Arabic."),
    ("summary_en", "string", "Public summary in English."),
    ("summary_he", "string", "Public summary in Hebrew."),
)
EXPORT_NAMES = tuple(name for name, _type, _doc in EXPORT_COLUMNS)
# Columns whose text comes from people (labels, summaries): the only ones a spreadsheet could
# take for a formula. Ids, URLs, dates, booleans and slugs cannot begin with = + - @.
EXPORT_TEXT_COLUMNS = tuple(
    i
    for i, name in enumerate(EXPORT_NAMES)
    if name.endswith("_label") or name.startswith("summary_")
)
EXPORT_CHUNK = 2000


def export_query(*, filters: PublicFilter) -> QuerySet[Any]:
    """The query behind every export: one row per filtered published violation with its
    summaries (one join per language), ordered by id. Tags come from ``export_tags``."""
    summaries = {
        f"s_{code}": FilteredRelation("summaries", condition=Q(summaries__language_code=code))
        for code in LANGUAGES
    }
    annotated: Any = filters.apply(published_violations()).annotate(**summaries)
    return annotated.order_by("pk").values_list(
        "pk",
        "documented_at",
        "occurred_on",
        "occurred_on_approximate",
        "violation_type_id",
        "platform_id",
        "perpetrator_type_id",
        "victim_type_id",
        "region_id",
        "crisis_period_id",
        "s_ar__text",
        "s_en__text",
        "s_he__text",
    )


def export_tags(*, filters: PublicFilter) -> Iterator[tuple[int, str]]:
    """``(violation id, tag slug)`` of the exported violations, in id order: read alongside
    the rows (a merge), which costs far less than an aggregate per row."""
    exported = filters.apply(published_violations()).values("pk")
    return (
        ViolationTag.objects.filter(violation__in=exported)
        .order_by("violation_id", "tag__slug")
        .values_list("violation_id", "tag__slug")
        .iterator(chunk_size=EXPORT_CHUNK * 4)
    )


def export_rows(*, filters: PublicFilter, url_for: Any) -> Iterator[tuple[Any, ...]]:
    """Every filtered published violation as one plain row (the values of ``EXPORT_NAMES``
    in order), streamed from the database in chunks (constant memory), ordered by id so that
    the file is stable."""
    labels = {name: term_labels(model) for name, model in VOCABULARIES.items()}
    tz = ZoneInfo(settings.TIME_ZONE)
    rows = export_query(filters=filters)
    tags = export_tags(filters=filters)
    pending = next(tags, None)
    for (
        pk,
        documented_at,
        occurred_on,
        approximate,
        type_id,
        platform_id,
        perpetrator_id,
        victim_type_id,
        region_id,
        period_id,
        s_ar,
        s_en,
        s_he,
    ) in rows.iterator(chunk_size=EXPORT_CHUNK):
        slugs = []
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                slugs.append(pending[1])
            pending = next(tags, None)
        vtype = labels["violation_type"].get(type_id, ("", ""))
        platform = labels["platform"].get(platform_id, ("", ""))
        perpetrator = labels["perpetrator_type"].get(perpetrator_id, ("", ""))
        victim = labels["victim_type"].get(victim_type_id, ("", ""))
        region = labels["region"].get(region_id, ("", ""))
        yield (
            pk,
            url_for(pk),
            documented_at.astimezone(tz).date().isoformat() if documented_at else "",
            occurred_on.isoformat() if occurred_on else "",
            approximate,
            vtype[0],
            vtype[1],
            platform[0],
            platform[1],
            perpetrator[0],
            perpetrator[1],
            victim[0],
            victim[1],
            region[0],
            region[1],
            labels["crisis_period"].get(period_id, ("", ""))[0],
            ";".join(sorted(slugs)),
            s_ar or "",
            s_en or "",
            s_he or "",
        )


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


# --- Taxonomy for the API ----------------------------------------------------------------------


def taxonomy_public() -> dict[str, list[dict[str, Any]]]:
    """Every vocabulary with its labels in the three languages (retired terms included: old
    records keep them), for /api/v1/taxonomy."""

    def compute() -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        models: dict[str, type[Term]] = {"violation_type_group": ViolationTypeGroup}
        models.update(VOCABULARIES)
        for name, model in models.items():
            terms = []
            query = model.objects.prefetch_related("translations")
            if model is ViolationType:
                query = query.select_related("group")
            for term in query:
                names = {t.language_code: t.name for t in term.translations.all()}
                entry: dict[str, Any] = {
                    "slug": term.slug,
                    "active": term.is_active,
                    "labels": {code: names.get(code, "") for code in LANGUAGES},
                }
                if isinstance(term, ViolationType):
                    entry["group"] = term.group.slug
                terms.append(entry)
            out[name] = terms
        return out

    return cached("taxonomy", "", compute, per_language=False)
