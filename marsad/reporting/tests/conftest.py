"""A year built for the reports: 2022 with exactly 1,119 documented violations (203 of them
published), 30 of 90 decided removal cases restored (a third), a year of the organisation's
work, and rows that must never count (merged, in review, the minutes either side of the
year)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.activities.choices import TrainingFormat
from marsad.activities.models import Training
from marsad.activities.tests.factories import organisation, publication, topic
from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.escalations.choices import Channel, Outcome, Request
from marsad.escalations.models import Escalation
from marsad.intake.choices import Channel as IntakeChannel
from marsad.intake.choices import TriageState
from marsad.intake.models import Report as IntakeReport
from marsad.taxonomy.models import PerpetratorType, Platform, Region, VictimType, ViolationType

TZ = ZoneInfo("Asia/Jerusalem")
TOTAL_2022 = 1119
TOTAL_2021 = 900
PUBLISHED_2022 = 203  # every fifth of the violations not escalated


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


@dataclass
class Year:
    violations: list[Violation] = field(default_factory=list)
    restored: int = 0
    decided: int = 0
    escalated: int = 0
    positive: int = 0


def _violations(year: int, count: int, *, offset: int = 0) -> list[Violation]:
    types = list(ViolationType.objects.order_by("sort_order", "pk"))
    platforms = list(Platform.objects.order_by("sort_order", "pk"))[:6]
    perpetrators = list(PerpetratorType.objects.order_by("sort_order", "pk"))[:3]
    victims = list(VictimType.objects.order_by("sort_order", "pk"))[:4]
    regions = list(Region.objects.order_by("sort_order", "pk"))[:5]
    rows = []
    for i in range(count):
        j = i + offset
        at = local(year, j % 12 + 1, j % 28 + 1)
        rows.append(
            Violation(
                title=f"{year} case {i}",
                status=(Status.DOCUMENTED, Status.ESCALATED, Status.CLOSED)[j % 3],
                documented_at=at,
                reported_at=at - dt.timedelta(days=2),
                status_changed_at=at,
                # Skewed so the breakdowns differ: the first values come up most.
                violation_type=types[min(j % 13, j % 5)],
                platform=platforms[min(j % 9, j % 6)],
                perpetrator_type=None if j % 17 == 0 else perpetrators[j % 3],
                victim_type=victims[j % 4],
                region=None if j % 23 == 0 else regions[j % 5],
                is_published=j % 5 == 0,
            )
        )
    return Violation.objects.bulk_create(rows)


@pytest.fixture
def year_2022(db) -> Year:
    y = Year()
    y.violations = _violations(2022, TOTAL_2022 - 105)  # and 105 escalated cases below
    _violations(2021, TOTAL_2021, offset=7)
    target = y.violations[0]
    # Never counted in 2022: merged duplicates, cases back in review, rejected ones, and the
    # minutes either side of the year in local time (23:30 on 31 December 2021 is 2021's).
    for i in range(3):
        Violation.objects.create(
            title=f"merged {i}",
            status=Status.DOCUMENTED,
            documented_at=local(2022, 5, 5),
            reported_at=local(2022, 5, 1),
            status_changed_at=local(2022, 5, 5),
            merged_into=target,
        )
    for status in (Status.IN_REVIEW, Status.NEW, Status.REJECTED):
        Violation.objects.create(
            title=f"not documented {status}",
            status=status,
            documented_at=None,
            reported_at=local(2022, 6, 1),
            status_changed_at=local(2022, 6, 1),
        )
    for at in (local(2021, 12, 31, 23, 30), local(2023, 1, 1, 0, 10)):
        Violation.objects.create(
            title=f"edge {at}",
            status=Status.DOCUMENTED,
            documented_at=at,
            reported_at=at - dt.timedelta(days=1),
            status_changed_at=at,
            violation_type=ViolationType.objects.get(slug="hate-speech"),
        )
    # Escalations: 90 decided removal cases on Instagram, 30 of them restored (20 fully, 10
    # in part) -> a third; 10 still open; 5 hate speech cases removed as asked.
    coordinator = make_user(Role.COORDINATOR, "report-coord")
    removal = ViolationType.objects.get(slug="content-removal")
    hate = ViolationType.objects.get(slug="hate-speech")
    instagram = Platform.objects.get(slug="instagram")
    cases = Violation.objects.bulk_create(
        Violation(
            title=f"escalated {i}",
            status=Status.ESCALATED,
            documented_at=local(2022, 2, 1),
            reported_at=local(2022, 1, 28),
            status_changed_at=local(2022, 2, 1),
            violation_type=hate if i >= 100 else removal,
            platform=instagram,
        )
        for i in range(105)
    )
    y.violations.extend(cases)
    outcomes = (
        [Outcome.RESTORED] * 20
        + [Outcome.PARTIALLY_RESTORED] * 10
        + [Outcome.REFUSED] * 50
        + [Outcome.NO_ANSWER] * 10
        + [""] * 10
        + [Outcome.CONTENT_REMOVED] * 5
    )
    Escalation.objects.bulk_create(
        Escalation(
            violation=case,
            platform=instagram,
            channel=Channel.TRUSTED_PARTNER_FORM,
            request=Request.RESTORE_CONTENT,
            sent_at=local(2022, 2, 3),
            sent_by=coordinator,
            outcome=outcome,
            answered_on=dt.date(2022, 2, 10) if outcome and outcome != Outcome.NO_ANSWER else None,
            closed_on=dt.date(2022, 2, 10) if outcome else None,
        )
        for case, outcome in zip(cases, outcomes, strict=True)
    )
    y.restored, y.decided, y.escalated, y.positive = 30, 90, 105, 35
    # Reports received in 2022: 40 (and 5 spam, never counted).
    IntakeReport.objects.bulk_create(
        IntakeReport(
            submitted_at=local(2022, 3, 1 + i % 20),
            channel=IntakeChannel.WEB_FORM,
            language="ar",
            triage_state=TriageState.SPAM if i >= 40 else TriageState.NEW,
            description=f"report {i}",
        )
        for i in range(45)
    )
    # The organisation's work: 13 publications, two trainings (45 women, 38 men, 2 other)
    # of three organisations.
    for i in range(13):
        kind = ("research", "position_paper", "guide")[i % 3]
        publication(kind=kind, on=dt.date(2022, 1 + i % 12, 3))
    orgs = [organisation(name) for name in ("جمعية الشباب", "مركز الإعلام", "Media Lab")]
    for women, men, unstated, linked in ((30, 20, 2, orgs[:2]), (15, 18, 0, orgs[1:])):
        training = Training.objects.create(
            title="Digital security",
            starts_on=dt.date(2022, 4, 1),
            topic=topic(),
            format=TrainingFormat.IN_PERSON,
            women=women,
            men=men,
            gender_unstated=unstated,
        )
        training.organisations.set(linked)
    return y
