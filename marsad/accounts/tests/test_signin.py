"""Passwords, the lockout after repeated failures, and the sign-in record."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

from conftest import PASSWORD, make_user, totp_code
from marsad.accounts.choices import Role, SignInMethod, SignInOutcome
from marsad.accounts.models import SignInEvent, User
from marsad.accounts.services import user_agent_family
from marsad.core.crypto import keyed_hash

pytestmark = pytest.mark.django_db

SIGN_IN = "/staff/sign-in/"
AUTHENTICATE = "/staff/account/2fa/authenticate/"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"


def attempt(client: Client, username: str, password: str):
    return client.post(SIGN_IN, {"username": username, "password": password})


def outcomes(user: User | None = None) -> list[str]:
    rows = SignInEvent.objects.order_by("at", "pk")
    if user is not None:
        rows = rows.filter(user=user)
    return [row.outcome for row in rows]


def test_sign_in_with_username_or_email():
    user = make_user(Role.DOCUMENTER)
    assert attempt(Client(), "test-documenter", PASSWORD)["Location"] == AUTHENTICATE
    assert attempt(Client(), "documenter@example.org", PASSWORD)["Location"] == AUTHENTICATE
    assert attempt(Client(), "TEST-Documenter", PASSWORD)["Location"] == AUTHENTICATE
    assert outcomes(user) == [SignInOutcome.SUCCEEDED] * 3


def test_five_wrong_passwords_lock_the_name_out_from_that_client_for_30_minutes():
    user = make_user(Role.DOCUMENTER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(4):
        wrong = attempt(client, "test-documenter", "not the password")
        assert wrong.status_code == 200
        assert "not correct" in wrong.content.decode()
    fifth = attempt(client, "test-documenter", "not the password")
    assert fifth.status_code == 429
    assert "Sign-in blocked for now" in fifth.content.decode()
    assert "for the next 30 minutes" in fifth.content.decode()
    assert fifth["Content-Security-Policy"]  # the lockout page is a page like any other

    right = attempt(client, "Test-Documenter", PASSWORD)  # the case does not matter
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert outcomes(user) == [SignInOutcome.FAILED] * 5 + [SignInOutcome.LOCKED_OUT]

    # The lock is on this name from this client: the same person elsewhere is not locked out.
    other_client = Client(REMOTE_ADDR="192.0.2.44")
    assert attempt(other_client, "test-documenter", PASSWORD)["Location"] == AUTHENTICATE

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=31)):
        later = attempt(client, "test-documenter", PASSWORD)
    assert later["Location"] == AUTHENTICATE


def test_the_lockout_keeps_no_address_in_clear():
    make_user(Role.ANALYST)
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(5):
        attempt(client, "test-analyst", "wrong")
    stored = AccessAttempt.objects.get()
    assert stored.ip_address.startswith("2001:db8:")  # a pseudonym in the documentation range
    assert stored.username == "test-analyst"
    assert "198.51.100.7" not in repr(list(AccessAttempt.objects.values()))
    assert "wrong" not in stored.post_data


def test_a_name_typed_at_sign_in_reaches_no_log(caplog, capfd):
    """What was typed as the name may be a password typed in the wrong field: the log lines
    of a failure (axes') say which client and that it failed, not what was typed."""
    make_user(Role.DOCUMENTER)
    caplog.set_level(logging.DEBUG)
    for _ in range(5):  # failures, then the lockout
        attempt(Client(), "Zq7-My-Secret-Passw0rd", "test-documenter")  # fields swapped
    out, err = capfd.readouterr()
    text = (caplog.text + out + err).casefold()
    assert "axes: locking out" in text  # the failures are logged
    assert "zq7" not in text


def test_a_successful_sign_in_clears_earlier_failures():
    user = make_user(Role.COORDINATOR)
    client = Client()
    for _ in range(3):
        attempt(client, "test-coordinator", "wrong")
    password_ok = attempt(client, "test-coordinator", PASSWORD)
    client.post(AUTHENTICATE, {"code": totp_code(user)})
    assert password_ok["Location"] == AUTHENTICATE
    assert not AccessAttempt.objects.exists()
    for _ in range(4):
        assert attempt(Client(), "test-coordinator", "wrong").status_code == 200


def test_partners_are_refused_with_a_clear_message_and_it_is_recorded():
    partner = make_user(Role.PARTNER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = attempt(client, "test-partner", PASSWORD)
    assert response.status_code == 200
    assert "This account cannot sign in to the staff area." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert outcomes(partner) == [SignInOutcome.REFUSED]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ar", "لا يمكن لهذا الحساب"),
        ("he", "חשבון זה אינו יכול"),
    ],
)
def test_the_partner_refusal_is_translated(language, message):
    make_user(Role.PARTNER)
    client = Client()
    client.cookies["marsad_language"] = language
    html = attempt(client, "test-partner", PASSWORD).content.decode()
    assert message in html


