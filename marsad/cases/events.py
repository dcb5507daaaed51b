"""Timeline events: the only way entries are written to a violation's timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from marsad.accounts.models import User
from marsad.cases.choices import EventKind, Status
from marsad.cases.models import TimelineEvent, Violation


def event_record(
    *,
    violation: Violation,
    kind: EventKind,
    actor: User | None,
    at: dt.datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        violation=violation,
        kind=kind,
        actor=actor,
        at=at,
        before=before or {},
        after=after or {},
        note=note,
    )


def events_erase_questions(*, report_id: int, violation_id: int, questions: Iterable[str]) -> int:
    """The reporter of ``report_id`` withdrew: the questions staff put to them (which may
    quote them) leave the timeline, as they leave the follow-up. Their events stay, with
    who asked and when, and ``after["erased"]`` so the timeline says something was erased.

    The question's own event is found by the report it names, wherever it was written;
    versions before 2026-12 also copied the question into the note of the status change to
    "needs information", which is found by its text on the report's violation and the
    violations it is merged into. Call inside the withdrawal's transaction."""
    texts = {text for text in questions if text}
    chain: list[int] = []
    current: int | None = violation_id
    while current is not None and current not in chain:
        chain.append(current)
        current = Violation.objects.filter(pk=current).values_list("merged_into", flat=True).first()
    found = TimelineEvent.objects.filter(
        kind=EventKind.NOTE, after__report=report_id, after__question=True
    )
    if texts:
        found = found | TimelineEvent.objects.filter(
            kind=EventKind.STATUS_CHANGED,
            violation_id__in=chain,
            after__status=Status.NEEDS_INFO,
            note__in=texts,
        )
    erased = 0
    for pk, after in found.select_for_update().values_list("pk", "after"):
        # An update of the row: the timeline is otherwise never edited.
        TimelineEvent.objects.filter(pk=pk).update(note="", after={**(after or {}), "erased": True})
        erased += 1
    return erased
