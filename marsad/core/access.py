"""Permission checks shared by the staff views of the apps (after ``staff_required``)."""

from __future__ import annotations

from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import PermissionDenied


def require(user: PermissionsMixin, *permissions: str) -> None:
    """403 unless the user has every one of ``permissions``."""
    if not user.has_perms(permissions):
        raise PermissionDenied