def test_sign_in_events_keep_a_keyed_hash_of_the_client_and_the_browser_family():
    user = make_user(Role.DOCUMENTER)
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT=FIREFOX_ANDROID)
    attempt(client, "test-documenter", "wrong")
    attempt(client, "nobody-by-that-name", "wrong")
    attempt(client, "test-documenter", PASSWORD)
    rows = list(SignInEvent.objects.order_by("pk"))
    assert [(r.user, r.method, r.outcome) for r in rows] == [
        (user, SignInMethod.PASSWORD, SignInOutcome.FAILED),
        (None, SignInMethod.PASSWORD, SignInOutcome.FAILED),
        (user, SignInMethod.PASSWORD, SignInOutcome.SUCCEEDED),
    ]
    assert {r.client for r in rows} == {keyed_hash("client", "203.0.113.9")}
    assert {r.user_agent_family for r in rows} == {"Firefox / Android"}
    dumped = repr(list(SignInEvent.objects.values()))
    assert "203.0.113.9" not in dumped
    assert "nobody-by-that-name" not in dumped


def test_ipv6_clients_are_grouped_by_their_network():
    make_user(Role.DOCUMENTER)
    attempt(Client(REMOTE_ADDR="2001:db8:1:2:aaaa::1"), "test-documenter", "wrong")
    attempt(Client(REMOTE_ADDR="2001:db8:1:2:bbbb::2"), "test-documenter", "wrong")
    first, second = SignInEvent.objects.order_by("pk")
    assert first.client == second.client == keyed_hash("client", "2001:db8:1:2::")


@pytest.mark.parametrize(
    ("agent", "family"),
    [
        (FIREFOX_ANDROID, "Firefox / Android"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0 Safari/537.36 Edg/126.0",
            "Edge / Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari / iOS",
        ),
        ("curl/8.5.0", "curl"),
        ("", "other"),
    ],
)
def test_user_agent_family(agent, family):
    assert user_agent_family(agent) == family


def test_the_sign_in_record_is_read_only_in_the_admin(administrator):
    SignInEvent.objects.create(outcome=SignInOutcome.FAILED, method=SignInMethod.PASSWORD)
    event = SignInEvent.objects.get()
    assert administrator.get("/admin/accounts/signinevent/").status_code == 200
    assert administrator.get(f"/admin/accounts/signinevent/{event.pk}/change/").status_code == 200
    assert administrator.get("/admin/accounts/signinevent/add/").status_code == 403
    administrator.post(f"/admin/accounts/signinevent/{event.pk}/delete/", {"post": "yes"})
    assert SignInEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("persona", ["documenter", "coordinator", "analyst", "partner"])
def test_only_administrators_read_the_sign_in_record(persona_client, persona):
    response = persona_client(persona).get("/admin/accounts/signinevent/")
    assert response.status_code == 302


def test_a_forgotten_password_is_reset_by_email_and_the_second_factor_still_applies(mailoutbox):
    user = make_user(Role.DOCUMENTER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sent = client.post("/staff/account/password/reset/", {"email": "documenter@example.org"})
    assert sent["Location"] == "/staff/account/password/reset/done/"
    link = re.search(
        r"https?://[^/\s]+(/staff/account/password/reset/key/\S+/)", mailoutbox[0].body
    )
    assert link is not None, mailoutbox[0].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    action = form.redirect_chain[-1][0] if form.redirect_chain else link.group(1)
    new_password = "a new and long password"
    done = client.post(action, {"password1": new_password, "password2": new_password})
    assert done["Location"] == "/staff/account/password/reset/key/done/"
    assert "_auth_user_id" not in client.session  # a reset does not sign in
    assert attempt(Client(), "test-documenter", new_password)["Location"] == AUTHENTICATE
    user.refresh_from_db()
    assert user.check_password(new_password)
    # Nothing is sent for an address no account has, and the page says the same.
    other = Client().post("/staff/account/password/reset/", {"email": "nobody@example.org"})
    assert other["Location"] == "/staff/account/password/reset/done/"
    assert len(mailoutbox) == 1
