"""Two-factor authentication: required for every staff role, in the staff area and the admin."""

from __future__ import annotations

import io
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client

from conftest import PASSWORD, make_user, totp_code
from marsad.accounts.choices import STAFF_ROLES, Role, SignInMethod, SignInOutcome
from marsad.accounts.models import SignInEvent, User

pytestmark = pytest.mark.django_db

SIGN_IN = "/staff/sign-in/"
AUTHENTICATE = "/staff/account/2fa/authenticate/"
ACTIVATE = "/staff/account/2fa/totp/activate/"


def code_for(secret: str, offset: int = 0) -> str:
    """What an authenticator app holding ``secret`` shows now (allauth's own TOTP helper)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def wrong_code(valid: set[str]) -> str:
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def valid_codes(user: User) -> set[str]:
    return {totp_code(user, offset=o) for o in (-1, 0, 1)}


def password_step(client: Client, user: User) -> None:
    response = client.post(SIGN_IN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def events(user: User) -> list[tuple[str, str]]:
    return [
        (e.method, e.outcome) for e in SignInEvent.objects.filter(user=user).order_by("at", "pk")
    ]


@pytest.mark.django_db(transaction=True)
def test_first_sign_in_sets_up_the_authenticator_app_then_reaches_the_staff_area():
    user = make_user(Role.DOCUMENTER, mfa=False)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    password_step(client, user)
    # Signed in with the password, but nothing in the staff area opens before the set-up.
    assert client.get("/staff/")["Location"] == ACTIVATE
    assert client.get("/staff/reports/")["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]

    refused = client.post(ACTIVATE, {"code": wrong_code({code_for(secret, o) for o in (-1, 0, 1)})})
    assert refused.status_code == 200
    assert "Incorrect code." in refused.content.decode()
    assert not Authenticator.objects.filter(user=user).exists()

    activated = client.post(ACTIVATE, {"code": code_for(secret)})
    assert activated["Location"] == "/staff/account/2fa/recovery-codes/"
    codes = client.get(activated["Location"])
    assert codes.status_code == 200
    assert (
        len(
            RecoveryCodes(
                Authenticator.objects.get(user=user, type="recovery_codes")
            ).get_unused_codes()
        )
        == 10
    )
    # Setting up the app took a valid code from it: that is this session's second factor.
    assert client.get("/staff/").status_code == 200
    assert events(user) == [
        (SignInMethod.PASSWORD, SignInOutcome.SUCCEEDED),
        (SignInMethod.TOTP, SignInOutcome.SUCCEEDED),
    ]


def test_staff_with_an_app_enter_its_code_at_sign_in_and_a_wrong_code_is_refused():
    user = make_user(Role.COORDINATOR)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(SIGN_IN, {"username": user.username, "password": PASSWORD})
    assert response["Location"] == AUTHENTICATE
    assert client.get("/staff/")["Location"].startswith(SIGN_IN)  # not signed in yet

    wrong = client.post(AUTHENTICATE, {"code": wrong_code(valid_codes(user))})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post(AUTHENTICATE, {"code": totp_code(user)})
    assert right["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert events(user) == [
        (SignInMethod.PASSWORD, SignInOutcome.SUCCEEDED),
        (SignInMethod.TOTP, SignInOutcome.FAILED),
        (SignInMethod.TOTP, SignInOutcome.SUCCEEDED),
    ]


def test_the_same_app_code_does_not_work_twice():
    user = make_user(Role.ANALYST)
    code = totp_code(user)
    first = Client()
    password_step(first, user)
    assert first.post(AUTHENTICATE, {"code": code})["Location"] == "/staff/"
    second = Client()
    password_step(second, user)
    assert second.post(AUTHENTICATE, {"code": code}).status_code == 200
    assert "_auth_user_id" not in second.session


def test_a_recovery_code_works_once():
    user = make_user(Role.ADMIN)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    password_step(client, user)
    assert client.post(AUTHENTICATE, {"code": codes[0]})["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200

    again = Client(HTTP_ACCEPT_LANGUAGE="en")
    password_step(again, user)
    reused = again.post(AUTHENTICATE, {"code": codes[0]})
    assert reused.status_code == 200
    assert "Incorrect code." in reused.content.decode()
    assert again.post(AUTHENTICATE, {"code": codes[1]})["Location"] == "/staff/"
    assert (SignInMethod.RECOVERY_CODE, SignInOutcome.FAILED) in events(user)
    assert events(user).count((SignInMethod.RECOVERY_CODE, SignInOutcome.SUCCEEDED)) == 2


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_staff_role_must_set_up_two_factor(role):
    client = Client()
    client.force_login(make_user(role, mfa=False))
    for path in ("/staff/", "/staff/violations/", "/admin/", "/admin/login/"):
        assert client.get(path)["Location"] == ACTIVATE, path


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_a_session_without_the_second_factor_is_asked_for_a_code(role):
    user = make_user(role)
    client = Client()
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time()}]
    session.save()
    response = client.get("/staff/violations/?page=2")
    assert response["Location"] == (
        "/staff/account/2fa/reauthenticate/?next=%2Fstaff%2Fviolations%2F%3Fpage%3D2"
    )
    confirmed = client.post(
        "/staff/account/2fa/reauthenticate/?next=/staff/", {"code": totp_code(user)}
    )
    assert confirmed["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_the_django_admin_is_not_reachable_without_the_second_factor():
    admin = make_user(Role.ADMIN, mfa=False)
    client = Client()
    client.force_login(admin)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/login/?next=/admin/"):
        assert client.get(path)["Location"] == ACTIVATE, path
    with_code = Client()
    with_code.force_login(make_user(Role.ADMIN, "second-admin"))
    assert with_code.get("/admin/").status_code == 200
    assert with_code.get("/admin/login/?next=/admin/accounts/")["Location"] == "/admin/accounts/"


def test_the_admin_sign_in_form_is_never_shown_nor_accepted():
    make_user(Role.ADMIN)
    client = Client()
    page = client.get("/admin/login/?next=/admin/accounts/user/")
    assert page["Location"] == "/staff/sign-in/?next=/admin/accounts/user/"
    posted = client.post(
        "/admin/login/?next=/admin/", {"username": "test-admin", "password": PASSWORD}
    )
    assert posted["Location"] == "/staff/sign-in/?next=/admin/"
    assert "_auth_user_id" not in client.session
    elsewhere = client.get("/admin/login/?next=https://evil.example/")
    assert elsewhere["Location"] == "/staff/sign-in/?next=/admin/"
    documenter = Client()
    documenter.force_login(make_user(Role.DOCUMENTER))
    assert documenter.get("/admin/login/").status_code == 403


def test_staff_cannot_switch_two_factor_off(documenter):
    user = User.objects.get(username="test-documenter")
    session = documenter.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *records,
        {"method": "mfa", "at": time.time(), "type": "totp", "reauthenticated": True},
    ]
    session.save()
    page = documenter.get("/staff/account/2fa/totp/deactivate/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Two-factor authentication stays on for staff accounts." in page.content.decode()
    documenter.post("/staff/account/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_authenticator_secrets_are_encrypted_at_rest():
    user = make_user(Role.DOCUMENTER)
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert totp.data["secret"].startswith("gAAAA")  # a Fernet token, not base32
    assert codes.data["seed"].startswith("gAAAA")


def test_rotating_keys_keeps_the_authenticator_apps_working(settings):
    user = make_user(Role.DOCUMENTER)
    before = totp_code(user)
    old_keys = list(settings.MARSAD_ENCRYPTION_KEYS)
    settings.MARSAD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *old_keys]
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    assert out.getvalue() == (
        "Re-encrypted 0 rows of personal data, 2 two-factor secrets and 0 subscribers' addresses.\n"
    )
    settings.MARSAD_ENCRYPTION_KEYS = settings.MARSAD_ENCRYPTION_KEYS[:1]
    assert totp_code(user) == before
    client = Client()
    password_step(client, user)
    assert client.post(AUTHENTICATE, {"code": before})["Location"] == "/staff/"
