"""Security keys and passkeys (WebAuthn) as a second factor for staff, and the setting that
makes administrators use one. The key is a software one (softkey.py); the browser test does
the same with Chromium's virtual authenticator."""

from __future__ import annotations

import io
import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import Client
from fido2.utils import websafe_decode
from fido2.webauthn import AttestationObject

from conftest import PASSWORD, make_user, totp_code
from marsad.accounts.choices import Role, SignInMethod, SignInOutcome
from marsad.accounts.models import SignInEvent, User
from marsad.accounts.tests.softkey import SoftKey, js_data
from tests.url_rules import walk_urls

pytestmark = pytest.mark.django_db

SIGN_IN = "/staff/sign-in/"
AUTHENTICATE = "/staff/account/2fa/authenticate/"
ADD = "/staff/account/2fa/webauthn/add/"
KEYS = "/staff/account/2fa/webauthn/"
KEY_REAUTHENTICATE = "/staff/account/2fa/webauthn/reauthenticate/"
CODE_REAUTHENTICATE = "/staff/account/2fa/reauthenticate/"
WEBAUTHN = ("publickey-credentials-create", "publickey-credentials-get")


def key_client(language: str = "en") -> Client:
    """A browser on http://localhost, where WebAuthn works without HTTPS."""
    return Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language)


