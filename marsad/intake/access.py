"""Who may see a report: a reporter holding its receipt code (kept in the session after they
entered it, for a limited time) and permitted staff."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from marsad.intake.models import Report

SESSION_KEY = "intake_followup"


def followup_open(request: HttpRequest, report: Report) -> None:
    """Remember, for this browser session only, that the receipt code was given."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"report": report.pk, "at": timezone.now().timestamp()}


def followup_close(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def followup_report(request: HttpRequest) -> Report | None:
    """The report this browser opened with its receipt code, if that was recent enough."""
    entry = request.session.get(SESSION_KEY)
    if not isinstance(entry, dict):
        return None
    started = entry.get("at")
    lifetime = settings.INTAKE_FOLLOWUP_SESSION_SECONDS
    if not isinstance(started, int | float) or timezone.now().timestamp() - started > lifetime:
        request.session.pop(SESSION_KEY, None)
        return None
    report_id = entry.get("report")
    if not isinstance(report_id, int):
        return None
    return Report.objects.select_related("violation").filter(pk=report_id).first()
