"""Demo escalations: every escalated or closed demo violation has its escalation, with the
platform's answer and outcome, so that the demo statistics look like an observatory's.

Outcomes are shared out exactly, year by year (largest remainder, then shuffled), so the
recovery rate of each demo year is a third of the removal, suspension and restriction cases
with a final outcome, as 7amleh reported for 2022. Randomness has its own seeded generator,
so adding escalations leaves the rest of the demo data exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.accounts.services import user_create
from marsad.cases.choices import EventKind, Status
from marsad.cases.models import TimelineEvent, Violation
from marsad.escalations.choices import (
    DEFAULT_REQUEST_BY_TYPE,
    RECOVERY_TYPE_GROUP,
    Channel,
    Outcome,
    Request,
)
from marsad.escalations.models import Escalation, PlatformPolicy
from marsad.escalations.services import latest_outcomes_rebuild
from marsad.intake.models import Report
from marsad.taxonomy.models import Platform

DEMO_COORDINATOR = "demo-coordinator"
META = {"facebook", "instagram", "whatsapp", "messenger", "threads"}
# Days to answer, for a few platforms (the others have the default).
ANSWER_DAYS = {"x-twitter": 21, "tiktok": 10, "telegram": 30}

# Shares of the final outcomes by kind of case. Removal, suspension and restriction cases
# recover exactly a third (restored or partially restored).
RECOVERY_MIX = {
    Outcome.RESTORED: 5,
    Outcome.PARTIALLY_RESTORED: 1,
    Outcome.REFUSED: 7,
    Outcome.NO_ANSWER: 5,
}
HARMFUL_MIX = {Outcome.CONTENT_REMOVED: 9, Outcome.REFUSED: 7, Outcome.NO_ANSWER: 4}
SECURITY_MIX = {Outcome.ACCOUNT_SECURED: 6, Outcome.REFUSED: 2, Outcome.NO_ANSWER: 2}
OTHER_MIX = {Outcome.REFUSED: 3, Outcome.NO_ANSWER: 2, Outcome.CONTENT_REMOVED: 1}
MIXES = {
    "recovery": RECOVERY_MIX,
    "harmful": HARMFUL_MIX,
    "security": SECURITY_MIX,
    "other": OTHER_MIX,
}
SECURITY_TYPES = {"hacking", "impersonation"}

REASONS = {
    Outcome.REFUSED: [
        "Our review found that the content goes against our Community Standards.",
        "Dangerous organisations and individuals policy.",
        "Violent and graphic content: the decision stands.",
    ],
    Outcome.CONTENT_REMOVED: ["Removed under the hate speech policy.", "Removed: incitement."],
    Outcome.RESTORED: ["Restored after a second review.", "Removed in error; now restored."],
    Outcome.PARTIALLY_RESTORED: ["The account is restored; two posts stay removed."],
    Outcome.ACCOUNT_SECURED: ["The account is back with its owner; sessions were reset."],
}


@dataclass
class _Case:
    violation: Violation
    sent_at: dt.datetime
    closed_at: dt.datetime | None  # the path's closing moment (closed violations only)


Path = list[tuple[str, dt.datetime, dict[str, str]]]


def consent_for_escalated(reports: list[list[Report]], paths: list[Path]) -> None:
    """A violation is only escalated with a reporter's agreement to sharing it with the
    platform: give the first report of every escalated demo violation that agreement."""
    for group, path in zip(reports, paths, strict=True):
        if group and any(status == Status.ESCALATED for status, _at, _extra in path):
            group[0].consent_share_with_platform = True


def _split(total: int, weights: dict[Outcome, int]) -> list[Outcome]:
    """``total`` outcomes in proportion to the weights (largest remainder)."""
    weight_sum = sum(weights.values())
    raw = {k: total * w / weight_sum for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[
        : total - sum(counts.values())
    ]:
        counts[k] += 1
    return [k for k, n in counts.items() for _ in range(n)]


def _kind(violation: Violation) -> str:
    vtype = violation.violation_type
    if vtype is None:
        return "other"
    if vtype.group.slug == RECOVERY_TYPE_GROUP:
        return "recovery"
    if vtype.group.slug == "harmful-speech":
        return "harmful"
    return "security" if vtype.slug in SECURITY_TYPES else "other"


def _coordinator() -> User:
    user = User.objects.filter(username=DEMO_COORDINATOR).first()
    if user is None:  # ``marsad demo`` gives it a password and a second factor afterwards
        user = user_create(
            username=DEMO_COORDINATOR,
            email=f"{DEMO_COORDINATOR}@example.org",
            role=Role.COORDINATOR,
            password=None,
        )
    return user


def seed_escalations(
    *,
    violations: list[Violation],
    paths: list[Path],
    seed: str,
    now: dt.datetime,
) -> tuple[list[Escalation], list[TimelineEvent]]:
    """Escalations (and their timeline events) for the saved demo violations."""
    rng = random.Random(f"marsad-demo-escalations:{seed}")  # noqa: S311  # nosec B311
    tz = ZoneInfo(settings.TIME_ZONE)
    for slug, days in ANSWER_DAYS.items():
        platform = Platform.objects.filter(slug=slug).first()
        if platform is not None:
            PlatformPolicy.objects.get_or_create(platform=platform, defaults={"answer_days": days})
    user = _coordinator()
    closed: dict[tuple[int, str], list[_Case]] = defaultdict(list)
    still_open: list[_Case] = []
    for violation, path in zip(violations, paths, strict=True):
        steps = {status: at for status, at, _extra in path}
        if Status.ESCALATED not in steps or violation.merged_into_id or not violation.platform:
            continue
        case = _Case(violation, steps[Status.ESCALATED], steps.get(Status.CLOSED))
        if violation.status == Status.CLOSED:
            closed[(case.sent_at.astimezone(tz).year, _kind(violation))].append(case)
        elif violation.status == Status.ESCALATED:
            still_open.append(case)

    outcomes: dict[int, Outcome] = {}
    for (_year, kind), group in sorted(closed.items()):
        shares = _split(len(group), MIXES[kind])
        rng.shuffle(shares)
        for case, outcome in zip(group, shares, strict=True):
            outcomes[id(case)] = outcome
    cases = [case for group in closed.values() for case in group] + still_open
    cases.sort(key=lambda c: (c.sent_at, c.violation.pk))
    made = [(case, _escalation(case, outcomes.get(id(case)), user, rng, tz, now)) for case in cases]
    escalations = [e for _case, e in made]
    Escalation.objects.bulk_create(escalations, batch_size=500)
    follow_ups = [f for e in escalations if (f := _follow_up(e, rng, now)) is not None]
    Escalation.objects.bulk_create(follow_ups, batch_size=500)
    latest_outcomes_rebuild()
    events = [_event(e, user) for e in [*escalations, *follow_ups]]
    events += [
        _outcome_event(e, user, case.closed_at) for case, e in made if case.closed_at and e.outcome
    ]
    return [*escalations, *follow_ups], events


def _escalation(
    case: _Case,
    outcome: Outcome | None,
    user: User,
    rng: random.Random,
    tz: ZoneInfo,
    now: dt.datetime,
) -> Escalation:
    violation = case.violation
    assert violation.platform is not None
    slug = violation.violation_type.slug if violation.violation_type else ""
    sent_on = case.sent_at.astimezone(tz).date()
    escalation = Escalation(
        violation=violation,
        platform=violation.platform,
        channel=(
            Channel.TRUSTED_PARTNER_FORM
            if violation.platform.slug in META
            else rng.choice([Channel.PARTNER_EMAIL, Channel.PARTNER_EMAIL, Channel.PARTNER_PORTAL])
        ),
        request=DEFAULT_REQUEST_BY_TYPE.get(slug, Request.OTHER),
        sent_at=case.sent_at,
        sent_by=user,
        reference=f"TP-{sent_on:%Y%m}-{violation.pk:05d}",
    )
    if outcome is not None:
        assert case.closed_at is not None
        closed_on = max(case.closed_at.astimezone(tz).date(), sent_on)
        escalation.outcome = outcome
        escalation.closed_on = closed_on
        if outcome != Outcome.NO_ANSWER:
            escalation.answered_on = closed_on
            escalation.reason_given = rng.choice(REASONS.get(outcome, [""]))
    elif rng.random() < 0.2:
        # Answered ("we are looking into it"), no outcome yet.
        days = rng.randint(1, 20)
        answered = min(sent_on + dt.timedelta(days=days), now.astimezone(tz).date())
        escalation.answered_on = answered
        escalation.answer = "Thank you, our team is reviewing this report."
    return escalation


def _follow_up(first: Escalation, rng: random.Random, now: dt.datetime) -> Escalation | None:
    """A reminder for a third of the open cases left unanswered for over three weeks."""
    if first.outcome or first.answered_on or rng.random() > 0.35:
        return None
    sent_at = first.sent_at + dt.timedelta(days=rng.randint(15, 25))
    if sent_at > now:
        return None
    return Escalation(
        violation=first.violation,
        platform=first.platform,
        channel=Channel.PARTNER_EMAIL,
        request=first.request,
        follow_up_of=first,
        sent_at=sent_at,
        sent_by=first.sent_by,
        message="A reminder: we have had no answer on this case yet.",
    )


def _event(e: Escalation, user: User) -> TimelineEvent:
    return TimelineEvent(
        violation=e.violation,
        kind=EventKind.ESCALATION,
        actor=user,
        at=e.sent_at,
        after={
            "escalation": e.pk,
            "action": "follow_up" if e.follow_up_of_id else "sent",
            "channel": e.channel,
            "request": e.request,
        },
        note="Demo data",
    )


def _outcome_event(e: Escalation, user: User, at: dt.datetime) -> TimelineEvent:
    return TimelineEvent(
        violation=e.violation,
        kind=EventKind.ESCALATION,
        actor=user,
        at=at,
        after={"escalation": e.pk, "action": "outcome", "outcome": e.outcome},
        note="Demo data",
    )
