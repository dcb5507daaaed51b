"""Writes for the vocabularies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import QuerySet

from marsad.taxonomy import defaults
from marsad.taxonomy.defaults import Names
from marsad.taxonomy.models import Term
from marsad.taxonomy.selectors import vocabularies_changed


@transaction.atomic
def terms_set_active(*, terms: QuerySet[Term], active: bool) -> int:
    """Retire (``active=False``) or restore terms. Retired terms stay on existing records."""
    changed = terms.exclude(is_active=active).update(is_active=active)
    transaction.on_commit(vocabularies_changed)
    return changed


def taxonomy_load_defaults(*, apps: Apps | None = None) -> int:
    """Add the default vocabularies (defaults.py) that are missing, keyed by slug.

    Existing terms and their labels are left as administrators edited them. Works with the
    historical models of a data migration (``apps``) or the live ones. Returns terms created.
    """
    registry = apps or django_apps
    created = 0

    def upsert(
        model_name: str, slug: str, order: int, labels: dict[str, Names], **fields: object
    ) -> Any:
        nonlocal created
        model = registry.get_model("taxonomy", model_name)
        translation = registry.get_model("taxonomy", f"{model_name}Translation")
        term, was_created = model.objects.get_or_create(
            slug=slug, defaults={"sort_order": order, **fields}
        )
        created += int(was_created)
        for language in ("ar", "en", "he"):
            values = {name: labels[name][language] for name in labels}
            translation.objects.get_or_create(
                master_id=term.pk, language_code=language, defaults=values
            )
        return term

    simple: list[tuple[str, list[tuple[str, Names]]]] = [
        ("Platform", defaults.PLATFORMS),
        ("ViolationTypeGroup", defaults.VIOLATION_TYPE_GROUPS),
        ("PerpetratorType", defaults.PERPETRATOR_TYPES),
        ("VictimType", defaults.VICTIM_TYPES),
        ("Region", defaults.REGIONS),
    ]
    groups = {}
    for model_name, terms in simple:
        for order, (slug, names) in enumerate(terms):
            term = upsert(model_name, slug, order * 10, {"name": names})
            if model_name == "ViolationTypeGroup":
                groups[slug] = term
    for order, vtype in enumerate(defaults.VIOLATION_TYPES):
        upsert(
            "ViolationType",
            vtype["slug"],
            order * 10,
            {"name": vtype["name"], "definition": vtype["definition"], "example": vtype["example"]},
            group=groups[vtype["group"]],
        )
    for order, period in enumerate(defaults.CRISIS_PERIODS):
        upsert(
            "CrisisPeriod",
            period["slug"],
            order * 10,
            {"name": period["name"], "description": period["description"]},
            starts_on=dt.date.fromisoformat(period["starts_on"]),
            ends_on=dt.date.fromisoformat(period["ends_on"]) if period["ends_on"] else None,
        )
    return created
