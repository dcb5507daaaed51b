"""A hash of the rows a report's figures are computed from, so that a later change in the data
(a violation documented late, reclassified, merged or withdrawn; an outcome recorded; a
training added) is seen: the report page compares its snapshot's hash with the data's now.

The rows are read in primary-key order with exactly the columns the figures read, and fed to
SHA-256 as text, one line per row and a header per table. On PostgreSQL each row is hashed
by the server and the table's digest is the sum of the rows' hashes (no sort, no million-line
string: 1,000,000 reports in about a second), so no row travels to Python; elsewhere the
rows are streamed in key order. A hash is only ever compared with another made on the same
database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from marsad.activities.models import (
    Campaign,
    CommunicationsFigure,
    Event,
    MediaMention,
    Milestone,
    NeedsAssessment,
    Publication,
    Training,
)
from marsad.cases.models import Violation
from marsad.core.periods import Period
from marsad.escalations.models import Escalation
from marsad.intake.models import Report as IntakeReport
from marsad.newsletter.models import SubscriberEvent
from marsad.reporting.choices import ReportKind
from marsad.reporting.figures import ReportPeriod, documented_in

VIOLATION_COLUMNS = (
    "pk",
    "status",
    "documented_at",
    "is_published",
    "violation_type_id",
    "platform_id",
    "perpetrator_type_id",
    "victim_type_id",
    "region_id",
)
ESCALATION_COLUMNS = (
    "pk",
    "violation_id",
    "platform_id",
    "follow_up_of_id",
    "sent_at",
    "answered_on",
    "outcome",
)


def _table_digest(rows: QuerySet[Any], columns: Iterable[str]) -> tuple[str, int]:
    """The digest of one table's rows (in key order) and how many there were."""
    columns = tuple(columns)
    query = rows.order_by("pk").values_list(*columns)
    if connection.vendor == "postgresql":
        sql, params = rows.order_by().values_list(*columns).query.sql_with_params()
        # Every row becomes one line (columns cast to text, joined with "|", NULL as ""),
        # hashed by PostgreSQL's own 64-bit text hash with two seeds; the digest of the table
        # is the count and the two sums of those hashes. A sum needs no sort and no string of
        # a million lines, and still changes when any row is added, removed or altered.
        line = " || '|' || ".join(f"coalesce(s.c{i}::text, '')" for i in range(len(columns)))
        aliases = ", ".join(f"c{i}" for i in range(len(columns)))
        statement = (
            "SELECT count(*), "  # noqa: S608  # nosec B608
            "coalesce(sum(hashtextextended(t.line, 1)), 0), "
            "coalesce(sum(hashtextextended(t.line, 2)), 0) "
            f"FROM (SELECT {line} AS line FROM ({sql}) AS s({aliases})) AS t"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            count, first, second = cursor.fetchone()
        return f"{count}:{first}:{second}", int(count)
    hasher = hashlib.md5(usedforsecurity=False)
    count = 0
    for row in query.iterator(chunk_size=5000):
        hasher.update(("|".join("" if v is None else str(v) for v in row) + "\n").encode())
        count += 1
    return hasher.hexdigest(), count


def _model_rows(model: Any, field: str, period: Period) -> tuple[QuerySet[Any], list[str]]:
    columns = [f.attname for f in model._meta.concrete_fields if f.attname != "updated_at"]
    rows = model.objects.filter(**{f"{field}__gte": period.start, f"{field}__lt": period.end})
    return rows, columns


def data_hash(rp: ReportPeriod) -> tuple[str, dict[str, int]]:
    """SHA-256 over the digests of every table behind the figures of ``rp``; also returns how
    many rows each part hashed."""
    periods = [rp.period, rp.previous.period]
    if rp.year_before is not None:
        periods.append(rp.year_before.period)
    start, end = rp.period.moments()
    parts: list[tuple[str, QuerySet[Any], Iterable[str]]] = []
    for i, period in enumerate(periods):
        parts.append((f"violations:{i}", documented_in(period), VIOLATION_COLUMNS))
    cases = Q(follow_up_of__isnull=True, sent_at__gte=start, sent_at__lt=end) | Q(
        follow_up_of__sent_at__gte=start, follow_up_of__sent_at__lt=end
    )
    parts.append(("escalations", Escalation.objects.filter(cases), ESCALATION_COLUMNS))
    # The classification of the escalated violations (the recovery rate reads their type)
    # and whether they are published (a report shows those cases exactly).
    escalated = Violation.objects.filter(
        pk__in=Escalation.objects.filter(cases).values("violation_id")
    )
    parts.append(
        (
            "escalated-violations",
            escalated,
            (
                "pk",
                "violation_type_id",
                "status",
                "documented_at",
                "merged_into_id",
                "is_published",
            ),
        )
    )
    if rp.kind == ReportKind.ANNUAL:
        parts.append(
            (
                "reports",
                IntakeReport.objects.filter(submitted_at__gte=start, submitted_at__lt=end),
                ("pk", "triage_state"),
            )
        )
        for name, model, field in (
            ("publications", Publication, "published_on"),
            ("trainings", Training, "starts_on"),
            ("assessments", NeedsAssessment, "assessed_on"),
            ("events", Event, "starts_on"),
            ("campaigns", Campaign, "starts_on"),
            ("milestones", Milestone, "achieved_on"),
            ("mentions", MediaMention, "published_on"),
            ("communications", CommunicationsFigure, "month"),
        ):
            rows, model_columns = _model_rows(model, field, rp.period)
            parts.append((name, rows, model_columns))
        links = Training.organisations.through.objects.filter(
            training__starts_on__gte=rp.period.start, training__starts_on__lt=rp.period.end
        )
        parts.append(("training-organisations", links, ("pk", "training_id", "organisation_id")))
        parts.append(
            ("subscriber-events", SubscriberEvent.objects.filter(at__lt=end), ("pk", "kind", "at"))
        )
    total = hashlib.sha256()
    counts: dict[str, int] = {}
    for name, rows, columns in parts:
        digest, count = _table_digest(rows, columns)
        total.update(f"{name}:{count}:{digest}\n".encode())
        counts[name] = count
    return total.hexdigest(), counts
