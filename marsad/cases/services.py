"""Writes for violations. Every state change goes through here and writes a timeline event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
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
    MergeNotAllowed,
    NotMerged,
    PublishNotAllowed,
    ReasonRequired,
    RejectionReasonRequired,
    ReportAlreadyTriaged,
    ReportNotInViolation,
    StaleStatus,
    TransitionNotAllowed,
)
from marsad.cases.events import event_record
from marsad.cases.models import PublicSummary, Victim, Violation
from marsad.cases.publication import publication_follow_consent, violations_lock
from marsad.cases.selectors import merge_family, publication_consented
from marsad.intake.choices import TriageState
from marsad.intake.models import Report
from marsad.intake.services import report_ask_reporter
from marsad.observatory.services import public_record_refresh
from marsad.taxonomy.models import CrisisPeriod, Region, Tag, VictimType, ViolationType


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
    public_record_refresh(violation=violation)
    return violation


# --- Triage: reports become violations ----------------------------------------------------


CLASSIFICATION_FIELDS = (
    "violation_type",
    "platform",
    "perpetrator_type",
    "victim_type",
    "region",
    "crisis_period",
    "occurred_on",
    "occurred_on_approximate",
    "notice_given",
    "rule_cited",
    "flag_origin",
    "appeal_made",
    "appeal_outcome",
    "title",
    "due_on",
)


def _claim_report(report: Report, state: str, violation: Violation | None) -> None:
    """Conditional update: only a report still waiting for triage can be claimed."""
    updated = Report.objects.filter(
        pk=report.pk, triage_state__in=[TriageState.NEW, TriageState.SPAM]
    ).update(triage_state=state, violation=violation)
    if updated != 1:
        raise ReportAlreadyTriaged()
    report.triage_state = state
    report.violation = violation


@transaction.atomic
def violation_open_from_report(*, report: Report, actor: User) -> Violation:
    """A new violation documented from this report; what the reporter chose is copied as the
    first classification (staff correct it afterwards, each change on the timeline)."""
    now = timezone.now()
    violation = Violation.objects.create(
        status=Status.NEW,
        reported_at=report.submitted_at,
        status_changed_at=now,
        violation_type=report.violation_type,
        platform=report.platform,
        perpetrator_type=report.perpetrator_type,
        victim_type=report.victim_type,
        region=report.region,
        occurred_on=report.occurred_on,
        occurred_on_approximate=report.occurred_on_approximate,
        notice_given={"yes": "yes", "no": "no"}.get(report.platform_notified, ""),
        rule_cited=report.platform_rule[:300],
        appeal_made={"yes": "yes", "no": "no"}.get(report.appealed, ""),
        crisis_period=_period_for(report.occurred_on or report.submitted_at.date()),
    )
    _claim_report(report, TriageState.ATTACHED, violation)
    event_record(
        violation=violation,
        kind=EventKind.CREATED,
        actor=actor,
        at=now,
        after={"status": Status.NEW, "from_report": report.pk},
    )
    return violation


def _period_for(day: dt.date) -> CrisisPeriod | None:
    return (
        CrisisPeriod.objects.filter(starts_on__lte=day, is_active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on")
        .first()
    )


@transaction.atomic
def report_attach(*, report: Report, violation: Violation, actor: User) -> None:
    """Attach a report to an existing violation (one more account of the same incident)."""
    target = violation.merged_into or violation
    _claim_report(report, TriageState.ATTACHED, target)
    if target.reported_at is None or report.submitted_at < target.reported_at:
        Violation.objects.filter(pk=target.pk).update(reported_at=report.submitted_at)
    event_record(
        violation=target,
        kind=EventKind.REPORT_ATTACHED,
        actor=actor,
        at=timezone.now(),
        after={"report": report.pk},
    )


@transaction.atomic
def reports_set_triage(*, reports: list[Report], state: TriageState, actor: User) -> int:
    """Mark reports as spam or out of scope (the bulk action uses the same service)."""
    if state not in (TriageState.SPAM, TriageState.OUT_OF_SCOPE, TriageState.NEW):
        raise ValueError(state)
    return Report.objects.filter(
        pk__in=[r.pk for r in reports], triage_state__in=[TriageState.NEW, TriageState.SPAM]
    ).update(triage_state=state)


# --- Working on a violation -----------------------------------------------------------------


@transaction.atomic
def violation_classify(
    *,
    violation: Violation,
    actor: User,
    changes: dict[str, Any],
    tags: list[Tag] | None = None,
    additional_types: list[ViolationType] | None = None,
) -> Violation:
    """Change classification fields; the timeline records each field's before and after."""
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in CLASSIFICATION_FIELDS:
            raise ValueError(name)
        old = getattr(violation, name)
        if old != value:
            before[name] = _plain(old)
            after[name] = _plain(value)
            setattr(violation, name, value)
    for name, terms in (("tags", tags), ("additional_types", additional_types)):
        if terms is None:
            continue
        manager = getattr(violation, name)
        old_slugs = sorted(t.slug for t in manager.all())
        new_slugs = sorted(t.slug for t in terms)
        if old_slugs != new_slugs:
            manager.set(terms)
            before[name], after[name] = old_slugs, new_slugs
    if after:
        violation.save()
        event_record(
            violation=violation,
            kind=EventKind.CLASSIFIED,
            actor=actor,
            at=timezone.now(),
            before=before,
            after=after,
        )
        public_record_refresh(violation=violation)
    return violation


