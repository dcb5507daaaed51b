"""Reads for violations. Counting rules are defined once here (docs/statistics.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count

from marsad.cases.models import Violation


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
