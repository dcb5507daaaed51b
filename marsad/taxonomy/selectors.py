"""Reads for the vocabularies."""

from __future__ import annotations

from marsad.taxonomy.models import Term


def terms_active[T: Term](model: type[T]) -> list[T]:
    """Active terms of one vocabulary with their translations, in display order."""
    return list(model.objects.active().prefetch_related("translations"))
