"""A staff member's email address: changing it takes a fresh second factor, and links to set
a new password only go to a verified address (one an administrator entered, or one confirmed
from its own mailbox)."""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from conftest import make_user, totp_code
from marsad.accounts.choices import Role
from marsad.accounts.models import User

pytestmark = pytest.mark.django_db

EMAIL = "/staff/account/email/"
RESET = "/staff/account/password/reset/"
RESET_DONE = "/staff/account/password/reset/done/"
MFA_REAUTHENTICATE = "/staff/account/2fa/reauthenticate/"
ACTIVATE = "/staff/account/2fa/totp/activate/"
ATTACKER = "attacker@example.net"


def signed_in(user: User, *, minutes_ago: int) -> Client:
    """A staff session that passed both steps of the sign-in ``minutes_ago`` minutes ago."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    session = client.session
    then = time.time() - minutes_ago * 60
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": then} for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()
    return client


def addresses(user: User) -> dict[str, tuple[bool, bool]]:
    """The account's addresses: {address: (verified, primary)}."""
    return {a.email: (a.verified, a.primary) for a in EmailAddress.objects.filter(user=user)}


def wrong_code(user: User) -> str:
    valid = {totp_code(user, offset=o) for o in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def reset_for(address: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(RESET, {"email": address})
    assert response.status_code == 302
    assert response["Location"] == RESET_DONE
    return client


def test_changing_the_address_asks_for_a_fresh_second_factor(mailoutbox):
    user = make_user(Role.DOCUMENTER)
    client = signed_in(user, minutes_ago=10)
    asked = client.post(EMAIL, {"email": ATTACKER, "action_add": ""})
    # Nothing changes and nothing is sent before the second factor is given again.
    assert asked.status_code == 302
    assert asked["Location"] == f"{MFA_REAUTHENTICATE}?next={quote(EMAIL, safe='')}"
    assert addresses(user) == {"documenter@example.org": (True, True)}
    assert mailoutbox == []

    wrong = client.post(asked["Location"], {"code": wrong_code(user)})
    assert wrong.status_code == 200
    assert addresses(user) == {"documenter@example.org": (True, True)}

    # The code confirms it is the account's owner; the change asked for then goes ahead.
    confirmed = client.post(asked["Location"], {"code": totp_code(user)})
    assert confirmed.status_code == 302
    assert addresses(user) == {
        "documenter@example.org": (True, True),
        ATTACKER: (False, False),
    }
    assert [m.to for m in mailoutbox] == [[ATTACKER]]  # the confirmation link, to the new address
    user.refresh_from_db()
    assert user.email == "documenter@example.org"


def test_the_password_alone_does_not_confirm_a_change_for_an_account_with_a_second_factor():
    user = make_user(Role.COORDINATOR)
    client = signed_in(user, minutes_ago=10)
    page = client.get("/staff/account/reauthenticate/?next=/staff/account/email/")
    assert page.status_code == 302
    assert page["Location"] == f"{MFA_REAUTHENTICATE}?next={quote(EMAIL, safe='')}"
    client.post(
        "/staff/account/reauthenticate/?next=/staff/account/email/",
        {"password": "a long test password"},
    )
    refused = client.post(EMAIL, {"email": ATTACKER, "action_add": ""})
    assert refused["Location"].startswith(MFA_REAUTHENTICATE)
    assert ATTACKER not in addresses(user)


def test_a_second_factor_given_minutes_ago_at_sign_in_is_not_fresh_enough():
    user = make_user(Role.ANALYST)
    client = signed_in(user, minutes_ago=6)
    refused = client.post(EMAIL, {"email": ATTACKER, "action_add": ""})
    assert refused["Location"].startswith(MFA_REAUTHENTICATE)
    assert ATTACKER not in addresses(user)


def test_staff_without_a_second_factor_cannot_reach_the_address_page():
    user = make_user(Role.DOCUMENTER, mfa=False)
    client = Client()
    client.post("/staff/sign-in/", {"username": user.username, "password": "a long test password"})
    assert client.get(EMAIL)["Location"] == ACTIVATE
    assert client.post(EMAIL, {"email": ATTACKER, "action_add": ""})["Location"] == ACTIVATE
    assert ATTACKER not in addresses(user)


def test_password_resets_go_only_to_verified_addresses(mailoutbox):
    user = make_user(Role.COORDINATOR)
    # A change asked for but never confirmed from the new mailbox.
    EmailAddress.objects.create(user=user, email=ATTACKER, verified=False, primary=False)
    unverified = reset_for(ATTACKER)
    unknown = reset_for("nobody@example.org")
    # The same page as for an address no account has, and nothing is sent.
    assert mailoutbox == []
    assert unverified.get(RESET_DONE).content.decode() == unknown.get(RESET_DONE).content.decode()
    # The verified address (entered by an administrator) still gets its link.
    reset_for("coordinator@example.org")
    assert [m.to for m in mailoutbox] == [["coordinator@example.org"]]
    assert re.search(r"/staff/account/password/reset/key/\S+/", mailoutbox[0].body)


def test_an_unconfirmed_address_cannot_become_the_account_address():
    user = make_user(Role.DOCUMENTER)
    EmailAddress.objects.create(user=user, email=ATTACKER, verified=False, primary=False)
    client = signed_in(user, minutes_ago=0)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *session[AUTHENTICATION_METHODS_SESSION_KEY],
        {"method": "mfa", "at": time.time(), "type": "totp", "reauthenticated": True},
    ]
    session.save()
    client.post(EMAIL, {"email": ATTACKER, "action_primary": ""})
    user.refresh_from_db()
    assert user.email == "documenter@example.org"
    assert addresses(user) == {
        "documenter@example.org": (True, True),
        ATTACKER: (False, False),
    }


def test_the_address_an_administrator_enters_is_the_verified_one(administrator, mailoutbox):
    user = make_user(Role.ANALYST)
    EmailAddress.objects.create(user=user, email=ATTACKER, verified=False, primary=False)
    response = administrator.post(
        f"/admin/accounts/user/{user.pk}/change/",
        {
            "username": user.username,
            "email": "analyst.new@example.org",
            "role": "analyst",
            "preferred_language": "ar",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The new address is the account's only one; the old one and the pending change are gone.
    assert addresses(user) == {"analyst.new@example.org": (True, True)}
    reset_for("analyst@example.org")
    reset_for(ATTACKER)
    assert mailoutbox == []
    reset_for("analyst.new@example.org")
    assert [m.to for m in mailoutbox] == [["analyst.new@example.org"]]


def test_an_address_confirmed_from_its_mailbox_replaces_the_old_one(mailoutbox):
    user = make_user(Role.DOCUMENTER)
    client = signed_in(user, minutes_ago=0)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *session[AUTHENTICATION_METHODS_SESSION_KEY],
        {"method": "mfa", "at": time.time(), "type": "totp", "reauthenticated": True},
    ]
    session.save()
    client.post(EMAIL, {"email": "new.home@example.org", "action_add": ""})
    link = re.search(r"https?://[^/\s]+(/staff/account/confirm-email/\S+/)", mailoutbox[0].body)
    assert link is not None, mailoutbox[0].body
    assert client.post(link.group(1)).status_code == 302
    assert addresses(user) == {"new.home@example.org": (True, True)}
    user.refresh_from_db()
    assert user.email == "new.home@example.org"
    mailoutbox.clear()
    reset_for("documenter@example.org")
    assert mailoutbox == []
    reset_for("new.home@example.org")
    assert [m.to for m in mailoutbox] == [["new.home@example.org"]]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_verifies_the_addresses_administrators_entered(vocabularies_reseeded):
    _migrate([("accounts", "0003_stafftoken")])
    try:
        entered = User.objects.create(username="entered", email="Entered@Example.org")
        pending = User.objects.create(username="pending", email="pending@example.org")
        EmailAddress.objects.create(user=pending, email="pending@example.org", primary=True)
        EmailAddress.objects.create(user=pending, email=ATTACKER)
        first = User.objects.create(username="first", email="shared@example.org")
        second = User.objects.create(username="second", email="shared@example.org")
        none = User.objects.create(username="none", email="")
    finally:
        _migrate([("accounts", "0004_verified_staff_addresses")])
    assert addresses(entered) == {"entered@example.org": (True, True)}
    assert addresses(pending) == {
        "pending@example.org": (True, True),
        ATTACKER: (False, False),
    }
    assert addresses(first) == {"shared@example.org": (True, True)}
    assert addresses(second) == {}
    assert addresses(none) == {}
    entered.refresh_from_db()
    assert entered.email == "entered@example.org"


def test_the_admin_refuses_an_address_another_account_has(administrator):
    make_user(Role.DOCUMENTER)
    response = administrator.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcomer",
            "email": "Documenter@example.org",
            "role": "analyst",
            "usable_password": "false",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Another account has this email address." in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    created = administrator.post(
        "/admin/accounts/user/add/",
        {
            "username": "newcomer",
            "email": "Newcomer@example.org",
            "role": "analyst",
            "usable_password": "false",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    newcomer = User.objects.get(username="newcomer")
    assert newcomer.email == "newcomer@example.org"
    assert addresses(newcomer) == {"newcomer@example.org": (True, True)}
