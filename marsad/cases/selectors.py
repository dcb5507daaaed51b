"""Reads for violations. Counting rules are defined once here (docs/statistics.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q

from marsad.cases.choices import Status
from marsad.cases.models import TimelineEvent, Violation
from marsad.core.text import match_key
from marsad.intake.choices import TriageState
from marsad.intake.models import Report


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """A calendar year in the observatory's time zone, as aware datetimes [start, end)."""
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def violations_documented_in(*, start: dt.datetime, end: dt.datetime) -> int:
    """Documented violations whose documented date falls in [start, end)."""
    return (
        Violation.objects.counted().filter(documented_at__gte=start, documented_at__lt=end).count()
    )


def violations_documented_in_year(*, year: int) -> int:
    start, end = _year_bounds(year)
    return violations_documented_in(start=start, end=end)


def violation_status_counts() -> dict[str, int]:
    """Violations per status (merged duplicates excluded)."""
    rows = (
        Violation.objects.filter(merged_into__isnull=True)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


# --- Staff area -----------------------------------------------------------------------------

INBOX_PAGE_SIZE = 50


def inbox_reports(*, filters: Any) -> Any:
    """The reports of the inbox, newest first, with what the list shows in one query."""
    reports = Report.objects.select_related("violation_type", "platform").order_by(
        "-submitted_at", "-pk"
    )
    return filters.apply(reports)


SIMILAR_WINDOW = dt.timedelta(days=7)
SIMILAR_SCAN = 300
SIMILAR_THRESHOLD = 0.5


def _words(text: str) -> set[str]:
    return {word for word in match_key(text).split() if len(word) > 2}


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def report_duplicate_candidates(report: Report, *, limit: int = 20) -> list[Report]:
    """Reports that may tell the same incident: first those sharing a canonical link or
    account handle, then those on the same platform within a week whose words (Arabic
    spelling variants folded) overlap by half or more."""
    found: list[Report] = []
    keys = list(report.keys.values_list("kind", "value"))
    if keys:
        condition = Q()
        for kind, value in keys:
            condition |= Q(keys__kind=kind, keys__value=value)
        found = list(
            Report.objects.filter(condition)
            .exclude(pk=report.pk)
            .select_related("violation")
            .distinct()
            .order_by("-submitted_at")[:limit]
        )
    words = _words(report.description)
    # Too few words say nothing about sameness.
    if len(found) < limit and len(words) >= 4:
        nearby = (
            Report.objects.filter(
                platform=report.platform,
                submitted_at__gte=report.submitted_at - SIMILAR_WINDOW,
                submitted_at__lte=report.submitted_at + SIMILAR_WINDOW,
            )
            .exclude(pk__in=[report.pk, *(r.pk for r in found)])
            .select_related("violation")
            .order_by("-submitted_at")[:SIMILAR_SCAN]
        )
        scored = sorted(
            ((_similarity(words, _words(other.description)), other) for other in nearby),
            key=lambda pair: -pair[0],
        )
        found += [other for score, other in scored if score >= SIMILAR_THRESHOLD]
    return found[:limit]


def violations_staff_list(*, filters: Any, user: Any) -> Any:
    violations = (
        Violation.objects.filter(merged_into__isnull=True)
        .select_related("violation_type", "platform", "assignee")
        .annotate(report_count=Count("reports"))
        .order_by("-created_at", "-pk")
    )
    return filters.apply(violations, user)


def violation_reports(violation: Violation) -> list[Report]:
    """Reports of this violation and of every violation merged into it (provenance kept)."""
    return list(
        Report.objects.filter(Q(violation=violation) | Q(violation__merged_into=violation))
        .select_related("violation")
        .order_by("submitted_at")
    )


def violation_report_count(violation: Violation) -> int:
    """How many reports tell this violation, those of violations merged into it included
    (what a role that does not read reports is shown instead of them)."""
    return Report.objects.filter(
        Q(violation=violation) | Q(violation__merged_into=violation)
    ).count()


def merge_family(violation_ids: Iterable[int]) -> set[int]:
    """These violations and every violation merged into them, at any depth (a violation
    that absorbed others may itself be merged later)."""
    family = set(violation_ids)
    frontier = set(family)
    while frontier:
        frontier = (
            set(Violation.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
            - family
        )
        family |= frontier
    return family


def publication_consented(violation_id: int) -> bool:
    """Whether a reporter lets this violation be published: some report of it, or of a
    violation merged into it, consents to publication and is not withdrawn. Publishing
    needs it, and a violation is unpublished when it ends (``cases.publication``)."""
    return (
        Report.objects.filter(violation_id__in=merge_family([violation_id]), consent_publish=True)
        .exclude(triage_state=TriageState.WITHDRAWN)
        .exists()
    )


def violation_timeline(violation: Violation) -> list[TimelineEvent]:
    return list(violation.events.select_related("actor").order_by("at", "pk"))


def violations_ready_to_escalate() -> Any:
    """Documented violations whose reporters agreed to sharing with the platform."""
    return (
        Violation.objects.filter(
            status=Status.DOCUMENTED,
            merged_into__isnull=True,
            reports__consent_share_with_platform=True,
        )
        .distinct()
        .select_related("platform", "violation_type")
        .order_by("documented_at")
    )
