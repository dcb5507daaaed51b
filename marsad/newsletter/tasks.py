"""Background tasks of the newsletter: thin, take ids, safe to run twice."""

from __future__ import annotations

from django.tasks import default_task_backend, task

from marsad.core.taskqueue import retry_transient
from marsad.newsletter import mail, sending
from marsad.newsletter.choices import SubscriberStatus
from marsad.newsletter.models import Subscriber

CONFIRM = "confirm"
ALREADY = "already"


@task()
@retry_transient
def send_subscriber_notice(subscriber_id: int, notice: str) -> None:
    """The confirmation email of a subscribe request, or the notice that the address is
    already on the list. Nothing is sent when the request is no longer current."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    if notice == CONFIRM and subscriber.status == SubscriberStatus.PENDING:
        message = mail.confirmation_message(subscriber)
    elif notice == ALREADY and subscriber.status == SubscriberStatus.ACTIVE:
        message = mail.already_subscribed_message(subscriber)
    else:
        return
    mail.send_notice(message)


@task()
@retry_transient
def send_mailing_batch(mailing_id: int) -> None:
    """One batch of a mailing; enqueues the next one until the mailing is finished."""
    outcome = sending.batch_send(mailing_id=mailing_id)
    if not outcome.more:
        return
    if outcome.retry_at is None:
        send_mailing_batch.enqueue(mailing_id)
    elif default_task_backend.supports_defer:
        send_mailing_batch.using(run_after=outcome.retry_at).enqueue(mailing_id)
    # Otherwise (tasks run inline, as in the tests) the retry waits for
    # ``marsad newsletter resume`` or the next start of a worker.
