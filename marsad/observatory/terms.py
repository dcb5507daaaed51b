"""Labels of the vocabularies for the public pages, cached per language for a minute (as the
taxonomy's own cache: a label edited in the admin shows within that minute), so that a public
page never queries the taxonomy per row or per filter."""

from __future__ import annotations

from typing import NamedTuple

from marsad.observatory.caching import cached
from marsad.taxonomy.models import Term
from marsad.taxonomy.selectors import ACTIVE_TERMS_SECONDS


class TermRef(NamedTuple):
    id: int
    slug: str
    label: str


def term_labels(model: type[Term]) -> dict[int, tuple[str, str]]:
    """``{id: (slug, label in the active language)}`` for every term of a vocabulary, in the
    vocabulary's order (retired terms included: old records keep them)."""

    def compute() -> dict[int, tuple[str, str]]:
        return {
            term.pk: (term.slug, str(term))
            for term in model.objects.prefetch_related("translations")
        }

    return cached(
        f"terms:{model._meta.label_lower}",
        "",
        compute,
        per_language=True,
        seconds=ACTIVE_TERMS_SECONDS,
        generational=False,
    )


def term_by_slug(model: type[Term], slug: str) -> TermRef | None:
    for pk, (term_slug, label) in term_labels(model).items():
        if term_slug == slug:
            return TermRef(pk, term_slug, label)
    return None
