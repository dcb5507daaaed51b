"""Reads for evidence."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from marsad.cases.models import Violation
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.intake.models import Report


def _with_relations(items: QuerySet[EvidenceItem]) -> QuerySet[EvidenceItem]:
    return items.select_related("added_by", "report").order_by("received_at", "pk")


def evidence_for_violation(violation: Violation) -> QuerySet[EvidenceItem]:
    """Evidence added to the violation, from its reports, and from violations merged into it."""
    return _with_relations(
        EvidenceItem.objects.filter(
            Q(violation=violation)
            | Q(violation__merged_into=violation)
            | Q(report__violation=violation)
            | Q(report__violation__merged_into=violation)
        )
    )


def evidence_for_report(report: Report) -> QuerySet[EvidenceItem]:
    return _with_relations(EvidenceItem.objects.filter(report=report))


def evidence_custody(item: EvidenceItem) -> QuerySet[CustodyEvent]:
    return CustodyEvent.objects.filter(item_public_id=item.public_id).select_related("actor")