def _plain(value: Any) -> Any:
    if hasattr(value, "slug"):
        return value.slug
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def violation_assign(*, violation: Violation, assignee: User | None, actor: User) -> None:
    before = violation.assignee.get_username() if violation.assignee else None
    Violation.objects.filter(pk=violation.pk).update(assignee=assignee)
    violation.assignee = assignee
    event_record(
        violation=violation,
        kind=EventKind.ASSIGNED,
        actor=actor,
        at=timezone.now(),
        before={"assignee": before},
        after={"assignee": assignee.get_username() if assignee else None},
    )


def violation_add_note(*, violation: Violation, actor: User, note: str) -> None:
    """An internal note on the timeline (never shown to the reporter or the public)."""
    event_record(
        violation=violation, kind=EventKind.NOTE, actor=actor, at=timezone.now(), note=note
    )


@transaction.atomic
def violation_ask_reporter(
    *, violation: Violation, report: Report, actor: User, question: str
) -> None:
    """Ask the reporter for more information: the question appears on their follow-up page
    and the violation waits in "more information needed". The report must be one of this
    violation's, or of a violation merged into it (its page lists those too)."""
    if report.violation_id is None or report.violation_id not in merge_family([violation.pk]):
        raise ReportNotInViolation()
    if violation.status != Status.NEEDS_INFO:
        # The question is on its own event, right after: written once, so a withdrawal
        # erases it in one place (``events_erase_questions``).
        violation_transition(violation=violation, to=Status.NEEDS_INFO, actor=actor)
    report_ask_reporter(report=report, author=actor, body=question)


@transaction.atomic
def violation_merge(*, source: Violation, target: Violation, actor: User, note: str = "") -> None:
    """Merge ``source`` into ``target``: the source keeps its reports and history (the
    provenance) and points at the target; counts use the target only. Undone by split."""
    if source.pk == target.pk or source.merged_into_id or target.merged_into_id:
        raise MergeNotAllowed()
    locked = violations_lock([source.pk, target.pk])
    if locked[source.pk].merged_into_id or locked[target.pk].merged_into_id:
        raise MergeNotAllowed()  # merged meanwhile by someone else
    updated = Violation.objects.filter(pk=source.pk, merged_into__isnull=True).update(
        merged_into=target
    )
    if updated != 1:
        raise MergeNotAllowed()
    source.merged_into = target
    now = timezone.now()
    event_record(
        violation=source,
        kind=EventKind.MERGED,
        actor=actor,
        at=now,
        after={"merged_into": target.pk},
        note=note,
    )
    event_record(
        violation=target,
        kind=EventKind.MERGED,
        actor=actor,
        at=now,
        after={"absorbed": source.pk},
        note=note,
    )
    public_record_refresh(violation=source)
    publication_follow_consent(violation_ids=[source.pk, target.pk], at=now)


