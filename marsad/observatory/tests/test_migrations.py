"""Migration 0002 copies each indexed violation's term ids and UTC documented day into the
search index (an installation upgrading with published violations already indexed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from marsad.observatory.models import INDEXED_TERMS, SearchText
from marsad.observatory.tests.world import build_world

# Migrations run outside a test transaction: the schema changes must really happen.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("observatory", "0001_initial")]
AFTER = [("observatory", "0002_search_filters")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_the_upgrade_copies_the_terms_and_the_day_of_every_indexed_violation(
    vocabularies_reseeded,
):
    world = build_world()
    published = {v.pk: v for v in world.cases.values() if v.is_published}
    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT violation_id FROM observatory_searchtext")
            assert sorted(pk for (pk,) in cursor.fetchall()) == sorted(published)
    finally:
        _migrate(AFTER)
    rows = {row.violation_id: row for row in SearchText.objects.all()}
    assert sorted(rows) == sorted(published)
    for pk, violation in published.items():
        for name in INDEXED_TERMS:
            assert getattr(rows[pk], f"{name}_id") == getattr(violation, f"{name}_id"), name
        assert rows[pk].documented_on == violation.documented_at.astimezone(dt.UTC).date()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'observatory_searchtext' "
                "AND indexdef LIKE '%%USING gin%%'"
            )
            assert [name for (name,) in cursor.fetchall()] == ["observatory_searchtext_filtered"]
