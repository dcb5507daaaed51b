"""Publication follows consent (DESIGN.md, "Safety of the people who report").

A violation may be on the public site only while a reporter consents: some report of it, or
of a violation merged into it, consents to publication and is not withdrawn
(``selectors.publication_consented``). ``services.violation_set_published`` checks it before
publishing; ``publication_follow_consent`` enforces it afterwards. Every write that can take
consent away from a violation calls it inside its own transaction:

- the reporter's withdrawal (``intake.services.report_withdraw``), the only write that
  clears a report's consent or withdraws it: no staff page, admin or import changes the
  consent of a report once it is saved (``marsad import reports`` only adds new reports);
- undoing a merge (``services.violation_split``): the target loses the source's reports;
- a merge (``services.violation_merge``), for both violations, so that the consent a target
  keeps is always judged on the merge as it now stands.

Opening a violation from a report and attaching a report only add consent; triage (spam,
out of scope) never touches an attached report. Publication is a staff decision, so nothing
here ever publishes: a violation unpublished because consent ended stays unpublished.

Races. The check and the unpublication run with the rows of the violation and of the
violations it is merged into locked (``violations_lock``: ``SELECT ... FOR NO KEY UPDATE``,
which leaves alone the references other rows take to the violation, in one statement, in id
order; merges and splits take the same locks first, so no two writers wait
for each other in a cycle), after the caller's own change. ``violation_set_published`` locks
the same row before it checks. So the checks of two transactions that touch one violation
run one after the other, and the second one (a fresh statement under PostgreSQL's read
committed) sees what the first committed: two reporters withdrawing at once leave the last
one to unpublish; a publication that comes while a withdrawal is still open waits for it and
is refused; a withdrawal that comes after a publication unpublishes it. SQLite runs one
writing transaction at a time (``IMMEDIATE``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from marsad.cases.choices import EventKind
from marsad.cases.events import event_record
from marsad.cases.models import Violation
from marsad.cases.selectors import publication_consented
from marsad.core import replica
from marsad.observatory.services import public_record_refresh


def publication_follow_consent(
    *, violation_ids: Iterable[int | None], at: dt.datetime | None = None
) -> list[int]:
    """Unpublish each of these violations, and each violation they are merged into, that is
    published while no reporter consents any more. Each gets a ``consent_ended`` event with
    no actor (the system did it), leaves the search index, and the public figures are
    forgotten at once (``observatory.services.public_record_refresh``). Runs in the caller's
    transaction; returns the ids unpublished."""
    wanted = {pk for pk in violation_ids if pk is not None}
    if not wanted:
        return []
    ended: list[int] = []
    with transaction.atomic():
        now = at or timezone.now()
        for violation in violations_lock(wanted).values():
            if not violation.is_published or publication_consented(violation.pk):
                continue
            Violation.objects.filter(pk=violation.pk).update(is_published=False, published_at=None)
            violation.is_published, violation.published_at = False, None
            event_record(
                violation=violation,
                kind=EventKind.CONSENT_ENDED,
                actor=None,
                at=now,
                before={"published": True},
                after={"published": False},
            )
            public_record_refresh(violation=violation)
            ended.append(violation.pk)
        if ended:
            _replica_applies_before_commit_returns()
    return ended


def violations_lock(ids: Iterable[int]) -> dict[int, Violation]:
    """Lock these violations and the violations they are merged into (a consent counts for
    its target too), all in one statement in id order, so that every writer that calls it
    (withdrawals, merges, splits) takes the locks in the same order and none waits for
    another in a cycle. The rows are read afresh once locked: a merge committed between the
    look-up of the targets and the lock adds its target, locked in turn."""
    wanted = _with_targets(set(ids))
    locked: dict[int, Violation] = {}
    asked: set[int] = set()
    while pending := wanted - asked:
        asked |= pending
        rows = (
            Violation.objects.select_for_update(no_key=True)
            .filter(pk__in=sorted(pending))
            .order_by("pk")
        )
        locked.update((row.pk, row) for row in rows)
        wanted |= {v.merged_into_id for v in locked.values() if v.merged_into_id}
    return {pk: locked[pk] for pk in sorted(locked)}


def _with_targets(ids: set[int]) -> set[int]:
    """These violations and those they are merged into, at any depth (unlocked reads)."""
    found = set(ids)
    frontier = set(ids)
    while frontier:
        frontier = {
            pk
            for pk in Violation.objects.filter(pk__in=frontier, merged_into__isnull=False)
            .values_list("merged_into_id", flat=True)
            .order_by()
            if pk is not None
        } - found
        found |= frontier
    return found


def _replica_applies_before_commit_returns() -> None:
    """With a read replica for the public site, this commit returns only once the replica
    has applied it (where the primary lists the replica in ``synchronous_standby_names``;
    docs/deployment.md), so that no public page read there still shows the violation."""
    if connection.vendor == "postgresql" and replica.enabled():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO remote_apply")