@transaction.atomic
def violation_split(*, source: Violation, actor: User, note: str) -> None:
    """Undo a merge: the source stands on its own again, with its own reports."""
    if not note.strip():
        raise ReasonRequired()
    target_id = source.merged_into_id
    if target_id is None:
        raise NotMerged()
    if violations_lock([source.pk])[source.pk].merged_into_id != target_id:
        raise NotMerged()  # undone meanwhile by someone else
    Violation.objects.filter(pk=source.pk).update(merged_into=None)
    source.merged_into = None
    now = timezone.now()
    target = Violation.objects.get(pk=target_id)
    event_record(
        violation=source,
        kind=EventKind.SPLIT,
        actor=actor,
        at=now,
        before={"merged_into": target_id},
        note=note,
    )
    event_record(
        violation=target,
        kind=EventKind.SPLIT,
        actor=actor,
        at=now,
        before={"absorbed": source.pk},
        note=note,
    )
    public_record_refresh(violation=source)
    # The target loses the source's reports, and with them perhaps its only consent.
    publication_follow_consent(violation_ids=[source.pk, target_id], at=now)


@transaction.atomic
def violation_write_summary(
    *, violation: Violation, actor: User, language: str, text: str, checklist: dict[str, bool]
) -> PublicSummary:
    summary, _created = PublicSummary.objects.update_or_create(
        violation=violation,
        language_code=language,
        defaults={"text": text, "updated_by": actor, **checklist},
    )
    event_record(
        violation=violation,
        kind=EventKind.SUMMARY,
        actor=actor,
        at=timezone.now(),
        after={"language": language, "checklist_complete": summary.checklist_complete},
    )
    public_record_refresh(violation=violation)
    return summary


def violation_publication_allowed(violation: Violation) -> bool:
    summaries = list(violation.summaries.all())
    return (
        violation.status in VERIFIED_STATUSES
        and bool(summaries)
        and all(s.checklist_complete for s in summaries)
        and publication_consented(violation.pk)
    )


@transaction.atomic
def violation_set_published(*, violation: Violation, actor: User, published: bool) -> None:
    """Publish only with the reporter's consent, a documented case and a redacted summary.
    The violation's row is locked before the check, as a withdrawal locks it before it
    unpublishes (``cases.publication``): a withdrawal still open makes this wait, then the
    check sees it."""
    locked = Violation.objects.select_for_update(no_key=True).get(pk=violation.pk)
    if published and not violation_publication_allowed(locked):
        raise PublishNotAllowed()
    now = timezone.now()
    Violation.objects.filter(pk=violation.pk).update(
        is_published=published, published_at=now if published else None
    )
    violation.is_published = published
    violation.published_at = now if published else None
    event_record(
        violation=violation,
        kind=EventKind.PUBLICATION,
        actor=actor,
        at=now,
        after={"published": published},
    )
    public_record_refresh(violation=violation)


@transaction.atomic
def violation_add_victim(
    *,
    violation: Violation,
    actor: User,
    victim_type: VictimType | None,
    gender: str,
    profession: str,
    region: Region | None,
) -> Victim:
    victim = Victim.objects.create(
        violation=violation,
        victim_type=victim_type,
        gender=gender,
        profession=profession,
        region=region,
    )
    event_record(
        violation=violation,
        kind=EventKind.VICTIM,
        actor=actor,
        at=timezone.now(),
        after={
            "added": victim.pk,
            "victim_type": _plain(victim_type),
            "gender": gender,
            "profession": profession,
            "region": _plain(region),
        },
    )
    return victim


@transaction.atomic
def violation_remove_victim(*, violation: Violation, actor: User, victim_id: int) -> None:
    victim = Victim.objects.filter(violation=violation, pk=victim_id).first()
    if victim is None:
        return
    before = {
        "removed": victim.pk,
        "victim_type": _plain(victim.victim_type),
        "gender": victim.gender,
        "profession": victim.profession,
        "region": _plain(victim.region),
    }
    victim.delete()
    event_record(
        violation=violation, kind=EventKind.VICTIM, actor=actor, at=timezone.now(), before=before
    )


@transaction.atomic
def violations_bulk_update(
    *,
    violations: list[Violation],
    actor: User,
    assignee: User | None = None,
    tag: Tag | None = None,
    assign: bool = False,
) -> int:
    """The inbox's bulk actions on violations, through the same services as one by one
    (each violation's timeline records its own change)."""
    for violation in violations:
        if assign:
            violation_assign(violation=violation, assignee=assignee, actor=actor)
        if tag is not None:
            current = list(violation.tags.all())
            if tag not in current:
                violation_classify(
                    violation=violation, actor=actor, changes={}, tags=[*current, tag]
                )
    return len(violations)
