"""Reads for the vocabularies."""

from __future__ import annotations

from marsad.taxonomy.models import Term, ViolationType, ViolationTypeGroup


def terms_active[T: Term](model: type[T]) -> list[T]:
    """Active terms of one vocabulary with their translations, in display order."""
    return list(model.objects.active().prefetch_related("translations"))


def violation_type_groups() -> list[tuple[ViolationTypeGroup, list[ViolationType]]]:
    """Active violation types by group, with their translations, for the public pages."""
    groups = list(
        ViolationTypeGroup.objects.active()
        .prefetch_related("translations")
        .order_by("sort_order", "slug")
    )
    types = list(
        ViolationType.objects.active()
        .prefetch_related("translations")
        .order_by("sort_order", "slug")
    )
    return [(group, [t for t in types if t.group_id == group.pk]) for group in groups]
