"""Writes for escalations: sending (one or a batch), follow-ups, answers, outcomes, appeals.

Every write records an ``escalation`` event on the violation's timeline, and status changes
go through ``cases.services.violation_transition`` (documented → escalated when sent; escalated
→ closed, or back to documented when withdrawn, once every case of the violation has an
outcome).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from marsad.accounts.models import User
from marsad.cases.choices import EventKind, Status
from marsad.cases.events import event_record
from marsad.cases.models import Violation
from marsad.cases.services import violation_transition
from marsad.escalations.choices import (
    PLATFORM_OUTCOMES,
    BatchState,
    Channel,
    Outcome,
    Request,
)
from marsad.escalations.errors import (
    AnswerDateRequired,
    BatchEmpty,
    BatchItemsNotReady,
    BatchNotDraft,
    DateOutOfRange,
    NotEscalatable,
    NotLatestAttempt,
    ReasonRequired,
    WrongPlatform,
)
from marsad.escalations.models import Batch, BatchItem, Escalation, LatestOutcome
from marsad.escalations.packages import package_build
from marsad.escalations.selectors import violations_escalatable
from marsad.evidence.services import evidence_record_shared
from marsad.observatory.services import public_figures_changed
from marsad.taxonomy.models import Platform

# Statuses from which a violation may be sent to a platform (a first time, or again).
SENDABLE = frozenset({Status.DOCUMENTED, Status.ESCALATED, Status.CLOSED})


def _public_figures_changed() -> None:
    """Escalations change public figures (the outcome filter, the outcome mix, the rates)."""
    public_figures_changed()


def _event(violation: Violation, actor: User | None, **after: object) -> None:
    _public_figures_changed()
    event_record(
        violation=violation,
        kind=EventKind.ESCALATION,
        actor=actor,
        at=timezone.now(),
        after={k: v for k, v in after.items() if v not in (None, "")},
    )


def _check_date(day: dt.date, *, not_before: dt.datetime) -> None:
    if not timezone.localtime(not_before).date() <= day <= timezone.localdate():
        raise DateOutOfRange()


# --- Sending ----------------------------------------------------------------------------------


@transaction.atomic
def escalation_send(
    *,
    violation: Violation,
    channel: Channel | str,
    request: Request | str,
    actor: User,
    platform: Platform | None = None,
    sent_at: dt.datetime | None = None,
    reference: str = "",
    message: str = "",
    batch: Batch | None = None,
) -> Escalation:
    """Record that a violation was sent to its platform. The first time for that platform it
    is a first attempt; afterwards it is a follow-up of the first one."""
    now = timezone.now()
    sent_at = sent_at or now
    if sent_at > now:
        raise DateOutOfRange()
    locked = Violation.objects.select_for_update().get(pk=violation.pk)
    if not violations_escalatable(Violation.objects.filter(pk=locked.pk)).exists():
        raise NotEscalatable()
    platform_id = locked.platform_id
    assert platform_id is not None  # an escalatable violation has its platform
    if platform is not None and platform.pk != platform_id:
        raise WrongPlatform()
    first = Escalation.objects.filter(
        violation=locked, platform_id=platform_id, follow_up_of__isnull=True
    ).first()
    if first is not None:
        latest = _latest_of(first)
        if sent_at < latest.sent_at:
            raise DateOutOfRange()
    escalation = Escalation.objects.create(
        violation=locked,
        platform_id=platform_id,
        channel=channel,
        request=request,
        follow_up_of=first,
        batch=batch,
        sent_at=sent_at,
        sent_by=actor,
        reference=reference.strip(),
        message=message.strip(),
    )
    _event(
        locked,
        actor,
        escalation=escalation.pk,
        action="follow_up" if first else "sent",
        follow_up_of=first.pk if first else None,
        channel=str(channel),
        request=str(request),
        batch=batch.pk if batch else None,
        sent_on=timezone.localtime(sent_at).date().isoformat(),
    )
    latest_outcome_refresh(violation_id=locked.pk)
    if locked.status in (Status.DOCUMENTED, Status.CLOSED):
        violation_transition(violation=locked, to=Status.ESCALATED, actor=actor, at=now)
    violation.status = locked.status
    return escalation


@transaction.atomic
def escalation_follow_up(
    *,
    escalation: Escalation,
    actor: User,
    channel: Channel | str | None = None,
    message: str = "",
    sent_at: dt.datetime | None = None,
) -> Escalation:
    """Chase the platform again: a new attempt linked to the case's first one."""
    return escalation_send(
        violation=escalation.violation,
        platform=escalation.platform,
        channel=channel or escalation.channel,
        request=escalation.request,
        actor=actor,
        sent_at=sent_at,
        message=message,
    )


