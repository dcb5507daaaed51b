"""Reads for accounts: the staff area's front page, accounts by verified address."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress

from marsad.accounts.models import User
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


def users_with_verified_address(email: str) -> list[User]:
    """The active accounts for which ``email`` is a verified address: one an administrator
    entered, or one confirmed from its own mailbox. An address a staff member asked to change
    to and never confirmed is not one of them."""
    user_ids = EmailAddress.objects.filter(email__iexact=email.strip(), verified=True).values(
        "user_id"
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
