"""Who may see and change reports and violations in the staff area."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from marsad.accounts.models import User
from marsad.cases.models import Violation
from marsad.intake.models import Report


def require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def may_read_reports(user: User) -> bool:
    """Reports hold the reporters' own words: only roles that read reports see them (or an
    excerpt, or a link to them) anywhere in the staff area."""
    return user.has_perm("intake.view_report")


def may_read_timeline(user: User) -> bool:
    """The timeline holds staff notes and the questions put to reporters, which may quote
    them: the roles with the timeline permission (not the analysts)."""
    return user.has_perm("cases.view_timelineevent")


def report_for(user: User, pk: int, *, change: bool = False) -> Report:
    require(user, "intake.change_report" if change else "intake.view_report")
    return get_object_or_404(
        Report.objects.select_related("violation", "violation_type", "platform", "region"),
        pk=pk,
    )


def violation_for(user: User, pk: int, *, change: bool = False) -> Violation:
    require(user, "cases.change_violation" if change else "cases.view_violation")
    return get_object_or_404(Violation.objects.select_related("merged_into"), pk=pk)
