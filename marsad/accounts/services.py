"""Writes for accounts: role groups, staff users, the sign-in record."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import AppConfig
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest
from django.utils import timezone

from marsad.accounts.adapters import client_hash
from marsad.accounts.choices import STAFF_ROLES, Role, SignInMethod, SignInOutcome
from marsad.accounts.models import SignInEvent, StaffToken, User
from marsad.accounts.roles import ROLE_PERMISSIONS
from marsad.core.crypto import rotate


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create one group per role and give it exactly the permissions in roles.py."""
    by_name = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    counts: dict[str, int] = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = [by_name[dotted] for dotted in ROLE_PERMISSIONS.get(role, []) if dotted in by_name]
        group.permissions.set(wanted)
        counts[role.value] = len(wanted)
    return counts


def roles_sync_after_migrate(*, app_config: AppConfig, **kwargs: Any) -> None:
    """After the last app's migrations (``post_migrate`` is sent once per app, and a test
    database is flushed and signalled again after every transactional test): make sure that
    app's permissions exist (Django creates them in a receiver that may run after this one),
    then sync the groups once, when every app's permissions are there."""
    create_permissions(
        app_config,
        verbosity=0,
        using=kwargs.get("using", DEFAULT_DB_ALIAS),
        apps=kwargs.get("apps", global_apps),
    )
    with_models = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if with_models and app_config.label != with_models[-1].label:
        return
    roles_sync()


@transaction.atomic
def user_create(
    *, username: str, email: str, role: Role, password: str | None, language: str = "ar"
) -> User:
    """Create an account with one role. Only administrators may enter the Django admin."""
    user = User(
        username=username,
        email=email,
        role=role,
        preferred_language=language,
        is_staff=role == Role.ADMIN,
        is_superuser=False,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    user_role_apply(user=user)
    user_email_vouch(user=user)
    return user


@transaction.atomic
def user_email_vouch(*, user: User) -> None:
    """The address an administrator gave an account becomes its verified, primary address (the
    administrator vouches for it: links to set a new password go there) and its only one: an
    older address and a change the staff member asked for but never confirmed go. An address
    that is already another account's verified one stays unverified here (the admin's form
    refuses it; the demo and tests share addresses). Called when an account is created and
    whenever an administrator changes its address."""
    email = user.email.strip().lower()
    if email != user.email:
        user.email = email
        user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).exclude(email=email).delete()
    if email:
        taken = EmailAddress.objects.filter(email=email, verified=True).exclude(user=user).exists()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": not taken, "primary": True}
        )


@transaction.atomic
def user_role_apply(*, user: User) -> None:
    """Give an account exactly what its role grants: the role's group, the Django admin for
    administrators only, never superuser status or permissions of its own."""
    user.is_staff = user.role == Role.ADMIN
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.set([Group.objects.get_or_create(name=user.role)[0]] if user.role else [])
    user.user_permissions.clear()


# Browser and system families, most specific first (Edge and Opera also say "Chrome").
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def user_agent_family(user_agent: str) -> str:
    """``Firefox / Android``: enough to recognise a device, not enough to fingerprint it."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return " / ".join(part for part in (browser, system) if part) or "other"


def signin_event_record(
    *,
    request: HttpRequest,
    user: User | None,
    outcome: SignInOutcome,
    method: SignInMethod,
) -> SignInEvent:
    """Record one sign-in step; the client is kept only as a keyed hash."""
    return SignInEvent.objects.create(
        user=user,
        outcome=outcome,
        method=method,
        user_agent_family=user_agent_family(request.META.get("HTTP_USER_AGENT", ""))[:40],
        client=client_hash(request),
    )


@transaction.atomic
def mfa_secrets_reencrypt() -> int:
    """Re-encrypt every authenticator secret with the first key of MARSAD_ENCRYPTION_KEYS.

    ``marsad rotate-keys`` runs it together with the re-encryption of reporters' data.
    """
    count = 0
    for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
        data = dict(authenticator.data)
        for field in ("secret", "seed"):
            if isinstance(data.get(field), str):
                data[field] = rotate(data[field])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [rotate(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            count += 1
    return count


# Staff API tokens last at most this long; a new one is made when one expires.
STAFF_TOKEN_MAX_DAYS = 365


def staff_token_create(
    *, user: User, name: str, access: str = StaffToken.Access.READ, days: int = 90
) -> tuple[StaffToken, str]:
    """A new API token acting for a staff member; the raw token is returned once only."""
    if not user.is_active or user.role not in STAFF_ROLES:
        raise ValueError("staff API tokens are for active staff accounts only")
    if not 1 <= days <= STAFF_TOKEN_MAX_DAYS:
        raise ValueError(f"a staff API token lasts 1 to {STAFF_TOKEN_MAX_DAYS} days")
    raw = f"mst_{secrets.token_urlsafe(32)}"
    token = StaffToken.objects.create(
        user=user,
        name=name,
        access=access,
        prefix=raw[:12],
        token_hash=hashlib.sha256(raw.encode()).hexdigest(),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, raw


def staff_token_revoke(*, token: StaffToken) -> None:
    StaffToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
