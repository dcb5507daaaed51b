"""Writes for accounts: role groups and staff users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.accounts.roles import ROLE_PERMISSIONS


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create one group per role and give it exactly the permissions in roles.py."""
    counts: dict[str, int] = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS.get(role, [])
        perms: list[Permission] = []
        for dotted in wanted:
            app_label, codename = dotted.split(".", 1)
            perms.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)
        counts[role.value] = len(perms)
    return counts


def roles_sync_after_migrate(**kwargs: Any) -> None:
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
    user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
    return user
