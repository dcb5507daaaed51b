"""The ledger's writes: sending, follow-ups, every outcome path and what it does to the
violation's status, appeals, and batches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from marsad.cases.choices import EventKind, Status
from marsad.cases.models import Violation
from marsad.escalations import services
from marsad.escalations.choices import BatchState, Channel, Outcome, Request
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
from marsad.escalations.models import Batch, Escalation, LatestOutcome
from marsad.escalations.tests.factories import documented, report_for
from marsad.intake.choices import TriageState
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def send(violation, user, **kwargs):
    kwargs.setdefault("channel", Channel.TRUSTED_PARTNER_FORM)
    kwargs.setdefault("request", Request.RESTORE_CONTENT)
    return services.escalation_send(violation=violation, actor=user, **kwargs)


def status_of(violation) -> str:
    return Violation.objects.values_list("status", flat=True).get(pk=violation.pk)


# --- Sending ----------------------------------------------------------------------------------


def test_sending_records_the_attempt_and_escalates_the_violation(coordinator_user):
    violation = documented()
    escalation = send(violation, coordinator_user, reference=" FB-1 ", message="Please look")
    assert (escalation.platform.slug, escalation.follow_up_of, escalation.reference) == (
        "instagram",
        None,
        "FB-1",
    )
    assert escalation.sent_by == coordinator_user
    assert status_of(violation) == Status.ESCALATED
    kinds = list(violation.events.order_by("pk").values_list("kind", "after"))
    assert kinds[0][0] == EventKind.ESCALATION
    assert kinds[0][1]["action"] == "sent"
    assert kinds[0][1]["escalation"] == escalation.pk
    assert kinds[1] == (EventKind.STATUS_CHANGED, {"status": "escalated"})


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: documented(status=Status.IN_REVIEW, documented_at=None), id="review"),
        pytest.param(lambda: documented(consent=False), id="no-consent"),
        pytest.param(lambda: documented(platform=""), id="no-platform"),
    ],
)
def test_sending_what_may_not_go_is_refused_and_changes_nothing(coordinator_user, make):
    violation = make()
    with pytest.raises(NotEscalatable):
        send(violation, coordinator_user)
    assert not Escalation.objects.exists()
    assert not violation.events.exists()


def test_a_withdrawn_report_no_longer_consents(coordinator_user):
    violation = documented(consent=False)
    report_for(violation, consent=True, state=TriageState.WITHDRAWN)
    with pytest.raises(NotEscalatable):
        send(violation, coordinator_user)


def test_consent_on_a_merged_duplicate_counts_for_the_case(coordinator_user):
    violation = documented(consent=False)
    duplicate = documented()
    Violation.objects.filter(pk=duplicate.pk).update(merged_into=violation)
    assert send(violation, coordinator_user).violation == violation
    duplicate.refresh_from_db()
    with pytest.raises(NotEscalatable):  # the merged one itself never goes
        send(duplicate, coordinator_user)


def test_sending_to_another_platform_or_in_the_future_is_refused(coordinator_user):
    violation = documented()
    with pytest.raises(WrongPlatform):
        send(violation, coordinator_user, platform=Platform.objects.get(slug="tiktok"))
    with pytest.raises(DateOutOfRange):
        send(violation, coordinator_user, sent_at=timezone.now() + dt.timedelta(hours=1))
    assert not Escalation.objects.exists()


def test_sending_again_is_a_follow_up_of_the_first_attempt(coordinator_user):
    violation = documented()
    first = send(violation, coordinator_user, sent_at=timezone.now() - dt.timedelta(days=20))
    second = services.escalation_follow_up(
        escalation=first, actor=coordinator_user, channel=Channel.PARTNER_EMAIL
    )
    third = send(violation, coordinator_user)
    assert (second.follow_up_of, third.follow_up_of) == (first, first)
    assert (second.channel, second.request) == (Channel.PARTNER_EMAIL, first.request)
    assert list(Escalation.objects.latest_attempts()) == [third]
    # A follow-up dated before the latest attempt is refused.
    with pytest.raises(DateOutOfRange):
        send(violation, coordinator_user, sent_at=timezone.now() - dt.timedelta(days=5))


# --- Outcomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcome",
    [
        Outcome.RESTORED,
        Outcome.PARTIALLY_RESTORED,
        Outcome.ACCOUNT_SECURED,
        Outcome.CONTENT_REMOVED,
        Outcome.REFUSED,
    ],
)
def test_an_answer_with_a_platform_outcome_closes_the_violation(coordinator_user, outcome):
    violation = documented()
    escalation = send(violation, coordinator_user, sent_at=timezone.now() - dt.timedelta(days=9))
    services.escalation_record_answer(
        escalation=escalation,
        actor=coordinator_user,
        answered_on=TODAY(),
        answer="Reviewed.",
        reason_given="Community standards",
        reference="REF-9",
        outcome=outcome,
    )
    escalation.refresh_from_db()
    assert (escalation.outcome, escalation.closed_on, escalation.answered_on) == (
        outcome,
        TODAY(),
        TODAY(),
    )
    assert (escalation.reason_given, escalation.reference) == ("Community standards", "REF-9")
    assert status_of(violation) == Status.CLOSED
    actions = [e.after.get("action") for e in violation.events.filter(kind=EventKind.ESCALATION)]
    assert actions == ["sent", "answer", "outcome"]


def test_an_answer_without_outcome_keeps_the_case_open_then_the_outcome_closes_it(
    coordinator_user,
):
    violation = documented()
    escalation = send(violation, coordinator_user, sent_at=timezone.now() - dt.timedelta(days=3))
    services.escalation_record_answer(
        escalation=escalation, actor=coordinator_user, answered_on=TODAY(), answer="Looking."
    )
    assert status_of(violation) == Status.ESCALATED
    services.escalation_close(
        escalation=escalation, actor=coordinator_user, outcome=Outcome.RESTORED
    )
    assert status_of(violation) == Status.CLOSED


def test_no_answer_closes_the_violation_without_an_answer_date(coordinator_user):
    violation = documented()
    escalation = send(violation, coordinator_user)
    services.escalation_close(
        escalation=escalation, actor=coordinator_user, outcome=Outcome.NO_ANSWER
    )
    escalation.refresh_from_db()
    assert (escalation.outcome, escalation.answered_on) == (Outcome.NO_ANSWER, None)
    assert status_of(violation) == Status.CLOSED


def test_withdrawing_needs_a_reason_and_puts_the_violation_back_to_documented(coordinator_user):
    violation = documented()
    escalation = send(violation, coordinator_user)
    with pytest.raises(ReasonRequired):
        services.escalation_close(
            escalation=escalation, actor=coordinator_user, outcome=Outcome.WITHDRAWN
        )
    assert status_of(violation) == Status.ESCALATED
    services.escalation_close(
        escalation=escalation,
        actor=coordinator_user,
        outcome=Outcome.WITHDRAWN,
        note="The reporter asked us to stop.",
    )
    assert status_of(violation) == Status.DOCUMENTED
    last = violation.events.order_by("-pk").first()
    assert last.kind == EventKind.STATUS_CHANGED
    assert last.note == "The reporter asked us to stop."


def test_a_platform_outcome_needs_an_answer_first(coordinator_user):
    violation = documented()
    escalation = send(violation, coordinator_user)
    with pytest.raises(AnswerDateRequired):
        services.escalation_close(
            escalation=escalation, actor=coordinator_user, outcome=Outcome.RESTORED
        )
    with pytest.raises(AnswerDateRequired):  # "no answer" is not an answer's outcome
        services.escalation_record_answer(
            escalation=escalation,
            actor=coordinator_user,
            answered_on=TODAY(),
            outcome=Outcome.NO_ANSWER,
        )
    escalation.refresh_from_db()
    assert (escalation.outcome, escalation.answered_on) == ("", None)
    assert LatestOutcome.objects.get(violation=violation).outcome == ""  # still open


def test_answer_dates_must_fall_between_the_first_sending_and_today(coordinator_user):
    violation = documented()
    sent = timezone.now() - dt.timedelta(days=10)
    first = send(violation, coordinator_user, sent_at=sent)
    follow_up = services.escalation_follow_up(escalation=first, actor=coordinator_user)
    for day in (timezone.localtime(sent).date() - dt.timedelta(days=1), TODAY() + dt.timedelta(1)):
        with pytest.raises(DateOutOfRange):
            services.escalation_record_answer(
                escalation=follow_up, actor=coordinator_user, answered_on=day
            )
    # An answer to the first attempt that only came after the follow-up is still the case's.
    answered = services.escalation_record_answer(
        escalation=follow_up,
        actor=coordinator_user,
        answered_on=timezone.localtime(sent).date() + dt.timedelta(days=2),
    )
    assert answered.answered_on == timezone.localtime(sent).date() + dt.timedelta(days=2)


def test_only_the_latest_attempt_takes_answers(coordinator_user):
    violation = documented()
    first = send(violation, coordinator_user, sent_at=timezone.now() - dt.timedelta(days=20))
    services.escalation_follow_up(escalation=first, actor=coordinator_user)
    with pytest.raises(NotLatestAttempt):
        services.escalation_record_answer(
            escalation=first, actor=coordinator_user, answered_on=TODAY()
        )


def test_a_violation_closes_only_when_every_case_has_an_outcome(coordinator_user):
    violation = documented()
    on_instagram = send(violation, coordinator_user)
    # Reclassified to another platform after it was sent there: a second case.
    Violation.objects.filter(pk=violation.pk).update(platform=Platform.objects.get(slug="facebook"))
    violation.refresh_from_db()
    on_facebook = send(violation, coordinator_user)
    assert on_facebook.follow_up_of is None
    services.escalation_close(
        escalation=on_instagram, actor=coordinator_user, outcome=Outcome.NO_ANSWER
    )
    assert status_of(violation) == Status.ESCALATED
    services.escalation_close(
        escalation=on_facebook, actor=coordinator_user, outcome=Outcome.WITHDRAWN, note="dup"
    )
    assert status_of(violation) == Status.CLOSED  # not every case was withdrawn


def test_a_closed_case_escalated_again_reopens_and_a_changed_outcome_is_on_the_timeline(
    coordinator_user,
):
    violation = documented()
    first = send(violation, coordinator_user, sent_at=timezone.now() - dt.timedelta(days=30))
    services.escalation_record_answer(
        escalation=first,
        actor=coordinator_user,
        answered_on=TODAY() - dt.timedelta(days=20),
        outcome=Outcome.REFUSED,
    )
    assert status_of(violation) == Status.CLOSED
    # The refusal is taken up again through a legal request: the case is open again.
    again = services.escalation_follow_up(
        escalation=first, actor=coordinator_user, channel=Channel.LEGAL_REQUEST
    )
    assert status_of(violation) == Status.ESCALATED
    services.escalation_record_appeal(
        escalation=again,
        actor=coordinator_user,
        appealed_on=TODAY(),
        appeal_outcome="reversed",
    )
    services.escalation_record_answer(
        escalation=again, actor=coordinator_user, answered_on=TODAY(), outcome=Outcome.RESTORED
    )
    assert status_of(violation) == Status.CLOSED
    # Later the platform takes the content down again: the outcome changes, the case stays
    # closed, and the timeline keeps both.
    services.escalation_close(
        escalation=again, actor=coordinator_user, outcome=Outcome.REFUSED, note="Removed again"
    )
    assert status_of(violation) == Status.CLOSED
    last = violation.events.filter(kind=EventKind.ESCALATION).order_by("-pk").first()
    assert (last.before, last.after["outcome"], last.note) == (
        {"outcome": "restored"},
        "refused",
        "Removed again",
    )
    again.refresh_from_db()
    assert (again.appealed_on, again.appeal_outcome) == (TODAY(), "reversed")


def test_a_reopened_violation_cannot_be_followed_up(coordinator_user):
    violation = documented()
    escalation = send(violation, coordinator_user)
    Violation.objects.filter(pk=violation.pk).update(status=Status.IN_REVIEW, documented_at=None)
    with pytest.raises(NotEscalatable):
        services.escalation_follow_up(escalation=escalation, actor=coordinator_user)
    assert Escalation.objects.count() == 1


def _latest(violation) -> str | None:
    """The kept latest outcome ("" while open, None when never sent)."""
    row = LatestOutcome.objects.filter(violation=violation).first()
    return None if row is None else row.outcome


def _by_definition(violation) -> str | None:
    """The outcome of the last attempt sent, to any platform (by sending time, then id)."""
    attempts = Escalation.objects.filter(violation=violation).order_by("-sent_at", "-pk")
    return attempts.values_list("outcome", flat=True).first()


def test_the_latest_outcome_follows_every_attempt_and_outcome(coordinator_user):
    violation, untouched = documented(), documented()
    month_ago = timezone.now() - dt.timedelta(days=30)
    steps: list[str | None] = [_latest(violation)]
    first = send(violation, coordinator_user, sent_at=month_ago)
    steps.append(_latest(violation))
    services.escalation_record_answer(
        escalation=first,
        actor=coordinator_user,
        answered_on=TODAY() - dt.timedelta(days=20),
        outcome=Outcome.REFUSED,
    )
    steps.append(_latest(violation))
    again = services.escalation_follow_up(escalation=first, actor=coordinator_user)
    steps.append(_latest(violation))
    services.escalation_record_answer(
        escalation=again, actor=coordinator_user, answered_on=TODAY(), outcome=Outcome.RESTORED
    )
    steps.append(_latest(violation))
    # Reclassified to Facebook and sent there with an earlier sending date: the Instagram
    # follow-up stays the latest attempt, and the Facebook case's outcome changes nothing.
    Violation.objects.filter(pk=violation.pk).update(platform=Platform.objects.get(slug="facebook"))
    violation.refresh_from_db()
    on_facebook = send(violation, coordinator_user, sent_at=month_ago - dt.timedelta(days=5))
    steps.append(_latest(violation))
    services.escalation_close(
        escalation=on_facebook, actor=coordinator_user, outcome=Outcome.WITHDRAWN, note="dup"
    )
    steps.append(_latest(violation))
    # The restored content is taken down again: the latest attempt's outcome changes.
    services.escalation_close(
        escalation=again, actor=coordinator_user, outcome=Outcome.REFUSED, note="Removed again"
    )
    steps.append(_latest(violation))
    assert steps == [None, "", "refused", "", "restored", "restored", "restored", "refused"]
    assert _latest(violation) == _by_definition(violation)
    assert _latest(untouched) is None
    # Rebuilt from the attempts alone (after a bulk load), the same rows.
    kept = set(LatestOutcome.objects.values_list("violation_id", "outcome"))
    assert services.latest_outcomes_rebuild() == 1
    assert set(LatestOutcome.objects.values_list("violation_id", "outcome")) == kept


# --- Batches ----------------------------------------------------------------------------------


def test_a_batch_is_a_draft_until_recorded_as_sent(coordinator_user):
    ready = [documented(), documented(type_slug="account-suspension")]
    batch = services.batch_create(
        platform=Platform.objects.get(slug="instagram"),
        channel=Channel.TRUSTED_PARTNER_FORM,
        items=[(ready[0], Request.RESTORE_CONTENT), (ready[1], Request.RESTORE_ACCOUNT)],
        actor=coordinator_user,
    )
    assert (batch.state, batch.package, Escalation.objects.count()) == (BatchState.DRAFT, None, 0)
    sent_at = timezone.now() - dt.timedelta(days=2)
    services.batch_mark_sent(batch=batch, actor=coordinator_user, sent_at=sent_at, reference="B7")
    batch.refresh_from_db()
    assert (batch.state, batch.sent_at, batch.sent_by, batch.reference) == (
        BatchState.SENT,
        sent_at,
        coordinator_user,
        "B7",
    )
    assert [i["violation"] for i in batch.package["items"]] == [v.pk for v in ready]
    assert len(batch.package_sha256) == 64
    made = list(Escalation.objects.order_by("violation_id"))
    assert [(e.violation_id, e.request, e.batch_id, e.sent_at, e.reference) for e in made] == [
        (ready[0].pk, Request.RESTORE_CONTENT, batch.pk, sent_at, "B7"),
        (ready[1].pk, Request.RESTORE_ACCOUNT, batch.pk, sent_at, "B7"),
    ]
    assert {status_of(v) for v in ready} == {Status.ESCALATED}
    with pytest.raises(BatchNotDraft):
        services.batch_mark_sent(batch=batch, actor=coordinator_user)
    with pytest.raises(BatchNotDraft):
        services.batch_remove_item(batch=batch, violation_id=ready[0].pk)
    assert Escalation.objects.count() == 2


def test_a_batch_takes_only_ready_violations_of_its_platform(coordinator_user):
    instagram = Platform.objects.get(slug="instagram")
    ok = documented()
    for bad in (documented(consent=False), documented(platform="tiktok")):
        with pytest.raises(BatchItemsNotReady) as refused:
            services.batch_create(
                platform=instagram,
                channel=Channel.OTHER,
                items=[(ok, Request.OTHER), (bad, Request.OTHER)],
                actor=coordinator_user,
            )
        assert refused.value.violation_ids == [bad.pk]
    with pytest.raises(BatchEmpty):
        services.batch_create(
            platform=instagram, channel=Channel.OTHER, items=[], actor=coordinator_user
        )
    assert not Batch.objects.exists()


def test_a_batch_whose_violation_is_no_longer_ready_is_not_sent(coordinator_user):
    first, second = documented(), documented()
    batch = services.batch_create(
        platform=Platform.objects.get(slug="instagram"),
        channel=Channel.TRUSTED_PARTNER_FORM,
        items=[(first, Request.RESTORE_CONTENT), (second, Request.RESTORE_CONTENT)],
        actor=coordinator_user,
    )
    Violation.objects.filter(pk=second.pk).update(status=Status.IN_REVIEW, documented_at=None)
    with pytest.raises(BatchItemsNotReady):
        services.batch_mark_sent(batch=batch, actor=coordinator_user)
    batch.refresh_from_db()
    assert (batch.state, Escalation.objects.count(), status_of(first)) == (
        BatchState.DRAFT,
        0,
        Status.DOCUMENTED,
    )
    services.batch_remove_item(batch=batch, violation_id=second.pk)
    services.batch_mark_sent(batch=batch, actor=coordinator_user)
    assert list(Escalation.objects.values_list("violation_id", flat=True)) == [first.pk]


def test_a_draft_batch_can_be_discarded(coordinator_user):
    batch = services.batch_create(
        platform=Platform.objects.get(slug="instagram"),
        channel=Channel.OTHER,
        items=[(documented(), Request.OTHER)],
        actor=coordinator_user,
    )
    services.batch_discard(batch=batch)
    assert not Batch.objects.exists()
