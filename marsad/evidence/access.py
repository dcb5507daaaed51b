"""Who may see evidence, open originals and export packages."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from marsad.accounts.models import User
from marsad.evidence.models import EvidenceItem

VIEW = "evidence.view_evidenceitem"
ADD = "evidence.add_evidenceitem"
DOWNLOAD = "evidence.download_original"
EXPORT = "evidence.export_package"


def require(user: User, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied


def item_for(user: User, public_id: str, *, permission: str = VIEW) -> EvidenceItem:
    require(user, permission)
    try:
        key = uuid.UUID(public_id)
    except ValueError as exc:
        raise Http404 from exc
    return get_object_or_404(
        EvidenceItem.objects.select_related("report", "violation", "added_by"), public_id=key
    )
