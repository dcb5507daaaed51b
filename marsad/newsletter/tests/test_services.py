"""The list: subscribe (double opt-in), confirm, unsubscribe, subscribe again, bounces,
erasure, purge; mailings: drafts, announcements, queueing, cancelling."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.db import connection
from django.utils import timezone

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.newsletter import services, tokens
from marsad.newsletter.addresses import address_hash
from marsad.newsletter.choices import (
    AccessAction,
    DeliveryStatus,
    MailingStatus,
    SubscriberEventKind,
    SubscriberStatus,
)
from marsad.newsletter.errors import (
    InvalidAddress,
    MailingIncomplete,
    MailingNotEditable,
    MailingTransitionNotAllowed,
)
from marsad.newsletter.models import (
    Delivery,
    Mailing,
    Subscriber,
    SubscriberAccessLog,
    SubscriberEvent,
)
from marsad.newsletter.tests import factories

pytestmark = pytest.mark.django_db


def request(address, language="ar", capture=None):
    with capture(execute=True):
        services.subscriber_request(email=address, language=language)


def confirm_link(received):
    text = received.text()
    return next(line for line in text.splitlines() if "/newsletter/confirm/" in line).strip()


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[1]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not-an-address",
        "a@b",
        "x" * 250 + "@example.org",
        "a\u202e@example.org",
        "نادية@example.org",
    ],
)
def test_invalid_addresses_are_refused(raw):
    with pytest.raises(InvalidAddress):
        services.subscriber_request(email=raw, language="ar")
    assert Subscriber.objects.count() == 0


def test_a_request_adds_nobody_until_the_link_is_used(
    smtp_server, django_capture_on_commit_callbacks
):
    request(" Nadia@Example.ORG ", "he", django_capture_on_commit_callbacks)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.email == "nadia@example.org"
    assert subscriber.email_hash == address_hash("nadia@example.org")
    assert SubscriberEvent.objects.count() == 0
    [mail] = smtp_server.received
    assert mail.to == "nadia@example.org"
    assert mail.message["Subject"] == "אשרו את ההרשמה לרשימת התפוצה שלנו"
    assert "/he/newsletter/confirm/" in mail.text()
    assert "List-Unsubscribe" not in mail.message  # a transactional message, not a mailing

    confirmed = services.subscriber_confirm(token=token_of(confirm_link(mail)))
    assert confirmed == subscriber
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert subscriber.confirmed_at is not None
    assert list(SubscriberEvent.objects.values_list("kind", flat=True)) == ["confirmed"]
    # The same link again: still subscribed once.
    assert services.subscriber_confirm(token=token_of(confirm_link(mail))) == subscriber
    assert SubscriberEvent.objects.count() == 1


def test_an_address_already_on_the_list_gets_a_notice_and_nothing_changes(
    smtp_server, django_capture_on_commit_callbacks
):
    subscriber = factories.subscriber("amal@example.org", language="ar")
    request("AMAL@example.org", "en", django_capture_on_commit_callbacks)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert subscriber.language == "ar"  # a stranger cannot change it
    [mail] = smtp_server.received
    assert mail.message["Subject"] == "أنت مشترك في قائمتنا البريدية بالفعل"
    assert factories.links(subscriber)["preferences"] in mail.text()
    assert "/newsletter/confirm/" not in mail.text()


def test_one_address_gets_at_most_three_emails_a_day_however_often_it_is_typed(
    smtp_server, django_capture_on_commit_callbacks
):
    for _ in range(6):
        request("target@example.org", "ar", django_capture_on_commit_callbacks)
    assert len(smtp_server.received) == services.NOTICES_PER_ADDRESS_PER_DAY
    assert Subscriber.objects.count() == 1


def test_unsubscribing_then_subscribing_again_needs_a_new_confirmation(
    smtp_server, django_capture_on_commit_callbacks
):
    request("rami@example.org", "ar", django_capture_on_commit_callbacks)
    first = smtp_server.received[0]
    subscriber = services.subscriber_confirm(token=token_of(confirm_link(first)))
    assert subscriber is not None
    services.subscriber_unsubscribe(subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    # The old confirmation link cannot put the address back.
    assert services.subscriber_confirm(token=token_of(confirm_link(first))) is None

    request("rami@example.org", "en", django_capture_on_commit_callbacks)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.language == "en"
    second = smtp_server.received[-1]
    assert services.subscriber_confirm(token=token_of(confirm_link(first))) is None
    assert services.subscriber_confirm(token=token_of(confirm_link(second))) == subscriber
    assert list(SubscriberEvent.objects.order_by("pk").values_list("kind", flat=True)) == [
        "confirmed",
        "unsubscribed",
        "confirmed",
    ]


def test_unsubscribing_twice_records_one_leaving():
    subscriber = factories.subscriber("twice@example.org")
    services.subscriber_unsubscribe(subscriber=subscriber)
    services.subscriber_unsubscribe(subscriber=subscriber)
    assert SubscriberEvent.objects.filter(kind=SubscriberEventKind.UNSUBSCRIBED).count() == 1


def test_confirmation_links_expire(settings, smtp_server, django_capture_on_commit_callbacks):
    request("late@example.org", "ar", django_capture_on_commit_callbacks)
    token = token_of(confirm_link(smtp_server.received[0]))
    later = timezone.now() + dt.timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS, minutes=1)
    with time_machine.travel(later):
        assert services.subscriber_confirm(token=token) is None
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "x" + t,  # key changed
        lambda t: "",
        lambda t: t + ":" * 500,
    ],
)
def test_forged_links_open_nothing(mangle):
    subscriber = factories.subscriber("forged@example.org", status=SubscriberStatus.PENDING)
    token = tokens.confirm_token(subscriber.key, subscriber.confirm_nonce)
    assert services.subscriber_confirm(token=mangle(token)) is None
    assert tokens.link_key(mangle(tokens.link_token(subscriber.key))) is None


def test_bounces_take_addresses_off_the_list():
    active = factories.subscriber("gone@example.org")
    factories.subscriber("left@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    result = services.subscribers_record_bounces(
        addresses=["GONE@example.org", "left@example.org", "never@example.org", "junk", ""]
    )
    assert (result.marked, result.unknown) == (1, 3)
    active.refresh_from_db()
    assert active.status == SubscriberStatus.BOUNCED
    assert SubscriberEvent.objects.filter(kind="bounced").count() == 1


def test_erasing_leaves_no_address_and_keeps_the_counts_true(admin_user_):
    subscriber = factories.subscriber("erase.me@example.org")
    mailing = factories.mailing()
    Delivery.objects.create(
        mailing=mailing, subscriber=subscriber, language="ar", status=DeliveryStatus.SENT
    )
    pk = subscriber.pk
    services.subscriber_erase(subscriber=subscriber, user=admin_user_, reason="asked by email")
    assert not Subscriber.objects.filter(pk=pk).exists()
    assert Delivery.objects.get().subscriber is None  # the mailing's count stays
    assert list(
        SubscriberEvent.objects.filter(subscriber_ref=pk).values_list("kind", flat=True)
    ) == [
        "confirmed",
        "erased",
    ]
    log = SubscriberAccessLog.objects.get()
    assert (log.subscriber_ref, log.action, log.user, log.reason) == (
        pk,
        AccessAction.ERASE,
        admin_user_,
        "asked by email",
    )


@pytest.fixture
def admin_user_(db):
    return make_user(Role.ADMIN, "data-protection")


def test_purge_deletes_stale_requests_and_old_leavers_only(settings):
    now = timezone.now()
    old = now - dt.timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS + 1)
    stale = factories.subscriber("stale@example.org", status=SubscriberStatus.PENDING, at=old)
    fresh = factories.subscriber("fresh@example.org", status=SubscriberStatus.PENDING)
    gone = factories.subscriber(
        "gone@example.org",
        status=SubscriberStatus.UNSUBSCRIBED,
        at=now - dt.timedelta(days=services.KEEP_LEFT_DAYS + 1),
    )
    recent = factories.subscriber("recent@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    active = factories.subscriber("active@example.org", at=old)
    assert services.subscribers_purge(now=now) == 2
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, recent.pk, active.pk}
    assert not Subscriber.objects.filter(pk__in=[stale.pk, gone.pk]).exists()


def test_addresses_are_encrypted_in_the_table():
    subscriber = factories.subscriber("secret.reader@example.org")
    raw = Subscriber.objects.filter(pk=subscriber.pk).values_list("email", flat=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM newsletter_subscriber WHERE id = %s", [subscriber.pk])
        stored = cursor.fetchone()[0]
    assert "secret.reader" not in stored
    assert stored.startswith("gAAAA")
    assert list(raw) == ["secret.reader@example.org"]


def test_rotating_keys_reencrypts_addresses(settings):
    subscriber = factories.subscriber("rotate@example.org")
    settings.MARSAD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.MARSAD_ENCRYPTION_KEYS,
    ]
    assert services.subscribers_reencrypt() == 1
    settings.MARSAD_ENCRYPTION_KEYS = settings.MARSAD_ENCRYPTION_KEYS[:1]
    subscriber.refresh_from_db()
    assert subscriber.email == "rotate@example.org"
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM newsletter_subscriber")
        assert cursor.fetchone()[0].startswith("gAAAA")


# --- Mailings -----------------------------------------------------------------------------


def test_a_draft_keeps_one_row_per_language_and_can_drop_one():
    mailing = factories.mailing(ar=("عنوان", "نص"), he=("כותרת", "טקסט"))
    assert sorted(mailing.translations.values_list("language_code", flat=True)) == ["ar", "he"]
    services.mailing_update(mailing=mailing, texts={"ar": ("عنوان جديد", "نص"), "he": ("", "")})
    mailing = Mailing.objects.get()
    assert list(mailing.translations.values_list("language_code", "subject")) == [
        ("ar", "عنوان جديد")
    ]


def test_an_announcement_is_drafted_once_per_origin():
    first, created = services.mailing_draft_announcement(
        origin="publication:1", texts={"en": ("New", "Text")}
    )
    second, again = services.mailing_draft_announcement(
        origin="publication:1", texts={"en": ("Other", "Other")}
    )
    assert (created, again) == (True, False)
    assert first == second
    assert Mailing.objects.count() == 1


def test_queueing_needs_a_complete_version_and_happens_once(django_capture_on_commit_callbacks):
    analyst = make_user(Role.ANALYST)
    empty = Mailing.objects.create()
    with pytest.raises(MailingIncomplete):
        services.mailing_queue(mailing=empty, actor=analyst)
    mailing = factories.mailing()
    with django_capture_on_commit_callbacks() as callbacks:
        services.mailing_queue(mailing=mailing, actor=analyst)
    assert len(callbacks) == 1  # the first batch, enqueued after the commit
    with pytest.raises(MailingTransitionNotAllowed):
        services.mailing_queue(mailing=mailing, actor=analyst)
    with pytest.raises(MailingNotEditable):
        services.mailing_update(mailing=mailing, texts={"ar": ("x", "y")})
    mailing.refresh_from_db()
    assert (mailing.status, mailing.queued_by) == (MailingStatus.QUEUED, analyst)


def test_cancelling_skips_what_was_not_sent():
    mailing = factories.mailing()
    mailing.status = MailingStatus.SENDING
    mailing.save()
    a = factories.subscriber("a@example.org")
    b = factories.subscriber("b@example.org")
    Delivery.objects.create(
        mailing=mailing, subscriber=a, language="ar", status=DeliveryStatus.SENT
    )
    Delivery.objects.create(mailing=mailing, subscriber=b, language="ar")
    assert services.mailing_cancel(mailing=mailing) == 1
    assert dict(Delivery.objects.values_list("subscriber__email", "status")) == {
        "a@example.org": "sent",
        "b@example.org": "skipped",
    }
    with pytest.raises(MailingTransitionNotAllowed):
        services.mailing_cancel(mailing=mailing)
