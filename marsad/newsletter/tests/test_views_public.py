"""The public pages: the subscribe form on every page, the same answer whatever the address,
abuse limits, confirmation by POST, preferences, and the one-click unsubscribe (RFC 8058)
from the link alone: no sign-in, no cookie, no CSRF token, no JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client

from marsad.newsletter import tokens
from marsad.newsletter.choices import SubscriberStatus
from marsad.newsletter.models import Subscriber, SubscriberEvent
from marsad.newsletter.tests import factories

pytestmark = pytest.mark.django_db
LANGUAGES = ("ar", "en", "he")


def post_subscribe(client, address, language="ar", **extra):
    return client.post(
        f"/{language}/newsletter/subscribe/",
        {"email": address, "language": language, "website": extra.pop("website", "")},
        HTTP_SEC_FETCH_SITE=extra.pop("fetch_site", "same-origin"),
        **extra,
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/report/", "/about/", "/publications/"])
def test_every_public_page_has_the_subscribe_form_and_sets_no_cookie(anonymous, language, path):
    response = anonymous.get(f"/{language}{path}")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="/{language}/newsletter/subscribe/"' in html
    assert 'name="email"' in html
    assert 'name="website"' in html
    assert f'<option value="{language}" selected>' in html
    if path != "/report/":  # the report form has its own CSRF token
        assert response.cookies == {} or "csrftoken" not in response.cookies


def test_staff_pages_have_no_subscribe_form(persona_client):
    documenter = persona_client("documenter")
    for client, path in (
        (documenter, "/staff/"),
        (documenter, "/staff/reports/"),
        (Client(), "/staff/sign-in/"),
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert "/newsletter/subscribe/" not in response.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_subscribe_page_renders(anonymous, language):
    response = anonymous.get(f"/{language}/newsletter/subscribe/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_the_answer_is_the_same_for_a_new_a_waiting_and_a_subscribed_address(
    smtp_server, django_capture_on_commit_callbacks
):
    factories.subscriber("on.the.list@example.org")
    factories.subscriber("waiting@example.org", status=SubscriberStatus.PENDING)
    bodies = []
    for address in ("new@example.org", "waiting@example.org", "on.the.list@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_subscribe(Client(), address)
        assert response.status_code == 200
        bodies.append(response.content.decode().replace(address, ""))
    assert bodies[0] == bodies[1] == bodies[2]
    assert sorted(r.to for r in smtp_server.received) == [
        "new@example.org",
        "on.the.list@example.org",
        "waiting@example.org",
    ]


def test_a_bot_filling_the_hidden_field_gets_the_same_answer_and_nothing_happens(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_subscribe(Client(), "bot@example.org", website="http://spam")
    assert response.status_code == 200
    assert Subscriber.objects.count() == 0
    assert smtp_server.received == []


def test_a_form_posted_from_another_site_is_refused():
    for headers in (
        {"fetch_site": "cross-site"},
        {"fetch_site": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example", "fetch_site": None},
    ):
        if headers.get("fetch_site", "") is None:
            headers.pop("fetch_site")
            client = Client()
            response = client.post(
                "/ar/newsletter/subscribe/",
                {"email": "victim@example.org", "language": "ar"},
                HTTP_ORIGIN="https://evil.example",
            )
        else:
            response = post_subscribe(Client(), "victim@example.org", **headers)
        assert response.status_code == 403
    assert Subscriber.objects.count() == 0


def test_an_old_browser_without_fetch_metadata_can_subscribe(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            "/ar/newsletter/subscribe/",
            {"email": "old.browser@example.org", "language": "ar"},
            HTTP_ORIGIN="null",
        )
    assert response.status_code == 200
    assert Subscriber.objects.count() == 1


def test_too_many_requests_from_one_client_are_refused(settings):
    settings.NEWSLETTER_SUBSCRIBE_PER_HOUR = 3
    client = Client()
    codes = [post_subscribe(client, f"n{n}@example.org").status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert Subscriber.objects.count() == 3


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("", "This field is required."),
        ("nope", "Enter a valid email address."),
        ("a@b", "Enter a valid email address."),
    ],
)
def test_a_wrong_address_is_shown_again_with_the_error(address, error):
    response = post_subscribe(Client(), address, "en")
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert f'value="{address}"' in html if address else True
    assert Subscriber.objects.count() == 0


def test_confirming_needs_a_post_so_link_checkers_subscribe_nobody():
    subscriber = factories.subscriber("checked@example.org", status=SubscriberStatus.PENDING)
    url = (
        f"/ar/newsletter/confirm/{tokens.confirm_token(subscriber.key, subscriber.confirm_nonce)}/"
    )
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    csrf = client.cookies["csrftoken"].value
    response = client.post(url, {"csrfmiddlewaretoken": csrf}, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    assert response["Location"] == factories.links(subscriber)["preferences"]
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE


def test_wrong_links_are_404_and_change_nothing(anonymous):
    subscriber = factories.subscriber("links@example.org")
    good = tokens.link_token(subscriber.key)
    for url in (
        "/ar/newsletter/confirm/nonsense/",
        f"/ar/newsletter/preferences/{good}x/",
        f"/ar/newsletter/unsubscribe/{good[:-2]}/",
    ):
        assert anonymous.get(url).status_code == 404
        assert anonymous.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE


def test_one_click_unsubscribe_from_the_link_alone():
    subscriber = factories.subscriber("oneclick@example.org")
    url = factories.links(subscriber)["unsubscribe"]
    # What a mail client sends (RFC 8058): a POST with this body, no cookie, no token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert list(SubscriberEvent.objects.values_list("kind", flat=True)) == [
        "confirmed",
        "unsubscribed",
    ]
    # Again: still one leaving.
    assert (
        client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert SubscriberEvent.objects.count() == 2


def test_opening_the_unsubscribe_link_asks_first():
    subscriber = factories.subscriber("asks@example.org", language="he")
    response = Client().get(factories.links(subscriber)["unsubscribe"])
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="he"' in html
    assert f'action="{factories.links(subscriber)["unsubscribe"]}"' in html
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE


def test_preferences_change_the_language():
    subscriber = factories.subscriber("prefs@example.org", language="ar")
    url = factories.links(subscriber)["preferences"]
    client = Client()
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "en"})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert client.post(url, {"language": "fr"}).status_code == 400


def test_subscribing_again_from_the_preferences_page_sends_a_new_confirmation(
    smtp_server, django_capture_on_commit_callbacks
):
    subscriber = factories.subscriber("again@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    url = factories.links(subscriber)["preferences"]
    client = Client()
    html = client.get(url).content.decode()
    assert 'name="action" value="resubscribe"' in html
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "resubscribe"}).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    [mail] = smtp_server.received
    assert "/ar/newsletter/confirm/" in mail.text()
