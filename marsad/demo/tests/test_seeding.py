"""Demo data: exact documented counts, every status, determinism, three languages."""

import datetime as dt
import re
from fractions import Fraction

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from marsad.cases.choices import EventKind, Status
from marsad.cases.models import TimelineEvent, Violation
from marsad.cases.selectors import violations_documented_in_year
from marsad.demo.seeding import seed_demo
from marsad.escalations.models import Escalation
from marsad.escalations.selectors import Period, escalation_figures, recovery_rate
from marsad.evidence.models import EvidenceItem
from marsad.evidence.services import evidence_verify
from marsad.intake.models import Report

pytestmark = pytest.mark.django_db


def raw_documented_count(year: int) -> int:
    """The same rule written out in SQL, so the selector is checked against the database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM cases_violation WHERE documented_at IS NOT NULL "
            "AND merged_into_id IS NULL AND status IN ('documented', 'escalated', 'closed') "
            "AND documented_at >= %s AND documented_at < %s",
            [
                dt.datetime(year, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=2))),
                dt.datetime(year + 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            ],
        )
        return int(cursor.fetchone()[0])


def test_seed_demo_year_2022_documents_exactly_1119(capsys):
    call_command("seed_demo", year=2022, violations=1119)
    assert violations_documented_in_year(year=2022) == 1119
    assert raw_documented_count(2022) == 1119
    assert "2022: 1119 documented violations" in capsys.readouterr().out
    # Uncounted work is there too: rejected reports and merged duplicates.
    statuses = dict(Violation.objects.values_list("status").annotate(n=Count("id")))
    assert statuses["rejected"] > 0
    assert Violation.objects.filter(merged_into__isnull=False).exists()
    # Each violation has at least one report, in each of the three languages overall.
    assert not Violation.objects.filter(reports__isnull=True).exists()
    assert set(Report.objects.values_list("language", flat=True)) == {"ar", "en", "he"}


def test_default_demo_covers_every_status_and_the_crisis_peaks():
    seed_demo(today=dt.date(2026, 11, 25))
    statuses = set(Violation.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in Status}
    assert Violation.objects.filter(crisis_period__slug="may-2021").exists()
    assert Violation.objects.filter(crisis_period__slug="october-2023").exists()
    per_month = dict(
        Violation.objects.counted()
        .filter(documented_at__year=2023)
        .values_list("documented_at__month")
        .annotate(n=Count("id"))
    )
    assert per_month[10] > 3 * per_month[6]  # October 2023 is a peak
    assert Report.objects.filter(violation__isnull=True, triage_state="new").count() == 36
    assert set(Violation.objects.values_list("platform__slug", flat=True)) >= {
        "facebook",
        "instagram",
        "x-twitter",
        "tiktok",
        "youtube",
        "telegram",
    }
    assert Violation.objects.values("region").distinct().count() == 6


def test_every_timeline_ends_at_the_violation_status():
    seed_demo(year=2024, violations=150, today=dt.date(2026, 11, 25))
    last = {}
    changes = TimelineEvent.objects.filter(kind__in=[EventKind.CREATED, EventKind.STATUS_CHANGED])
    for event in changes.order_by("violation_id", "at", "pk"):
        last[event.violation_id] = event.after["status"]
    assert last == dict(Violation.objects.values_list("id", "status"))


def test_nothing_lies_in_the_future():
    today = dt.date(2026, 3, 10)
    seed_demo(year=2026, violations=200, today=today)
    assert violations_documented_in_year(year=2026) == 200
    assert not Violation.objects.filter(documented_at__date__gt=today).exists()


def signature():
    return list(
        Violation.objects.order_by("pk").values_list(
            "title",
            "status",
            "platform__slug",
            "violation_type__slug",
            "region__slug",
            "documented_at",
            "occurred_on",
        )
    )


def test_the_same_arguments_give_the_same_data():
    seed_demo(year=2022, violations=60, today=dt.date(2026, 11, 25))
    first = signature()
    escalations = list(
        Escalation.objects.order_by("sent_at", "violation__title").values_list(
            "violation__title", "outcome", "sent_at", "answered_on", "follow_up_of__sent_at"
        )
    )
    assert escalations
    TimelineEvent.objects.all().delete()
    EvidenceItem.objects.all().delete()
    Escalation.objects.filter(follow_up_of__isnull=False).delete()
    Escalation.objects.all().delete()
    Report.objects.all().delete()
    Violation.objects.filter(merged_into__isnull=False).delete()
    Violation.objects.all().delete()
    seed_demo(year=2022, violations=60, today=dt.date(2026, 11, 25))
    assert signature() == first
    assert escalations == list(
        Escalation.objects.order_by("sent_at", "violation__title").values_list(
            "violation__title", "outcome", "sent_at", "answered_on", "follow_up_of__sent_at"
        )
    )


def test_command_refuses_a_database_with_data():
    seed_demo(year=2022, violations=3, today=dt.date(2026, 11, 25))
    with pytest.raises(CommandError, match="fills an empty database"):
        call_command("seed_demo", year=2022, violations=3)
    call_command("seed_demo", year=2021, violations=4, append=True)
    assert violations_documented_in_year(year=2021) == 4


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"violations": 10}, "--violations needs --year"),
        ({"year": 2022, "violations": -1}, "--violations must be zero or more"),
        ({"year": 1999}, "--year must be between 2000"),
    ],
)
def test_command_rejects_bad_options(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", **options)


def test_demo_evidence_is_stored_and_verifies():
    summary = seed_demo(year=2022, violations=30, today=dt.date(2026, 11, 25))
    assert summary.evidence == 24
    assert EvidenceItem.objects.filter(kind="file", safe_copy_kind="image").count() == 12
    assert EvidenceItem.objects.filter(kind="capture", state="stored").count() == 12
    result = evidence_verify()
    assert result.checked == 24
    assert result.problems == []


def test_the_2022_demo_recovers_a_third_of_the_removed_content(capsys):
    call_command("seed_demo", year=2022, violations=1119)
    assert re.search(r"\b\d+ escalations, 24 evidence items, ", capsys.readouterr().out)
    rate = recovery_rate(period=Period.year(2022))
    assert rate.denominator > 200
    assert abs(rate.value - Fraction(1, 3)) < Fraction(1, 100)
    assert rate.percent == 33
    # Every escalated or closed violation was escalated, with a reporter's agreement.
    sent = Violation.objects.filter(status__in=["escalated", "closed"], merged_into__isnull=True)
    assert not sent.filter(escalations__isnull=True).exists()
    assert not sent.exclude(reports__consent_share_with_platform=True).exists()
    # Closed ones have a final outcome; the platforms answered most of them.
    figures = escalation_figures(period=Period.year(2022))
    open_2022 = Escalation.objects.filter(
        follow_up_of__isnull=True,
        violation__status="escalated",
        sent_at__gte=Period.year(2022).start,
        sent_at__lt=Period.year(2022).end,
    )
    assert figures.outcomes.counts["open"] == open_2022.count() > 0
    assert figures.answered > figures.escalated / 2
    assert figures.response.median_days is not None
    assert Escalation.objects.filter(follow_up_of__isnull=False).exists()
