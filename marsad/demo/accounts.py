"""Demo sign-ins: one account per staff role, with passwords kept under the data directory."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import transaction
from django.utils import translation

from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.accounts.services import user_create

DEMO_ROLES = (Role.DOCUMENTER, Role.COORDINATOR, Role.ANALYST, Role.ADMIN)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    totp_secret: str
    recovery_codes: list[str]


def _credentials_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-logins.json"


def _stored_passwords() -> dict[str, str]:
    path = _credentials_file()
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@transaction.atomic
def demo_accounts_ensure() -> list[DemoLogin]:
    """Create (or reset) ``demo-<role>`` accounts; their passwords stay the same across runs."""
    passwords = _stored_passwords()
    logins = []
    for role in DEMO_ROLES:
        username = f"demo-{role.value}"
        password = passwords.get(username) or secrets.token_urlsafe(12)
        passwords[username] = password
        user = User.objects.filter(username=username).first()
        if user is None:
            user_create(
                username=username, email=f"{username}@example.org", role=role, password=password
            )
        else:
            user.set_password(password)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        totp_secret, codes = _demo_second_factor(user or User.objects.get(username=username))
        logins.append(
            DemoLogin(
                role=_english_label(role),
                username=username,
                password=password,
                totp_secret=totp_secret,
                recovery_codes=codes,
            )
        )
    path = _credentials_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(passwords, indent=2), encoding="utf-8")
    return logins


def _demo_second_factor(user: User) -> tuple[str, list[str]]:
    """Staff must use two-factor even in the demo: give each demo account a fresh
    authenticator secret (to add to an app by hand) and recovery codes (one use each)."""
    Authenticator.objects.filter(user=user).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return secret, codes


def _english_label(role: Role) -> str:
    with translation.override("en"):  # printed in a terminal
        return str(role.label)
