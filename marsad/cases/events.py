"""Timeline events: the only way entries are written to a violation's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marsad.accounts.models import User
from marsad.cases.choices import EventKind
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
