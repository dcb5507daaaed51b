"""Mailings through a real SMTP server: batches, a status per recipient, the headers of
RFC 8058, retries, bounces, and resuming after a worker died without a second copy."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
from collections import Counter

import pytest
import time_machine
from django.utils import timezone

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.newsletter import sending, services, tasks
from marsad.newsletter.choices import DeliveryStatus, MailingStatus, SubscriberStatus
from marsad.newsletter.models import Delivery, Mailing, Subscriber
from marsad.newsletter.tests import factories
from marsad.newsletter.tests.smtp import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(db):
    return make_user(Role.ANALYST)


@pytest.fixture(autouse=True)
def _small_batches(settings):
    settings.NEWSLETTER_BATCH_SIZE = 2
    settings.MARSAD_SITE_URL = "https://observatory.example.org"


def send(mailing, analyst, capture):
    with capture(execute=True):
        services.mailing_queue(mailing=mailing, actor=analyst)
    mailing.refresh_from_db()
    return mailing


def statuses(mailing):
    return dict(Delivery.objects.filter(mailing=mailing).values_list("subscriber__email", "status"))


def test_every_subscriber_gets_one_message_in_their_language_with_one_click_headers(
    smtp_server, analyst, django_capture_on_commit_callbacks
):
    ar = factories.subscriber("ar.reader@example.org", language="ar")
    en = factories.subscriber("en.reader@example.org", language="en")
    he = factories.subscriber("he.reader@example.org", language="he")
    factories.subscriber("waiting@example.org", status=SubscriberStatus.PENDING)
    factories.subscriber("left@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    mailing = factories.mailing(
        ar=("تقرير جديد", "نشرنا تقريرًا جديدًا.\n\nاقرأه: https://observatory.example.org/ar/"),
        en=("A new report", "We published a new report.\n\nRead it: https://example.org/r"),
    )
    mailing = send(mailing, analyst, django_capture_on_commit_callbacks)

    assert mailing.status == MailingStatus.SENT
    assert mailing.started_at is not None
    assert mailing.finished_at is not None
    assert statuses(mailing) == {
        "ar.reader@example.org": "sent",
        "en.reader@example.org": "sent",
        "he.reader@example.org": "sent",
    }
    received = {r.to: r for r in smtp_server.received}
    assert sorted(received) == sorted(statuses(mailing))
    assert received["en.reader@example.org"].message["Subject"] == "A new report"
    assert received["ar.reader@example.org"].message["Subject"] == "تقرير جديد"
    # No Hebrew version: the Arabic one.
    assert received["he.reader@example.org"].message["Subject"] == "تقرير جديد"

    for subscriber in (ar, en, he):
        message = received[subscriber.email].message
        links = factories.links(subscriber)
        delivery = Delivery.objects.get(mailing=mailing, subscriber=subscriber)
        assert message["List-Unsubscribe"] == (
            f"<https://observatory.example.org{links['unsubscribe']}>"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Id"] == "Marsad newsletter <newsletter.observatory.example.org>"
        assert message["Message-ID"] == (
            f"<mailing-{mailing.pk}.delivery-{delivery.pk}@observatory.example.org>"
        )
        assert message["From"] == "marsad@localhost"
        text = received[subscriber.email].text()
        html = received[subscriber.email].html()
        assert links["preferences"] in text
        assert links["unsubscribe"] in text
        assert "<img" not in html  # no tracking pixel
        # Links are the ones written, never rewritten through a tracker.
        hrefs = re.findall(r'href="([^"]+)"', html)
        assert all(
            h.startswith(("https://observatory.example.org/", "https://example.org/"))
            for h in hrefs
        )
    assert 'dir="rtl"' in received["ar.reader@example.org"].html()
    assert 'dir="ltr"' in received["en.reader@example.org"].html()


def test_a_refused_address_is_marked_bounced_and_the_others_go_on(
    smtp_server, analyst, django_capture_on_commit_callbacks
):
    gone = factories.subscriber("gone@example.org")
    factories.subscriber("fine@example.org")
    smtp_server.refuse("gone@example.org", "550 5.1.1 No such user here")
    mailing = send(factories.mailing(), analyst, django_capture_on_commit_callbacks)
    assert mailing.status == MailingStatus.SENT
    assert statuses(mailing) == {"gone@example.org": "bounced", "fine@example.org": "sent"}
    delivery = Delivery.objects.get(subscriber=gone)
    assert delivery.last_error == "550 5.1.1 No such user here"
    gone.refresh_from_db()
    assert gone.status == SubscriberStatus.BOUNCED
    assert [r.to for r in smtp_server.received] == ["fine@example.org"]


def test_what_mail_servers_answer_is_kept_without_the_address(
    client, smtp_server, analyst, django_capture_on_commit_callbacks
):
    """Mail servers quote the recipient in their refusals, and Django names an address it
    cannot put on an envelope: a delivery's error keeps the answer but never the address
    (analysts read it on the mailing's page; it stays after the subscriber is erased)."""
    gone = factories.subscriber("gone.zq7@example.org")
    busy = factories.subscriber("busy.zq7@example.org")
    broken = factories.subscriber("broken.zq7@example.org")
    Subscriber.objects.filter(pk=broken.pk).update(email="broken.zq7@exa mple.org")
    smtp_server.refuse(
        "gone.zq7@example.org",
        "550 5.1.1 <gone.zq7@example.org>: Recipient address rejected: User unknown",
    )
    smtp_server.refuse("busy.zq7@example.org", "451 4.2.0 busy.zq7@example.org: Greylisted")
    mailing = send(factories.mailing(), analyst, django_capture_on_commit_callbacks)
    errors = {d.subscriber_id: d.last_error for d in Delivery.objects.filter(mailing=mailing)}
    assert errors == {
        gone.pk: "550 5.1.1 <address>: Recipient address rejected: User unknown",
        busy.pk: "451 4.2.0 <address>: Greylisted",
        broken.pk: "The address cannot be put on an envelope.",
    }
    client.force_login(analyst)
    page = client.get(f"/staff/newsletter/mailings/{mailing.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "zq7" not in page.content.decode()


def test_a_temporary_refusal_is_retried_later_then_given_up(
    settings, smtp_server, analyst, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    busy = factories.subscriber("busy@example.org")
    smtp_server.refuse("busy@example.org", "451 4.3.0 Try again later")
    mailing = send(factories.mailing(), analyst, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(subscriber=busy)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert delivery.not_before is not None
    assert delivery.not_before - timezone.now() > dt.timedelta(minutes=9)
    assert mailing.status == MailingStatus.SENDING  # waiting for the retry

    # Too early: nothing is attempted.
    tasks.send_mailing_batch.call(mailing.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 1

    with time_machine.travel(delivery.not_before + dt.timedelta(seconds=1)):
        tasks.send_mailing_batch.call(mailing.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 2)
    with time_machine.travel(delivery.not_before + dt.timedelta(seconds=1)):
        tasks.send_mailing_batch.call(mailing.pk)
    delivery.refresh_from_db()
    mailing.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert delivery.last_error == "451 4.3.0 Try again later"
    assert mailing.status == MailingStatus.SENT
    busy.refresh_from_db()
    assert busy.status == SubscriberStatus.ACTIVE  # a temporary failure is no bounce


def test_a_retry_that_succeeds_sends_once(smtp_server, analyst, django_capture_on_commit_callbacks):
    factories.subscriber("later@example.org")
    smtp_server.refuse("later@example.org", "421 4.7.0 Slow down")
    mailing = send(factories.mailing(), analyst, django_capture_on_commit_callbacks)
    smtp_server.handler.refuse.clear()
    delivery = Delivery.objects.get()
    with time_machine.travel(delivery.not_before + dt.timedelta(seconds=1)):
        tasks.send_mailing_batch.call(mailing.pk)
    delivery.refresh_from_db()
    mailing.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert mailing.status == MailingStatus.SENT
    assert [r.to for r in smtp_server.received] == ["later@example.org"]


def test_an_unreachable_mail_server_stops_the_batch_and_loses_nothing(
    settings, smtp_server, analyst, django_capture_on_commit_callbacks
):
    for n in range(3):
        factories.subscriber(f"s{n}@example.org")
    up = settings.MAILERS
    settings.MAILERS = {
        "default": {**up["default"], "OPTIONS": {**up["default"]["OPTIONS"], "port": free_port()}}
    }
    mailing = send(factories.mailing(), analyst, django_capture_on_commit_callbacks)
    assert mailing.status == MailingStatus.SENDING
    assert "ConnectionRefusedError" in mailing.last_error or "Errno" in mailing.last_error
    assert set(statuses(mailing).values()) == {"pending"}
    assert Delivery.objects.filter(attempts__gt=0).count() == 0  # nothing was tried

    settings.MAILERS = up
    later = max(Delivery.objects.values_list("not_before", flat=True))
    with time_machine.travel(later + dt.timedelta(seconds=1)):
        for _ in range(3):
            tasks.send_mailing_batch.call(mailing.pk)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    assert sorted(r.to for r in smtp_server.received) == [f"s{n}@example.org" for n in range(3)]


def test_someone_who_unsubscribes_before_their_turn_is_skipped(
    smtp_server, analyst, django_capture_on_commit_callbacks
):
    stays = factories.subscriber("stays@example.org")
    leaves = factories.subscriber("leaves@example.org")
    mailing = factories.mailing()
    services.mailing_queue(mailing=mailing, actor=analyst)  # no worker yet
    sending.mailing_prepare(mailing_id=mailing.pk, now=timezone.now())
    services.subscriber_unsubscribe(subscriber=leaves)
    tasks.send_mailing_batch.call(mailing.pk)
    assert statuses(mailing) == {"stays@example.org": "sent", "leaves@example.org": "skipped"}
    assert [r.to for r in smtp_server.received] == [stays.email]


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def test_after_a_worker_died_the_mailing_resumes_and_nobody_gets_a_second_copy(
    smtp_server, analyst, django_capture_on_commit_callbacks
):
    people = [factories.subscriber(f"p{n}@example.org") for n in range(7)]
    mailing = factories.mailing()
    services.mailing_queue(mailing=mailing, actor=analyst)
    sending.mailing_prepare(mailing_id=mailing.pk, now=timezone.now())
    # What a worker killed mid-batch leaves: two sent, one being handed over, two claimed
    # by its batch, two not reached yet.
    plan = ["sent", "sent", "sending", "claimed", "claimed", "pending", "pending"]
    for person, status in zip(people, plan, strict=True):
        Delivery.objects.filter(mailing=mailing, subscriber=person).update(
            status=status, claim="dead-batch" if status in ("sending", "claimed") else ""
        )
    Mailing.objects.filter(pk=mailing.pk).update(
        worker=f"{socket.gethostname()}:{_dead_pid()}", heartbeat_at=timezone.now()
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.mailings_resume_interrupted() == 1
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    got = Counter(r.to for r in smtp_server.received)
    assert got == Counter({f"p{n}@example.org": 1 for n in (3, 4, 5, 6)})
    assert statuses(mailing) == {
        "p0@example.org": "sent",
        "p1@example.org": "sent",
        "p2@example.org": "unknown",
        **{f"p{n}@example.org": "sent" for n in (3, 4, 5, 6)},
    }
    assert Delivery.objects.get(subscriber=people[2]).last_error == sending.INTERRUPTED


def test_a_mailing_whose_worker_is_alive_is_left_alone(analyst):
    mailing = factories.mailing()
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.SENDING, worker=sending.worker_id(), heartbeat_at=timezone.now()
    )
    assert services.mailings_resume_interrupted() == 0


def test_a_silent_worker_elsewhere_is_taken_for_gone_after_the_lease(settings, analyst):
    mailing = factories.mailing()
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.SENDING, worker="other-host:123", heartbeat_at=timezone.now()
    )
    mailing.refresh_from_db()
    now = timezone.now()
    assert not sending.worker_gone(mailing, now=now)
    lease = dt.timedelta(seconds=settings.NEWSLETTER_LEASE_SECONDS + 1)
    assert sending.worker_gone(mailing, now=now + lease)