def _latest_of(first: Escalation) -> Escalation:
    return (
        Escalation.objects.filter(Q(pk=first.pk) | Q(follow_up_of=first.pk)).order_by("-pk").first()
        or first
    )


def _case_start(escalation: Escalation) -> dt.datetime:
    """When the case's first attempt was sent."""
    if escalation.follow_up_of_id is None:
        return escalation.sent_at
    return Escalation.objects.values_list("sent_at", flat=True).get(pk=escalation.follow_up_of_id)


def _lock_latest(escalation: Escalation) -> Escalation:
    locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
    later = Escalation.objects.filter(
        follow_up_of=locked.follow_up_of_id or locked.pk, pk__gt=locked.pk
    )
    if later.exists():
        raise NotLatestAttempt()
    return locked


# --- The latest outcome of each violation (the public outcome filter) ---------------------


def latest_outcome_refresh(*, violation_id: int) -> None:
    """Write the violation's ``LatestOutcome`` from its attempts: the outcome of the last one
    sent (by sending time, then id), to any platform. Called by every service that adds an
    attempt or changes an outcome, in its transaction. The violation is locked first, so that
    two outcomes recorded at once on two of its cases cannot leave the earlier one's view."""
    list(Violation.objects.select_for_update().filter(pk=violation_id).values_list("pk"))
    latest = (
        Escalation.objects.filter(violation_id=violation_id)
        .order_by("-sent_at", "-pk")
        .values_list("outcome", flat=True)
        .first()
    )
    if latest is None:
        LatestOutcome.objects.filter(violation_id=violation_id).delete()
    else:
        LatestOutcome.objects.update_or_create(
            violation_id=violation_id, defaults={"outcome": latest}
        )


def latest_outcomes_rebuild() -> int:
    """Write every violation's ``LatestOutcome`` again from the attempts (after a bulk load
    of escalations: the demo data, the benchmark's data set, an import). Returns the rows."""
    rows: list[LatestOutcome] = []
    seen: set[int] = set()
    attempts = Escalation.objects.order_by("violation_id", "-sent_at", "-pk").values_list(
        "violation_id", "outcome"
    )
    with transaction.atomic():
        LatestOutcome.objects.all().delete()
        for violation_id, outcome in attempts.iterator(chunk_size=5000):
            if violation_id in seen:
                continue
            seen.add(violation_id)
            rows.append(LatestOutcome(violation_id=violation_id, outcome=outcome))
            if len(rows) == 5000:
                LatestOutcome.objects.bulk_create(rows)
                rows.clear()
        LatestOutcome.objects.bulk_create(rows)
    return len(seen)


# --- Answers and outcomes -------------------------------------------------------------------


