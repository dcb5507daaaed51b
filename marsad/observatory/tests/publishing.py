"""Publishing nearly every violation of a period, as staff would, for the differencing tests:
the published violations are downloadable exactly (open data, API, pages), so the more of a
period is published, the more an attacker knows for sure (docs/statistics.md, "Small
numbers")."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases.models import Violation
from marsad.cases.services import violation_set_published, violation_write_summary
from marsad.intake.choices import TriageState
from marsad.intake.models import Report

CHECKLIST = {
    "no_names": True,
    "no_handles_or_links": True,
    "no_location_details": True,
    "no_contact_details": True,
}
SUMMARY = "The platform removed a post documenting a raid on a residential area."


def publish_all_but(first: dt.date, last: dt.date, unpublished: int) -> list[int]:
    """Every violation documented from ``first`` to ``last`` published but ``unpublished`` of
    them (the first by id), through the services that staff use: a redacted summary, then
    the publication (which checks the reporter's consent). A violation none of whose
    reporters consented is given the consent of its first report first (as if its reporter
    had agreed: no staff page changes a report's consent). Returns the ids left unpublished."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    violations = list(
        Violation.objects.counted()
        .filter(documented_at__gte=start, documented_at__lt=end)
        .order_by("pk")
    )
    assert len(violations) > unpublished + 10
    staff = make_user(Role.COORDINATOR, "publisher")
    consenting = Report.objects.filter(violation=OuterRef("pk"), consent_publish=True).exclude(
        triage_state=TriageState.WITHDRAWN
    )
    without = (
        Violation.objects.filter(pk__in=[v.pk for v in violations[unpublished:]])
        .exclude(Exists(consenting))
        .values_list("pk", flat=True)
    )
    for pk in without:
        report = (
            Report.objects.filter(violation_id=pk)
            .exclude(triage_state=TriageState.WITHDRAWN)
            .order_by("pk")
            .first()
        )
        assert report is not None, pk
        Report.objects.filter(pk=report.pk).update(consent_publish=True)
    for violation in violations[unpublished:]:
        if violation.is_published:
            continue
        violation_write_summary(
            violation=violation, actor=staff, language="en", text=SUMMARY, checklist=CHECKLIST
        )
        violation_set_published(violation=violation, actor=staff, published=True)
    for violation in violations[:unpublished]:
        if violation.is_published:
            violation_set_published(violation=violation, actor=staff, published=False)
    return [v.pk for v in violations[:unpublished]]
