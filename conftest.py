"""Personas shared by every test: an anonymous visitor and one signed-in client per role.

Staff personas are signed in the way a real staff member ends up: with an authenticator app
set up (``make_user``) and a session that passed the second factor. Django's test client's
``force_login`` skips allauth's sign-in steps, so ``_mfa_on_force_login`` writes into the
session what allauth's two-factor step writes (also for the browser harness's ``sign_in``).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.signals import user_logged_in
from django.core.cache import caches
from django.http import HttpRequest
from django.test import Client

from marsad.accounts.choices import STAFF_ROLES, Role
from marsad.accounts.models import User
from marsad.accounts.services import user_create
from marsad.activities.services import vocabularies_load_defaults
from marsad.core.crypto import decrypt
from marsad.taxonomy.selectors import vocabularies_held_forget
from marsad.taxonomy.services import taxonomy_load_defaults

PERSONAS = ("anonymous", "partner", "documenter", "coordinator", "analyst", "admin")
PASSWORD = "a long test password"  # noqa: S105 - test persona

# allauth's session key naming the user its authentication records belong to.
_RECORDS_USER_SESSION_KEY = f"{AUTHENTICATION_METHODS_SESSION_KEY}_user"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate-limit counters and cached values never leak from one test into another."""
    for cache in caches.all():
        cache.clear()
    vocabularies_held_forget()


@pytest.fixture
def vocabularies_reseeded() -> None:
    """For transactional tests (``django_db(transaction=True)``): the database is emptied
    after every such test, the vocabularies a migration seeded too; put the defaults back."""
    taxonomy_load_defaults()
    vocabularies_load_defaults()


def make_user(role: Role, username: str | None = None, *, mfa: bool = True) -> User:
    """An account with ``PASSWORD``; staff roles get an authenticator app unless ``mfa=False``."""
    user = user_create(
        username=username or f"test-{role.value}",
        email=f"{role.value}@example.org",
        role=role,
        password=PASSWORD,
    )
    if mfa and role in STAFF_ROLES:
        TOTP.activate(user, generate_totp_secret())
        RecoveryCodes.activate(user)
    return user


def totp_code(user: User, *, offset: int = 0) -> str:
    """The code the user's authenticator app shows now (``offset`` periods later)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def _mfa_on_force_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """After the test client's ``force_login`` (a bare request: no method), record a password
    and an authenticator-app step in the session, as allauth does at a real sign-in."""
    if request.method is not None or not hasattr(request, "session"):
        return
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return
    now = time.time()
    request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "id": totp.pk, "type": "totp"},
    ]
    request.session[_RECORDS_USER_SESSION_KEY] = str(user.pk)


user_logged_in.connect(_mfa_on_force_login, dispatch_uid="tests-mfa-on-force-login", weak=False)


def client_for(persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(make_user(Role(persona)))
    return client


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def documenter(db: None) -> Client:
    return client_for("documenter")


@pytest.fixture
def coordinator(db: None) -> Client:
    return client_for("coordinator")


@pytest.fixture
def analyst(db: None) -> Client:
    return client_for("analyst")


@pytest.fixture
def administrator(db: None) -> Client:
    return client_for("admin")


@pytest.fixture
def partner(db: None) -> Client:
    return client_for("partner")


@pytest.fixture
def persona_client(db: None):
    """Call with a persona name to get its client: ``persona_client("coordinator")``."""
    return client_for


# --- The browser gates' figures (tests/browser/conftest.py), summed over every test report:
# a pytest-xdist worker's reports reach this process with their user properties.
GATE_FIGURES: Counter[str] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == "gate_figures" and isinstance(value, dict):
            GATE_FIGURES.update(value)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not GATE_FIGURES:
        return
    terminalreporter.write_sep("-", "browser gates")
    if GATE_FIGURES["axe_pages"]:
        terminalreporter.write_line(
            f"axe-core: {GATE_FIGURES['axe_pages']} pages audited, "
            f"{GATE_FIGURES['axe_violations']} serious or critical violations"
        )
    if GATE_FIGURES["request_pages"]:
        terminalreporter.write_line(
            f"requests: {GATE_FIGURES['request_pages']} pages loaded, "
            f"{GATE_FIGURES['requests']} requests, "
            f"{GATE_FIGURES['foreign_requests']} to other hosts"
        )