@transaction.atomic
def escalation_record_answer(
    *,
    escalation: Escalation,
    actor: User,
    answered_on: dt.date,
    answer: str = "",
    reason_given: str = "",
    reference: str = "",
    outcome: Outcome | str = "",
    closed_on: dt.date | None = None,
) -> Escalation:
    """The platform answered: its date, words and reason; with the outcome when the answer
    settles the case (restored, refused ...), or none while it is still looking."""
    locked = _lock_latest(escalation)
    started = _case_start(locked)
    _check_date(answered_on, not_before=started)
    if outcome and outcome not in PLATFORM_OUTCOMES:
        raise AnswerDateRequired()
    locked.answered_on = answered_on
    locked.answer = answer.strip()
    locked.reason_given = reason_given.strip()[:500]
    if reference.strip():
        locked.reference = reference.strip()[:200]
    locked.save(update_fields=["answered_on", "answer", "reason_given", "reference", "updated_at"])
    _event(
        locked.violation,
        actor,
        escalation=locked.pk,
        action="answer",
        answered_on=answered_on.isoformat(),
        reason_given=locked.reason_given,
    )
    if outcome:
        _apply_outcome(locked, actor, Outcome(outcome), closed_on or answered_on, started, "")
    escalation.refresh_from_db()
    return escalation


@transaction.atomic
def escalation_close(
    *,
    escalation: Escalation,
    actor: User,
    outcome: Outcome | str,
    closed_on: dt.date | None = None,
    note: str = "",
) -> Escalation:
    """Record or change the outcome without a new answer: no answer (we stop waiting),
    withdrawn (with a reason), or what the platform did after an answer already recorded
    (an appeal reversed, content restored later)."""
    locked = _lock_latest(escalation)
    started = _case_start(locked)
    outcome = Outcome(outcome)
    if outcome == Outcome.WITHDRAWN and not note.strip():
        raise ReasonRequired()
    if outcome in PLATFORM_OUTCOMES and not _case_answered(locked):
        raise AnswerDateRequired()
    _apply_outcome(locked, actor, outcome, closed_on or timezone.localdate(), started, note)
    escalation.refresh_from_db()
    return escalation


def _case_answered(escalation: Escalation) -> bool:
    first = escalation.follow_up_of_id or escalation.pk
    return Escalation.objects.filter(
        Q(pk=first) | Q(follow_up_of=first), answered_on__isnull=False
    ).exists()


def _apply_outcome(
    escalation: Escalation,
    actor: User,
    outcome: Outcome,
    closed_on: dt.date,
    started: dt.datetime,
    note: str,
) -> None:
    _check_date(closed_on, not_before=started)
    _public_figures_changed()
    before = escalation.outcome
    escalation.outcome = outcome
    escalation.closed_on = closed_on
    escalation.save(update_fields=["outcome", "closed_on", "updated_at"])
    latest_outcome_refresh(violation_id=escalation.violation_id)
    event_record(
        violation=escalation.violation,
        kind=EventKind.ESCALATION,
        actor=actor,
        at=timezone.now(),
        before={"outcome": before} if before else {},
        after={
            "escalation": escalation.pk,
            "action": "outcome",
            "outcome": str(outcome),
            "closed_on": closed_on.isoformat(),
        },
        note=note.strip(),
    )
    _settle_violation(escalation.violation, actor, note.strip())


def _settle_violation(violation: Violation, actor: User, note: str) -> None:
    """Once every case of an escalated violation has an outcome, the violation is closed, or
    documented again when every one of them was withdrawn."""
    locked = Violation.objects.select_for_update().get(pk=violation.pk)
    if locked.status != Status.ESCALATED:
        return
    outcomes = set(
        Escalation.objects.filter(violation=locked)
        .latest_attempts()
        .values_list("outcome", flat=True)
    )
    if not outcomes or "" in outcomes:
        return
    if outcomes == {Outcome.WITHDRAWN}:
        violation_transition(
            violation=locked, to=Status.DOCUMENTED, actor=actor, note=note or "withdrawn"
        )
    else:
        violation_transition(violation=locked, to=Status.CLOSED, actor=actor, note=note)


