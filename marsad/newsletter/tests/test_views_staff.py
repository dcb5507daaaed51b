"""The staff pages of the newsletter: who may write, send, stop and resume mailings, and who
may find, show, export and erase a subscriber's data (logged); a denied request changes
nothing and enqueues nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import client_for, make_user
from marsad.accounts.choices import Role
from marsad.newsletter.choices import AccessAction, MailingStatus, SubscriberStatus
from marsad.newsletter.models import Delivery, Mailing, Subscriber, SubscriberAccessLog
from marsad.newsletter.tests import factories

pytestmark = pytest.mark.django_db
PERSONAS = ("anonymous", "partner", "documenter", "coordinator", "analyst", "admin")


def world():
    draft = factories.mailing(ar=("مسودة", "نص"))
    subscriber = factories.subscriber("person@example.org")
    return {"draft": draft, "subscriber": subscriber}


def state(w):
    draft = Mailing.objects.get(pk=w["draft"].pk)
    subscriber = Subscriber.objects.filter(pk=w["subscriber"].pk).first()
    return (
        draft.status,
        list(draft.translations.values_list("language_code", "subject")),
        Mailing.objects.count(),
        Delivery.objects.count(),
        subscriber.status if subscriber else None,
        SubscriberAccessLog.objects.count(),
    )


ACTIONS = {
    "mailing_new": (
        {"analyst"},
        lambda w: ("/staff/newsletter/mailings/new/", {"subject_en": "Hi", "body_en": "Text"}),
    ),
    "mailing_edit": (
        {"analyst"},
        lambda w: (
            f"/staff/newsletter/mailings/{w['draft'].pk}/edit/",
            {"subject_ar": "تغيير", "body_ar": "نص"},
        ),
    ),
    "mailing_send": (
        {"analyst"},
        lambda w: (f"/staff/newsletter/mailings/{w['draft'].pk}/send/", {}),
    ),
    "lookup": (
        {"admin"},
        lambda w: (
            "/staff/newsletter/subscribers/",
            {"email": "person@example.org", "reason": "request"},
        ),
    ),
    "reveal": (
        {"admin"},
        lambda w: (
            f"/staff/newsletter/subscribers/{w['subscriber'].pk}/reveal/",
            {"reason": "request"},
        ),
    ),
    "export": (
        {"admin"},
        lambda w: (
            f"/staff/newsletter/subscribers/{w['subscriber'].pk}/export/",
            {"reason": "request"},
        ),
    ),
    "erase": (
        {"admin"},
        lambda w: (
            f"/staff/newsletter/subscribers/{w['subscriber'].pk}/erase/",
            {"reason": "request", "confirm": "erase"},
        ),
    ),
    "bounces": (
        {"analyst", "admin"},
        lambda w: ("/staff/newsletter/bounces/", {"addresses": "person@example.org"}),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_action_is_allowed_to_its_roles_only(
    persona, action, django_capture_on_commit_callbacks
):
    allowed, make = ACTIONS[action]
    w = world()
    client = client_for(persona)
    before = state(w)
    url, data = make(w)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(url, data)
    if persona in allowed:
        assert response.status_code in (200, 302), response.content[:300]
        assert state(w) != before
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith("/staff/sign-in/")
        assert state(w) == before
        assert callbacks == []


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_the_pages_render_in_each_language(language, smtp_server):
    analyst = client_for("analyst")
    admin = Client()
    admin.cookies.load({"marsad_language": language})
    analyst.cookies.load({"marsad_language": language})
    admin.force_login(make_user(Role.ADMIN))
    w = world()
    for client, url in (
        (analyst, "/staff/newsletter/"),
        (analyst, "/staff/newsletter/mailings/new/"),
        (analyst, f"/staff/newsletter/mailings/{w['draft'].pk}/"),
        (analyst, f"/staff/newsletter/mailings/{w['draft'].pk}/edit/"),
        (analyst, "/staff/newsletter/subscribers/"),
        (analyst, "/staff/newsletter/bounces/"),
        (admin, f"/staff/newsletter/subscribers/{w['subscriber'].pk}/"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        assert "person@example.org" not in html  # addresses only on a logged reveal


def test_sending_from_the_page_shows_the_progress(smtp_server, django_capture_on_commit_callbacks):
    analyst = client_for("analyst")
    factories.subscriber("one@example.org")
    factories.subscriber("two@example.org", language="en")
    mailing = factories.mailing(ar=("عنوان", "نص"))
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst.post(f"/staff/newsletter/mailings/{mailing.pk}/send/")
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    html = analyst.get(f"/staff/newsletter/mailings/{mailing.pk}/").content.decode()
    assert '<progress max="2" value="2">' in html
    assert 'http-equiv="refresh"' not in html  # finished: no more refreshing
    assert len(smtp_server.received) == 2


def test_revealing_and_exporting_are_logged_with_the_reason():
    admin = client_for("admin")
    subscriber = factories.subscriber("data.request@example.org", language="he")
    response = admin.post(
        f"/staff/newsletter/subscribers/{subscriber.pk}/reveal/", {"reason": "they asked by phone"}
    )
    assert "data.request@example.org" in response.content.decode()
    response = admin.post(
        f"/staff/newsletter/subscribers/{subscriber.pk}/export/", {"reason": "request by email"}
    )
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["email"] == "data.request@example.org"
    assert data["language"] == "he"
    assert data["status"] == "active"
    assert [e["event"] for e in data["history"]] == ["confirmed"]
    assert list(SubscriberAccessLog.objects.order_by("pk").values_list("action", "reason")) == [
        (AccessAction.REVEAL, "they asked by phone"),
        (AccessAction.EXPORT, "request by email"),
    ]
    # Without a reason: refused, nothing logged.
    admin.post(f"/staff/newsletter/subscribers/{subscriber.pk}/reveal/", {"reason": ""})
    assert SubscriberAccessLog.objects.count() == 2


def test_finding_a_subscriber_by_address_is_logged_and_never_says_more_to_others():
    admin = client_for("admin")
    subscriber = factories.subscriber("find.me@example.org")
    response = admin.post(
        "/staff/newsletter/subscribers/",
        {"email": "Find.Me@example.org", "reason": "erasure request"},
    )
    assert response["Location"] == f"/staff/newsletter/subscribers/{subscriber.pk}/"
    log = SubscriberAccessLog.objects.get()
    assert (log.action, log.reason) == (AccessAction.LOOKUP, "erasure request")
    response = admin.post(
        "/staff/newsletter/subscribers/",
        {"email": "nobody@example.org", "reason": "erasure request"},
        follow=True,
    )
    assert "لا يوجد مشترك بهذا العنوان." in response.content.decode()  # in the staff's Arabic


def test_a_bounce_report_that_finds_a_subscriber_is_in_their_access_log():
    """Recording a bounce looks an address up (and says whether it was on the list): each
    address found is in the subscriber's access log with who pasted it, as a look-up is."""
    analyst = client_for("analyst")
    on_list = factories.subscriber("on.list@example.org")
    gone = factories.subscriber("gone.before@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    response = analyst.post(
        "/staff/newsletter/bounces/",
        {"addresses": "On.List@example.org\ngone.before@example.org\nnever@example.org"},
    )
    assert response.status_code == 302
    logged = list(
        SubscriberAccessLog.objects.values_list("subscriber_ref", "user__role", "action", "reason")
    )
    assert sorted(logged) == sorted(
        [
            (on_list.pk, Role.ANALYST, AccessAction.BOUNCE, "bounce report"),
            (gone.pk, Role.ANALYST, AccessAction.BOUNCE, "bounce report"),
        ]
    )


def test_erasing_needs_the_box_ticked():
    admin = client_for("admin")
    subscriber = factories.subscriber("keep@example.org")
    admin.post(f"/staff/newsletter/subscribers/{subscriber.pk}/erase/", {"reason": "x"})
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_mailing_list_pages_have_pinned_query_counts(django_assert_num_queries):
    analyst = client_for("analyst")
    for n in range(3):
        factories.mailing(ar=(f"نشرة {n}", "نص"))
        factories.subscriber(f"q{n}@example.org", status=SubscriberStatus.ACTIVE)
    analyst.get("/staff/newsletter/")  # warm the session
    # session, user, permissions (2), the list with its translations (2), counts (1), MFA (1)
    with django_assert_num_queries(7):
        assert analyst.get("/staff/newsletter/").status_code == 200
