"""Writes for violations. Every state change goes through here and writes a timeline event."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from marsad.accounts.models import User
from marsad.cases.choices import (
    REOPENINGS,
    TRANSITIONS,
    VERIFIED_STATUSES,
    EventKind,
    RejectionReason,
    Status,
)
from marsad.cases.errors import (
    ReasonRequired,
    RejectionReasonRequired,
    StaleStatus,
    TransitionNotAllowed,
)
from marsad.cases.events import event_record
from marsad.cases.models import Violation


@transaction.atomic
def violation_create(
    *,
    actor: User | None,
    title: str = "",
    reported_at: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> Violation:
    now = at or timezone.now()
    violation = Violation.objects.create(
        title=title, status=Status.NEW, reported_at=reported_at or now, status_changed_at=now
    )
    event_record(
        violation=violation,
        kind=EventKind.CREATED,
        actor=actor,
        at=now,
        after={"status": Status.NEW},
    )
    return violation


@transaction.atomic
def violation_transition(
    *,
    violation: Violation,
    to: Status,
    actor: User | None,
    note: str = "",
    rejection_reason: RejectionReason | None = None,
    at: dt.datetime | None = None,
) -> Violation:
    """Move a violation to another status if the transition table allows it.

    The update is conditional on the status the caller saw, so two staff members acting at
    once cannot both succeed; the loser gets ``StaleStatus``.
    """
    now = at or timezone.now()
    before = violation.status
    if to not in TRANSITIONS.get(before, frozenset()):
        raise TransitionNotAllowed(from_status=before, to_status=to)
    if (before, to) in REOPENINGS and not note.strip():
        raise ReasonRequired()
    if to == Status.REJECTED and rejection_reason is None:
        raise RejectionReasonRequired()

    changes: dict[str, object] = {
        "status": to,
        "status_changed_at": now,
        "rejection_reason": (rejection_reason or "") if to == Status.REJECTED else "",
    }
    if to in VERIFIED_STATUSES and violation.documented_at is None:
        changes["documented_at"] = now
    if to not in VERIFIED_STATUSES:
        changes["documented_at"] = None
    updated = Violation.objects.filter(pk=violation.pk, status=before).update(**changes)
    if updated != 1:
        raise StaleStatus()
    for field, value in changes.items():
        setattr(violation, field, value)

    after: dict[str, object] = {"status": to}
    if to == Status.REJECTED:
        after["rejection_reason"] = rejection_reason
    event_record(
        violation=violation,
        kind=EventKind.STATUS_CHANGED,
        actor=actor,
        at=now,
        before={"status": before},
        after=after,
        note=note,
    )
    return violation
