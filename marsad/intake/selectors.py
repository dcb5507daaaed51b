"""Reads for intake."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from marsad.accounts.models import User
from marsad.cases.choices import Status
from marsad.intake.choices import TriageState, Trust
from marsad.intake.models import Contact, ContactAccessLog, Report, ReporterMessage
from marsad.intake.receipts import receipt_hash
from marsad.intake.validators import normalise_receipt_code


def reports_new_count() -> int:
    """Reports waiting for triage (the spam queue not included)."""
    return Report.objects.filter(triage_state=TriageState.NEW).count()


def reports_new_by_trust(*, since: dt.datetime | None = None) -> dict[str, int]:
    """New reports per trust queue (normal, low, suspect), optionally since a moment."""
    rows = Report.objects.filter(triage_state__in=[TriageState.NEW, TriageState.SPAM])
    if since is not None:
        rows = rows.filter(submitted_at__gte=since)
    counts = dict(rows.values_list("trust").annotate(n=Count("id")).order_by())
    return {trust.value: counts.get(trust.value, 0) for trust in Trust}


def report_by_receipt(raw_code: str) -> Report | None:
    """The report a receipt code opens, or None. One indexed lookup by keyed hash, the same
    work whether or not the code exists."""
    code = normalise_receipt_code(raw_code)
    digest = receipt_hash(code or "0" * 16)
    report = Report.objects.filter(receipt_hash=digest).first()
    return report if code else None


@dataclass(frozen=True)
class PublicStatus:
    code: str
    label: str | Promise
    explanation: str | Promise


_STATUS_TEXT: dict[str, tuple[Promise, Promise]] = {
    "received": (
        _("Received"),
        _("We have your report. A member of our team will read it soon."),
    ),
    "under_review": (
        _("Under review"),
        _("Our team is checking what happened and the evidence."),
    ),
    "needs_info": (
        _("More information needed"),
        _("We have a question for you. Please read it below and answer if you can."),
    ),
    "documented": (
        _("Documented"),
        _("We verified and documented the violation you reported."),
    ),
    "escalated": (
        _("Escalated to the platform"),
        _("We raised the case with the platform and are waiting for its answer."),
    ),
    "closed": (
        _("Closed"),
        _("We have finished working on this case. Thank you for reporting it."),
    ),
    "not_documented": (
        _("Reviewed, not documented"),
        _(
            "We read your report carefully but could not document it as a violation. "
            "You can still add information if you have more."
        ),
    ),
    "withdrawn": (
        _("Withdrawn"),
        _("You withdrew this report and we deleted what you sent."),
    ),
}

_FROM_VIOLATION: dict[str, str] = {
    Status.NEW: "under_review",
    Status.IN_REVIEW: "under_review",
    Status.NEEDS_INFO: "needs_info",
    Status.DOCUMENTED: "documented",
    Status.ESCALATED: "escalated",
    Status.CLOSED: "closed",
    Status.REJECTED: "not_documented",
}


def report_public_status(report: Report) -> PublicStatus:
    """The status in plain words for the reporter. Spam and trust queues are never shown."""
    if report.triage_state == TriageState.WITHDRAWN:
        key = "withdrawn"
    elif report.triage_state == TriageState.OUT_OF_SCOPE:
        key = "not_documented"
    elif report.violation is not None:
        key = _FROM_VIOLATION.get(report.violation.status, "under_review")
    else:
        key = "received"
    if key in {"received", "under_review"} and _has_open_question(report):
        key = "needs_info"
    label, explanation = _STATUS_TEXT[key]
    return PublicStatus(code=key, label=label, explanation=explanation)


def _has_open_question(report: Report) -> bool:
    last = report.messages.order_by("-created_at", "-pk").first()
    return last is not None and last.direction == "to_reporter"


def report_messages(report: Report) -> list[ReporterMessage]:
    return list(report.messages.order_by("created_at", "pk"))


def contact_reveal(*, user: User, report: Report, reason: str) -> Contact | None:
    """A reporter's contact details for a permitted staff member; the read is logged."""
    contact = Contact.objects.filter(report=report).first()
    if contact is not None:
        ContactAccessLog.objects.create(
            contact=contact, report_id_snapshot=report.pk, user=user, reason=reason[:300]
        )
    return contact


def partner_reports(*, partner: User) -> Any:
    """What a partner organisation submitted (and nothing else), newest first."""
    return (
        Report.objects.filter(partner=partner)
        .select_related("violation", "violation_type", "platform")
        .order_by("-submitted_at", "-pk")
    )