@transaction.atomic
def escalation_record_appeal(
    *,
    escalation: Escalation,
    actor: User,
    appealed_on: dt.date,
    appeal_outcome: str = "",
) -> Escalation:
    """An appeal of the platform's decision, and its result when known."""
    locked = Escalation.objects.select_for_update().get(pk=escalation.pk)
    _check_date(appealed_on, not_before=_case_start(locked))
    locked.appealed_on = appealed_on
    locked.appeal_outcome = appeal_outcome
    locked.save(update_fields=["appealed_on", "appeal_outcome", "updated_at"])
    _event(
        locked.violation,
        actor,
        escalation=locked.pk,
        action="appeal",
        appealed_on=appealed_on.isoformat(),
        appeal_outcome=appeal_outcome,
    )
    escalation.refresh_from_db()
    return escalation


# --- Batches --------------------------------------------------------------------------------


@transaction.atomic
def batch_create(
    *,
    platform: Platform,
    channel: Channel | str,
    items: list[tuple[Violation, Request | str]],
    actor: User,
) -> Batch:
    """A draft batch of violations for one platform, each with what is asked for it."""
    if not items:
        raise BatchEmpty()
    wanted = {violation.pk: request for violation, request in items}
    ready = set(
        violations_escalatable(Violation.objects.filter(pk__in=wanted))
        .filter(platform=platform)
        .values_list("pk", flat=True)
    )
    if missing := sorted(set(wanted) - ready):
        raise BatchItemsNotReady(missing)
    batch = Batch.objects.create(platform=platform, channel=channel, created_by=actor)
    BatchItem.objects.bulk_create(
        [BatchItem(batch=batch, violation_id=pk, request=request) for pk, request in wanted.items()]
    )
    return batch


def _lock_draft(batch: Batch) -> Batch:
    locked = Batch.objects.select_for_update().get(pk=batch.pk)
    if locked.state != BatchState.DRAFT:
        raise BatchNotDraft()
    return locked


@transaction.atomic
def batch_remove_item(*, batch: Batch, violation_id: int) -> None:
    _lock_draft(batch)
    BatchItem.objects.filter(batch=batch, violation_id=violation_id).delete()


@transaction.atomic
def batch_discard(*, batch: Batch) -> None:
    _lock_draft(batch).delete()


@transaction.atomic
def batch_mark_sent(
    *,
    batch: Batch,
    actor: User,
    sent_at: dt.datetime | None = None,
    reference: str = "",
) -> Batch:
    """The package went to the platform: keep it as sent and create one escalation per
    violation (the first attempt, or a follow-up where the violation was sent before)."""
    locked = _lock_draft(batch)
    items = list(locked.items.select_related("violation"))
    if not items:
        raise BatchEmpty()
    ready = set(
        violations_escalatable(Violation.objects.filter(pk__in=[i.violation_id for i in items]))
        .filter(platform=locked.platform)
        .values_list("pk", flat=True)
    )
    if missing := sorted({i.violation_id for i in items} - ready):
        raise BatchItemsNotReady(missing)
    now = timezone.now()
    sent_at = sent_at or now
    if sent_at > now:
        raise DateOutOfRange()
    locked.state = BatchState.SENT
    locked.sent_at = sent_at
    locked.sent_by = actor
    locked.reference = reference.strip()[:200]
    locked.package = package_build(locked)
    locked.package_sha256 = hashlib.sha256(
        json.dumps(locked.package, ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    locked.save()
    evidence_record_shared(
        public_ids=[e["id"] for v in locked.package["items"] for e in v["evidence"]],
        actor=actor,
        reason=f"sent to {locked.platform.slug} in batch {locked.pk}",
        detail={"batch": locked.pk, "platform": locked.platform.slug, "kind": "escalation"},
    )
    for item in items:
        escalation_send(
            violation=item.violation,
            platform=locked.platform,
            channel=locked.channel,
            request=item.request,
            actor=actor,
            sent_at=sent_at,
            reference=locked.reference,
            batch=locked,
        )
    batch.refresh_from_db()
    return batch