def confirmed(client: Client, kind: str = "totp") -> Client:
    """The session confirmed it is them a moment ago (allauth's "reauthenticated")."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *session.get(AUTHENTICATION_METHODS_SESSION_KEY, []),
        {"method": "mfa", "at": time.time(), "type": kind, "reauthenticated": True},
    ]
    session.save()
    return client


def signed_in(user: User, language: str = "en") -> Client:
    client = key_client(language)
    client.force_login(user)
    return client


def add_key(client: Client, name: str = "blue key") -> SoftKey:
    page = client.get(ADD)
    assert page.status_code == 200, page
    key = SoftKey()
    added = client.post(
        ADD,
        {
            "name": name,
            "credential": key.create(js_data(page.content.decode())["creation_options"]),
        },
    )
    assert added.status_code == 302, added.content.decode()[:1000]
    return key


def policy(response) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


def events(user: User) -> list[tuple[str, str]]:
    return [
        (e.method, e.outcome) for e in SignInEvent.objects.filter(user=user).order_by("at", "pk")
    ]


def password_step(user: User, language: str = "en") -> Client:
    client = key_client(language)
    response = client.post(SIGN_IN, {"username": user.username, "password": PASSWORD})
    assert response["Location"] == AUTHENTICATE
    return client


def test_a_staff_member_adds_a_security_key_and_signs_in_with_it():
    user = make_user(Role.DOCUMENTER)
    client = confirmed(signed_in(user))
    page = client.get(ADD)
    assert {f: policy(page)[f] for f in WEBAUTHN} == dict.fromkeys(WEBAUTHN, "(self)")
    key = add_key(client, "blue key")
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert stored.data["name"] == "blue key"
    assert "blue key" in client.get(KEYS).content.decode()

    # Next sign-in: the password, then the key instead of a code.
    again = password_step(user)
    step = again.get(AUTHENTICATE)
    html = step.content.decode()
    assert 'id="mfa_webauthn_authenticate"' in html
    assert {f: policy(step)[f] for f in WEBAUTHN} == dict.fromkeys(WEBAUTHN, "(self)")
    signed = again.post(AUTHENTICATE, {"credential": key.get(js_data(html)["request_options"])})
    assert signed["Location"] == "/staff/"
    assert again.get("/staff/").status_code == 200
    assert events(user)[-2:] == [
        (SignInMethod.PASSWORD, SignInOutcome.SUCCEEDED),
        (SignInMethod.SECURITY_KEY, SignInOutcome.SUCCEEDED),
    ]
    # The app's code still works too.
    by_code = password_step(user)
    assert by_code.post(AUTHENTICATE, {"code": totp_code(user)})["Location"] == "/staff/"


def test_the_sign_in_step_offers_no_key_to_an_account_without_one():
    html = password_step(make_user(Role.ANALYST)).get(AUTHENTICATE).content.decode()
    assert "mfa_webauthn_authenticate" not in html
    assert "webauthn.js" not in html
    assert 'name="code"' in html


def test_an_answer_made_for_another_site_or_an_old_challenge_is_refused():
    user = make_user(Role.COORDINATOR)
    key = add_key(confirmed(signed_in(user)))
    phished = password_step(user)
    options = js_data(phished.get(AUTHENTICATE).content.decode())["request_options"]
    refused = phished.post(
        AUTHENTICATE, {"credential": key.get(options, origin="https://marsad-login.example")}
    )
    assert refused.status_code == 200
    assert "The security key was not accepted." in refused.content.decode()
    assert "_auth_user_id" not in phished.session
    assert events(user)[-1] == (SignInMethod.SECURITY_KEY, SignInOutcome.FAILED)

    replay = password_step(user)
    replay.get(AUTHENTICATE)  # a new challenge
    old = replay.post(AUTHENTICATE, {"credential": key.get(options)})
    assert old.status_code == 200
    assert "_auth_user_id" not in replay.session


def test_a_key_stores_no_secret_and_survives_a_key_rotation(settings):
    user = make_user(Role.DOCUMENTER)
    key = add_key(confirmed(signed_in(user)))
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    # allauth keeps the browser's registration answer: the name, the public key and the ids.
    assert set(stored.data) == {"name", "credential"}
    response = stored.data["credential"]["response"]
    assert set(response) == {"clientDataJSON", "attestationObject", "transports"}
    attested = AttestationObject(websafe_decode(response["attestationObject"]))
    assert attested.auth_data.credential_data.credential_id == key.credential_id
    assert attested.auth_data.credential_data.public_key[
        -2
    ] == key.private_key.public_key().public_numbers().x.to_bytes(32, "big")
    # The app's secret stays encrypted.
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    assert totp.data["secret"].startswith("gAAAA")

    settings.MARSAD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.MARSAD_ENCRYPTION_KEYS,
    ]
    call_command("rotate_keys", stdout=io.StringIO())
    settings.MARSAD_ENCRYPTION_KEYS = settings.MARSAD_ENCRYPTION_KEYS[:1]
    stored.refresh_from_db()
    assert set(stored.data) == {"name", "credential"}
    client = password_step(user)
    options = js_data(client.get(AUTHENTICATE).content.decode())["request_options"]
    assert client.post(AUTHENTICATE, {"credential": key.get(options)})["Location"] == "/staff/"


def test_staff_may_remove_their_own_key_but_never_the_app():
    user = make_user(Role.DOCUMENTER)
    client = confirmed(signed_in(user))
    add_key(client)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    stale = signed_in(user)  # a second session, which has not confirmed it is them lately
    asked = stale.post(f"/staff/account/2fa/webauthn/keys/{stored.pk}/remove/")
    assert asked["Location"].startswith(KEY_REAUTHENTICATE)
    assert Authenticator.objects.filter(pk=stored.pk).exists()

    removed = client.post(f"/staff/account/2fa/webauthn/keys/{stored.pk}/remove/")
    assert removed["Location"] == KEYS
    assert not Authenticator.objects.filter(pk=stored.pk).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()


def test_an_administrator_removes_a_lost_key_and_it_no_longer_signs_in(administrator):
    user = make_user(Role.COORDINATOR)
    key = add_key(confirmed(signed_in(user)))
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    # Someone who found the key (and knows the password) is at the second step...
    thief = password_step(user)
    options = js_data(thief.get(AUTHENTICATE).content.decode())["request_options"]
    # ... when an administrator removes the lost key in the admin.
    removed = administrator.post(f"/admin/mfa/authenticator/{stored.pk}/delete/", {"post": "yes"})
    assert removed.status_code == 302
    assert not Authenticator.objects.filter(pk=stored.pk).exists()
    refused = thief.post(AUTHENTICATE, {"credential": key.get(options)})
    assert refused.status_code == 200
    assert "_auth_user_id" not in thief.session
    # The owner signs in with the app, and is offered no key any more.
    owner = password_step(user)
    assert "mfa_webauthn_authenticate" not in owner.get(AUTHENTICATE).content.decode()
    assert owner.post(AUTHENTICATE, {"code": totp_code(user)})["Location"] == "/staff/"


def test_only_the_pages_that_ask_for_a_key_allow_webauthn():
    user = make_user(Role.ADMIN)
    client = confirmed(signed_in(user))
    add_key(client)
    allowed = {"mfa_add_webauthn", "mfa_reauthenticate_webauthn", "mfa_authenticate"}
    seen = set()
    for walked in walk_urls():
        if walked.url is None:
            continue
        response = client.get(walked.url)
        features = policy(response)
        granted = {f for f in WEBAUTHN if features[f] != "()"}
        if walked.key in allowed and response.status_code == 200:
            assert {f: features[f] for f in WEBAUTHN} == dict.fromkeys(WEBAUTHN, "(self)")
            seen.add(walked.key)
        else:
            assert not granted, f"{walked.url} ({walked.key}) allows {granted}"
    assert seen == {"mfa_add_webauthn", "mfa_reauthenticate_webauthn"}


# --- Administrators who must use a security key (MARSAD_ADMIN_REQUIRE_SECURITY_KEY)


@pytest.fixture
def keys_required(settings):
    settings.MARSAD_ADMIN_REQUIRE_SECURITY_KEY = True


def test_an_administrator_without_a_key_is_sent_to_add_one_first(keys_required):
    admin = make_user(Role.ADMIN)
    client = signed_in(admin)  # password and the app's code
    for path in ("/staff/", "/staff/violations/", "/admin/", "/admin/accounts/user/"):
        assert client.get(path)["Location"] == ADD, path
    # The two-factor pages stay open, to add the key.
    assert client.get("/staff/account/2fa/").status_code == 200
    assert client.get(ADD)["Location"].startswith(CODE_REAUTHENTICATE)  # confirm first
    confirmed(client)
    add_key(client)
    # Adding the key used it: the session goes on to the staff area.
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_app_code_alone_is_not_enough_for_an_administrator_with_a_key(keys_required):
    admin = make_user(Role.ADMIN)
    key = add_key(confirmed(signed_in(admin)))
    client = password_step(admin)
    assert client.post(AUTHENTICATE, {"code": totp_code(admin)})["Location"] == "/staff/"
    asked = client.get("/staff/")
    assert asked["Location"] == f"{KEY_REAUTHENTICATE}?next=%2Fstaff%2F"
    assert client.get("/admin/")["Location"] == f"{KEY_REAUTHENTICATE}?next=%2Fadmin%2F"
    assert client.get("/staff/account/email/")["Location"].startswith(KEY_REAUTHENTICATE)
    # Confirming with a code is not offered to them: only the key.
    assert client.get(CODE_REAUTHENTICATE)["Location"].startswith(KEY_REAUTHENTICATE)
    page = client.get(asked["Location"])
    assert page.status_code == 200
    options = js_data(page.content.decode())["request_options"]
    done = client.post(asked["Location"], {"credential": key.get(options)})
    assert done["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_an_administrator_with_a_key_signs_in_with_it(keys_required):
    admin = make_user(Role.ADMIN)
    key = add_key(confirmed(signed_in(admin)))
    client = password_step(admin)
    options = js_data(client.get(AUTHENTICATE).content.decode())["request_options"]
    assert client.post(AUTHENTICATE, {"credential": key.get(options)})["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", [Role.DOCUMENTER, Role.COORDINATOR, Role.ANALYST])
def test_other_roles_keep_the_choice_of_code_or_key(keys_required, role):
    client = signed_in(make_user(role))
    assert client.get("/staff/").status_code == 200


def test_without_the_setting_an_administrator_may_use_the_code(settings):
    settings.MARSAD_ADMIN_REQUIRE_SECURITY_KEY = False
    admin = make_user(Role.ADMIN)
    add_key(confirmed(signed_in(admin)))
    client = password_step(admin)
    client.post(AUTHENTICATE, {"code": totp_code(admin)})
    assert client.get("/admin/").status_code == 200


# --- Languages: the key pages in Arabic and Hebrew, with allauth's own words translated


@pytest.mark.parametrize(
    ("language", "default_name", "added"),
    [
        ("ar", "مفتاح رئيسي", "تم إضافة مفتاح أمان."),
        ("he", "מפתח ראשי", "מפתח אבטחה נוסף."),
    ],
)
def test_the_key_pages_speak_arabic_and_hebrew(language, default_name, added):
    user = make_user(Role.DOCUMENTER)
    client = confirmed(signed_in(user, language))
    client.cookies["marsad_language"] = language
    page = client.get(ADD)
    html = page.content.decode()
    assert f'<html lang="{language}" dir="rtl">' in html
    assert f'value="{default_name}"' in html  # allauth's name for a first key, translated
    key = SoftKey()
    response = client.post(
        ADD,
        {"name": default_name, "credential": key.create(js_data(html)["creation_options"])},
        follow=True,
    )
    assert added in response.content.decode()  # allauth's message, translated
    listing = client.get(KEYS).content.decode()
    assert f"<bdi>{default_name}</bdi>" in listing


# --- Whatever the browser (or someone) posts as a key's answer: a refusal, never a 500

MALFORMED = [
    "[]",
    "1",
    '"x"',
    "null",
    '{"id": 1}',
    '{"id": "a", "rawId": "a"}',
    '{"response": []}',
    '{"id": "AA", "rawId": "AA", "type": "public-key", "response": {"clientDataJSON": "AA",'
    ' "attestationObject": "AA"}}',
    '{"id": "AA", "rawId": "AA", "type": "public-key", "response": {"clientDataJSON": "AA",'
    ' "authenticatorData": "AA", "signature": "AA"}}',
]


@pytest.mark.parametrize("answer", MALFORMED)
def test_a_malformed_answer_is_refused_with_a_message(answer):
    user = make_user(Role.DOCUMENTER)
    client = confirmed(signed_in(user))
    add_key(client)
    adding = client.post(ADD, {"name": "second key", "credential": answer})
    assert adding.status_code == 200
    assert "The security key could not be added." in adding.content.decode()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.WEBAUTHN).count() == 1

    signing_in = password_step(user)
    signing_in.get(AUTHENTICATE)
    refused = signing_in.post(AUTHENTICATE, {"credential": answer})
    assert refused.status_code == 200
    assert "The security key was not accepted." in refused.content.decode()
    assert "_auth_user_id" not in signing_in.session

    client.get(KEY_REAUTHENTICATE)
    confirming = client.post(KEY_REAUTHENTICATE, {"credential": answer})
    assert confirming.status_code in {200, 302}
