"""Who may see and change escalations and batches (staff pages and the staff API alike)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from marsad.accounts.models import User
from marsad.cases.access import require
from marsad.escalations.models import Batch, Escalation


def escalation_for(user: User, pk: int, *, change: bool = False) -> Escalation:
    require(user, "escalations.change_escalation" if change else "escalations.view_escalation")
    return get_object_or_404(
        Escalation.objects.select_related("violation", "platform", "sent_by").prefetch_related(
            "platform__translations"
        ),
        pk=pk,
    )


def batch_for(user: User, pk: int, *, change: bool = False) -> Batch:
    require(user, "escalations.change_batch" if change else "escalations.view_batch")
    return get_object_or_404(
        Batch.objects.select_related("platform", "created_by", "sent_by"), pk=pk
    )
