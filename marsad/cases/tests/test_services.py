"""Violation workflow: the transition table, reasons, documented dates, the timeline."""

import datetime as dt

import pytest
from django.utils import timezone

from marsad.cases.choices import TRANSITIONS, EventKind, RejectionReason, Status
from marsad.cases.errors import (
    ReasonRequired,
    RejectionReasonRequired,
    StaleStatus,
    TransitionNotAllowed,
)
from marsad.cases.models import TimelineEvent, Violation
from marsad.cases.services import violation_create, violation_transition

pytestmark = pytest.mark.django_db

AT = dt.datetime(2022, 5, 3, 10, 0, tzinfo=dt.UTC)


def walk(violation, *statuses, note=""):
    for status in statuses:
        violation_transition(violation=violation, to=status, actor=None, at=AT, note=note)
    return violation


def test_create_writes_the_first_event():
    violation = violation_create(actor=None, title="Removed post", at=AT)
    event = TimelineEvent.objects.get(violation=violation)
    assert (event.kind, event.at, event.after) == (EventKind.CREATED, AT, {"status": "new"})


def test_documenting_sets_the_documented_date_once():
    violation = walk(violation_create(actor=None, at=AT), Status.IN_REVIEW, Status.DOCUMENTED)
    assert violation.documented_at == AT
    later = AT + dt.timedelta(days=3)
    violation_transition(violation=violation, to=Status.ESCALATED, actor=None, at=later)
    violation.refresh_from_db()
    assert (violation.status, violation.documented_at) == (Status.ESCALATED, AT)
    kinds = list(violation.events.values_list("kind", "before", "after"))
    assert kinds[1:] == [
        ("status_changed", {"status": "new"}, {"status": "in_review"}),
        ("status_changed", {"status": "in_review"}, {"status": "documented"}),
        ("status_changed", {"status": "documented"}, {"status": "escalated"}),
    ]


@pytest.mark.parametrize(
    ("start", "target"),
    [(start, target) for start in Status for target in Status if target not in TRANSITIONS[start]],
)
def test_every_move_outside_the_table_is_refused(start, target):
    violation = Violation.objects.create(
        status=start,
        documented_at=AT if start in {"documented", "escalated", "closed"} else None,
        rejection_reason="spam" if start == Status.REJECTED else "",
    )
    with pytest.raises(TransitionNotAllowed):
        violation_transition(
            violation=violation,
            to=target,
            actor=None,
            note="x",
            rejection_reason=RejectionReason.SPAM,
        )
    violation.refresh_from_db()
    assert violation.status == start
    assert not violation.events.exists()


def test_reopening_needs_a_reason():
    violation = walk(violation_create(actor=None, at=AT), Status.IN_REVIEW, Status.DOCUMENTED)
    with pytest.raises(ReasonRequired):
        violation_transition(violation=violation, to=Status.IN_REVIEW, actor=None, note="  ")
    violation_transition(
        violation=violation,
        to=Status.IN_REVIEW,
        actor=None,
        note="The account owner disputes the facts.",
    )
    violation.refresh_from_db()
    assert violation.status == Status.IN_REVIEW
    assert violation.documented_at is None  # no longer counted
    assert violation.events.last().note == "The account owner disputes the facts."


def test_rejecting_needs_a_reason_code():
    violation = walk(violation_create(actor=None, at=AT), Status.IN_REVIEW)
    with pytest.raises(RejectionReasonRequired):
        violation_transition(violation=violation, to=Status.REJECTED, actor=None)
    violation_transition(
        violation=violation,
        to=Status.REJECTED,
        actor=None,
        rejection_reason=RejectionReason.OUT_OF_SCOPE,
    )
    violation.refresh_from_db()
    assert (violation.status, violation.rejection_reason) == ("rejected", "out_of_scope")
    violation_transition(violation=violation, to=Status.IN_REVIEW, actor=None, note="New facts")
    violation.refresh_from_db()
    assert violation.rejection_reason == ""


def test_a_stale_status_loses():
    violation = walk(violation_create(actor=None, at=AT), Status.IN_REVIEW)
    stale_copy = Violation.objects.get(pk=violation.pk)
    violation_transition(violation=violation, to=Status.DOCUMENTED, actor=None)
    with pytest.raises(StaleStatus):
        violation_transition(violation=stale_copy, to=Status.NEEDS_INFO, actor=None)
    violation.refresh_from_db()
    assert violation.status == Status.DOCUMENTED
    assert violation.events.count() == 3


def test_default_time_is_now():
    violation = violation_create(actor=None)
    assert abs(violation.reported_at - timezone.now()) < dt.timedelta(seconds=5)
