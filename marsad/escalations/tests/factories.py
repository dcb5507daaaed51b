"""Builders for escalation tests: documented violations with the reports behind them."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.evidence.choices import Kind, State
from marsad.evidence.models import EvidenceItem
from marsad.intake.choices import Channel, TriageState
from marsad.intake.models import Report, ReportFile
from marsad.taxonomy.models import Platform, ViolationType

_numbers = itertools.count(1)


def documented(
    *,
    platform: str = "instagram",
    type_slug: str = "content-removal",
    consent: bool = True,
    at: dt.datetime | None = None,
    title: str = "",
    status: str = Status.DOCUMENTED,
    **fields: object,
) -> Violation:
    """A documented violation with one attached report (consenting to sharing with the
    platform unless ``consent=False``)."""
    at = at or timezone.now() - dt.timedelta(days=30)
    values: dict[str, object] = {
        "title": title or f"case {next(_numbers)}",
        "status": status,
        "documented_at": at,
        "reported_at": at - dt.timedelta(days=2),
        "status_changed_at": at,
        "platform": Platform.objects.get(slug=platform) if platform else None,
        "violation_type": ViolationType.objects.get(slug=type_slug) if type_slug else None,
    }
    violation = Violation.objects.create(**{**values, **fields})
    report_for(violation, consent=consent, at=at - dt.timedelta(days=2))
    return violation


def report_for(
    violation: Violation,
    *,
    consent: bool = True,
    at: dt.datetime | None = None,
    links: list[str] | None = None,
    handle: str = "",
    state: str = TriageState.ATTACHED,
) -> Report:
    n = next(_numbers)
    return Report.objects.create(
        submitted_at=at or timezone.now() - dt.timedelta(days=31),
        channel=Channel.WEB_FORM,
        language="ar",
        triage_state=state,
        withdrawn_at=timezone.now() if state == TriageState.WITHDRAWN else None,
        violation=violation,
        description=f"report {n}",
        links=links if links is not None else [f"https://www.instagram.com/p/P{n}"],
        account_handle=handle,
        consent_share_with_platform=consent,
    )


def report_file(report: Report, sha256: str, *, name: str = "photo.png") -> ReportFile:
    """A reporter's file and the evidence item the ingest makes of it when the report is
    saved (the ingest runs on commit, which these non-transactional tests never reach)."""
    row = ReportFile.objects.create(
        report=report,
        file=f"intake/{report.pk}/{sha256[:8]}.png",
        original_name=name,
        content_type="image/png",
        extension=".png",
        size=1234,
        sha256=sha256,
        received_at=report.submitted_at,
    )
    EvidenceItem.objects.create(
        kind=Kind.FILE,
        state=State.STORED,
        report=report,
        report_file=row,
        original=row.file.name,
        original_name=name,
        content_type=row.content_type,
        size=row.size,
        sha256=sha256,
        received_at=row.received_at,
    )
    return row
