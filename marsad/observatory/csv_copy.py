"""The CSV export written by PostgreSQL itself: ``COPY (SELECT ...) TO STDOUT WITH CSV``.

Byte for byte the file of ``exports.csv_stream(selectors.export_rows(...))`` (the tests prove
it on the same rows): the same rows (``selectors.export_query`` is the inner query, so the
filters are the same), columns, order, labels, quoting and formula neutralisation. Python
only hands over the blocks PostgreSQL writes, which is what makes a million-row export reach
the budget (docs/performance.md); SQLite keeps the Python writer.

How the columns are made equal to the Python writer's:
- the vocabulary labels are the cached ``term_labels`` of the active language (already
  neutralised), passed as arrays indexed by term id, so a label is the same string in both;
- a summary beginning with a formula character gets the same leading apostrophe in SQL;
- an empty value is written as NULL, which COPY leaves unquoted as ``csv.writer`` does (COPY
  quotes a non-NULL empty string);
- lines end with ``\\n`` in both (``csv_stream`` uses the same terminator).
One value differs: a cell that is exactly ``\\.`` is quoted by COPY (its end-of-data marker)
and not by ``csv.writer``; both read back as the same text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings

from marsad.core.replica import reading_connection
from marsad.observatory.exports import FORMULA_STARTS, neutralised
from marsad.observatory.filters import PublicFilter
from marsad.observatory.selectors import EXPORT_NAMES, VOCABULARIES, export_query
from marsad.observatory.terms import term_labels

# Term columns in the order of ``export_query``'s values (after the first four) and whether
# the export shows their label.
TERM_COLUMNS = (
    ("violation_type", True),
    ("platform", True),
    ("perpetrator_type", True),
    ("victim_type", True),
    ("region", True),
    ("crisis_period", False),
)


def available() -> bool:
    return reading_connection().vendor == "postgresql"


def _by_id(name: str, part: int) -> list[str | None]:
    """Slug (part 0) or neutralised label (part 1) of every term, at index id - 1 (an SQL
    array starts at 1); None for gaps and empty values."""
    labels = term_labels(VOCABULARIES[name])
    values: list[str | None] = [None] * max(labels, default=0)
    for pk, pair in labels.items():
        value = pair[part] if part == 0 else neutralised(pair[part])
        values[pk - 1] = value or None
    return values


def copy_statement(*, filters: PublicFilter, url_prefix: str) -> tuple[str, list[Any]]:
    """The COPY statement and its parameters (bound client-side by psycopg)."""
    inner, inner_params = export_query(filters=filters).query.sql_with_params()
    columns = ", ".join(f"c{i}" for i in range(13))
    params: list[Any] = [url_prefix, settings.TIME_ZONE]
    terms = []
    for offset, (name, labelled) in enumerate(TERM_COLUMNS):
        column = f"r.c{4 + offset}"
        terms.append(f"(%s::text[])[{column}]")
        params.append(_by_id(name, 0))
        if labelled:
            terms.append(f"(%s::text[])[{column}]")
            params.append(_by_id(name, 1))
    summaries = []
    for column in ("r.c10", "r.c11", "r.c12"):
        summaries.append(
            f"CASE WHEN left({column}, 1) = ANY(%s::text[]) THEN '''' || {column} "
            f"ELSE NULLIF({column}, '') END"
        )
        params.append(list(FORMULA_STARTS))
    # The tags of every violation aggregated once and joined (a subquery per row cost a
    # fifth of the export at a million rows: docs/performance.md).
    tags = "tg.slugs"
    tag_join = (
        "LEFT JOIN (SELECT vt.violation_id, "
        "string_agg(t.slug, ';' ORDER BY t.slug COLLATE \"C\") AS slugs "
        "FROM cases_violationtag vt JOIN taxonomy_tag t ON t.id = vt.tag_id "
        "GROUP BY vt.violation_id) AS tg ON tg.violation_id = r.c0 "
    )
    expressions = [
        "r.c0",
        "%s || r.c0 || '/'",
        "to_char(r.c1 AT TIME ZONE %s, 'YYYY-MM-DD')",
        "to_char(r.c2, 'YYYY-MM-DD')",
        "CASE WHEN r.c3 THEN 'true' ELSE 'false' END",
        *terms,
        tags,
        *summaries,
    ]
    assert len(expressions) == len(EXPORT_NAMES)
    # Every name here is ours; every value is a parameter (``inner`` is Django's SQL).
    select = (
        f"SELECT {', '.join(expressions)} FROM ({inner}) AS r({columns}) "  # noqa: S608  # nosec B608
        f"{tag_join}ORDER BY r.c0"
    )
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", [*params, *inner_params]


def csv_copy_stream(*, filters: PublicFilter, url_prefix: str) -> Iterator[bytes]:
    """The CSV file (header, then PostgreSQL's blocks), streamed as it is written."""
    statement, params = copy_statement(filters=filters, url_prefix=url_prefix)
    yield (",".join(EXPORT_NAMES) + "\n").encode()
    connection = reading_connection()  # taken when the first block is asked for
    connection.ensure_connection()
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(statement, params) as copy:
            for block in copy:
                yield bytes(block)
