"""The public search index: one row per published violation, with its searchable text
folded by ``match_key`` (Arabic spelling variants, Hebrew points and final letters, case,
digits). Maintained by ``observatory.services.public_record_refresh``, which the publication
and classification services of ``cases`` call; never shown to anyone."""

from __future__ import annotations

from django.db import models

from marsad.cases.models import Violation


class SearchText(models.Model):
    """The normalised public text of one published violation (its public summaries in every
    language and the labels of its terms). Only published violations have a row."""

    violation = models.OneToOneField(
        Violation, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    text = models.TextField()

    def __str__(self) -> str:
        return f"search text of {self.violation_id}"
