"""The demo's sign-ins work with the second factor they print."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from marsad.demo.accounts import demo_accounts_ensure

pytestmark = pytest.mark.django_db


def sign_in(username: str, password: str, code: str) -> Client:
    client = Client()
    assert (
        client.post("/staff/sign-in/", {"username": username, "password": password}).status_code
        == 302
    )
    response = client.post("/staff/account/2fa/authenticate/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def test_each_demo_account_signs_in_with_its_app_secret_or_a_recovery_code(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    logins = demo_accounts_ensure()
    assert [login.username for login in logins] == [
        "demo-documenter",
        "demo-coordinator",
        "demo-analyst",
        "demo-admin",
    ]
    first = logins[0]
    code = format_hotp_value(hotp_value(first.totp_secret, int(time.time()) // 30))
    assert sign_in(first.username, first.password, code).get("/staff/").status_code == 200
    admin = logins[-1]
    client = sign_in(admin.username, admin.password, admin.recovery_codes[0])
    assert client.get("/staff/").status_code == 200
    # A second run keeps the passwords and gives new second factors.
    again = demo_accounts_ensure()
    assert [login.password for login in again] == [login.password for login in logins]
    assert again[0].totp_secret != first.totp_secret
