"""The public search index: one row per published violation, with its searchable text
folded by ``match_key`` (Arabic spelling variants, Hebrew points and final letters, case,
digits) and copies of what the public filters ask about. Maintained by
``observatory.services.public_record_refresh``, which the publication and classification
services of ``cases`` call; never shown to anyone."""

from __future__ import annotations

from django.db import models

from marsad.cases.models import Violation

# The vocabularies whose term ids the index keeps beside the text (the term filters).
INDEXED_TERMS = (
    "violation_type",
    "platform",
    "perpetrator_type",
    "victim_type",
    "region",
    "crisis_period",
)


class SearchText(models.Model):
    """The normalised public text of one published violation (its public summaries in every
    language and the labels of its terms), with copies of its term ids and of the day it was
    documented. On PostgreSQL one GIN index holds the text's trigrams and these columns
    together (migration 0002), so a search with filters finds its rows in that one index
    instead of checking every match of its words on the violations table (a common word with
    a platform: 350 ms → 40 ms at a million violations; docs/performance.md, "Search with
    filters: one index"). The copies only ever narrow a search: the filters' own conditions
    on the violation are applied as well."""

    violation = models.OneToOneField(
        Violation, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    text = models.TextField()
    # Plain 4-byte integers, not foreign keys: PostgreSQL's btree_gin compares an integer
    # column with the integer a query sends; with the 8-byte ids of the taxonomy tables it
    # would not use the index.
    violation_type_id = models.IntegerField(null=True)
    platform_id = models.IntegerField(null=True)
    perpetrator_type_id = models.IntegerField(null=True)
    victim_type_id = models.IntegerField(null=True)
    region_id = models.IntegerField(null=True)
    crisis_period_id = models.IntegerField(null=True)
    # The UTC day of ``documented_at`` (whatever the observatory's time zone): a date filter
    # narrows by it with a day's margin, then checks the exact time on the violation.
    documented_on = models.DateField(null=True)

    def __str__(self) -> str:
        return f"search text of {self.violation_id}"
