"""Reads for the staff area's front page."""

from __future__ import annotations

from dataclasses import dataclass

from marsad.cases.choices import Status
from marsad.cases.selectors import violation_status_counts
from marsad.escalations.selectors import Overdue, escalations_overdue
from marsad.intake.selectors import reports_new_by_trust


@dataclass(frozen=True)
class StatusRow:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Dashboard:
    new_reports: dict[str, int]
    statuses: list[StatusRow]
    overdue_count: int
    overdue: list[Overdue]


def staff_dashboard() -> Dashboard:
    counts = violation_status_counts()
    overdue_count, overdue = escalations_overdue(limit=10)
    return Dashboard(
        overdue_count=overdue_count,
        overdue=overdue,
        new_reports=reports_new_by_trust(),
        statuses=[
            StatusRow(status=s.value, label=str(s.label), count=counts.get(s.value, 0))
            for s in Status
        ],
    )
