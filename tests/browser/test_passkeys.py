"""A staff member adds a security key (Chromium's virtual authenticator, through the DevTools
protocol), signs out, and signs in with it as the second factor, in Arabic and in Hebrew on a
phone-sized screen. WebAuthn works on these pages only: elsewhere the Permissions-Policy
refuses it, which the browser itself enforces."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from conftest import PASSWORD, make_user, totp_code
from marsad.accounts.choices import Role, SignInMethod, SignInOutcome
from marsad.accounts.models import SignInEvent
from tests.browser.conftest import assert_language, axe_violations, describe_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# What the page asks of navigator.credentials, to see whether the browser lets it.
ASK_FOR_A_KEY = """async () => {
  try {
    await navigator.credentials.get({publicKey: {
      challenge: new Uint8Array(32), timeout: 1000, allowCredentials: []}})
    return 'answered'
  } catch (error) {
    return error.name + ': ' + error.message
  }
}"""


def virtual_authenticator(page: Any) -> tuple[Any, str]:
    """A USB security key with a PIN that Chromium answers for, without any dialog."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def recovery_code(user: Any) -> str:
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return str(RecoveryCodes(codes).get_unused_codes()[0])


def sign_in_with_password(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/staff/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/staff/sign-in/'] button[type=submit]")
    page.wait_for_url(f"{base_url}/staff/account/2fa/authenticate/")


@pytest.mark.parametrize("language", ["ar", "he"])
def test_a_staff_member_adds_a_security_key_and_signs_in_with_it(
    browser_context, base_url, language
):
    user = make_user(Role.DOCUMENTER)
    page = browser_context(language=language, viewport=PHONE).new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    cdp, authenticator = virtual_authenticator(page)

    # Signed in as every day: the password, then the authenticator app's code.
    sign_in_with_password(page, base_url, user.username)
    assert page.locator("#mfa_webauthn_authenticate").count() == 0  # no key yet
    page.fill("input[name=code]", totp_code(user))
    page.click("form[action='/staff/account/2fa/authenticate/'] button[type=submit]")
    page.wait_for_url(f"{base_url}/staff/")
    # Outside the key pages the browser refuses WebAuthn (Permissions-Policy).
    refused = page.evaluate(ASK_FOR_A_KEY)
    assert refused.startswith("NotAllowedError"), refused
    assert "publickey-credentials-get" in refused

    page.goto(f"{base_url}/staff/account/2fa/")
    assert_language(page, language)
    shot(page, "1-two-factor")
    page.click("a[href='/staff/account/2fa/webauthn/add/']")
    # Adding a key asks for a fresh second factor first.
    page.wait_for_url(f"{base_url}/staff/account/2fa/reauthenticate/*")
    page.fill("input[name=code]", totp_code(user, offset=1))
    page.click("form[action='/staff/account/2fa/reauthenticate/'] button[type=submit]")
    page.wait_for_url(f"{base_url}/staff/account/2fa/webauthn/add/")
    shot(page, "2-add-a-key")
    assert not (found := axe_violations(page)), describe_violations(page.url, found)
    page.fill("input[name=name]", "مفتاح أزرق" if language == "ar" else "מפתח כחול")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(f"{base_url}/staff/account/2fa/")
    assert page.locator(".message.success").count() == 1
    shot(page, "3-key-added")
    assert (
        len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"])
        == 1
    )
    page.goto(f"{base_url}/staff/account/2fa/webauthn/")
    shot(page, "4-keys")
    assert page.locator("tbody tr").count() == 1
    page.click("a[href$='/remove/']")
    page.wait_for_url(f"{base_url}/staff/account/2fa/webauthn/keys/*/remove/")
    shot(page, "4b-remove-a-key")  # (not removed: the key is used below)

    # Sign out, and in again with the key instead of a code.
    page.goto(f"{base_url}/staff/")
    page.click("form[action='/staff/sign-out/'] button[type=submit]")
    page.wait_for_load_state()
    sign_in_with_password(page, base_url, user.username)
    shot(page, "5-sign-in-with-the-key")
    assert not (found := axe_violations(page)), describe_violations(page.url, found)
    page.click("#mfa_webauthn_authenticate")
    page.wait_for_url(f"{base_url}/staff/")
    assert_language(page, language)
    # The strict CSP held and blocked nothing: no inline script was needed.
    assert not [line for line in console if "Content Security Policy" in line], console
    assert list(
        SignInEvent.objects.filter(user=user)
        .order_by("-at", "-pk")
        .values_list("method", "outcome")[:2]
    ) == [
        (SignInMethod.SECURITY_KEY, SignInOutcome.SUCCEEDED),
        (SignInMethod.PASSWORD, SignInOutcome.SUCCEEDED),
    ]


def test_without_javascript_the_sign_in_step_says_to_use_a_code(browser_context, base_url):
    user = make_user(Role.COORDINATOR)
    with_key = browser_context(language="en").new_page()
    virtual_authenticator(with_key)
    # The key is added in a session with JavaScript on ...
    sign_in_with_password(with_key, base_url, user.username)
    with_key.fill("input[name=code]", totp_code(user))
    with_key.click("form[action='/staff/account/2fa/authenticate/'] button[type=submit]")
    with_key.goto(f"{base_url}/staff/account/2fa/webauthn/add/")
    with_key.fill("input[name=code]", totp_code(user, offset=1))
    with_key.click("form[action='/staff/account/2fa/reauthenticate/'] button[type=submit]")
    with_key.wait_for_url(f"{base_url}/staff/account/2fa/webauthn/add/")
    with_key.click("#mfa_webauthn_add")
    with_key.wait_for_url(f"{base_url}/staff/account/2fa/")
    # ... and a browser without JavaScript is told to use the app, which still works.
    page = browser_context(language="en", java_script_enabled=False).new_page()
    sign_in_with_password(page, base_url, user.username)
    assert "A security key needs JavaScript" in page.locator("main").inner_text()
    shot(page, "no-javascript")
    page.fill("input[name=code]", recovery_code(user))
    page.click("form[action='/staff/account/2fa/authenticate/'] button[type=submit]")
    page.wait_for_url(f"{base_url}/staff/")
