"""Reads for the public site: the database of published violations, its exports and the
statistics (defined in docs/statistics.md, "Public observatory"; the statistics themselves
are in ``stats.py``, re-exported here).

Only published violations are ever listed, and only through their staff-written public
summaries and classification: nothing here reads reports, contacts, victims' details,
internal notes or working titles.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import FilteredRelation, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils import translation

from marsad.cases.models import PublicSummary, Violation, ViolationTag
from marsad.core.replica import reading_connection
from marsad.observatory.caching import cached
from marsad.observatory.disclosure import Cell as Cell
from marsad.observatory.filters import PublicFilter, Sort, search_words
from marsad.observatory.selectors.stats import BREAKDOWN_NAMES as BREAKDOWN_NAMES
from marsad.observatory.selectors.stats import BREAKDOWNS as BREAKDOWNS
from marsad.observatory.selectors.stats import EscalationStatistics as EscalationStatistics
from marsad.observatory.selectors.stats import PlatformEscalations as PlatformEscalations
from marsad.observatory.selectors.stats import Statistics as Statistics
from marsad.observatory.selectors.stats import YearFigure as YearFigure
from marsad.observatory.selectors.stats import escalation_period as escalation_period
from marsad.observatory.selectors.stats import (
    escalation_statistics as escalation_statistics,
)
from marsad.observatory.selectors.stats import home_figures as home_figures
from marsad.observatory.selectors.stats import statistics as statistics
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
