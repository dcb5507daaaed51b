"""Copies of each published violation's term ids and documented day in the search index, and
on PostgreSQL one GIN index over the text's trigrams and those columns (btree_gin), in place
of the trigram index alone: a search with filters then finds its rows in one index scan
(docs/performance.md, "Search with filters: one index").

At a million published violations the copy and the index take about 90 s; searches go on
reading the old index meanwhile, and a publication made meanwhile waits for the end."""

from django.db import migrations, models

TERMS = (
    "violation_type",
    "platform",
    "perpetrator_type",
    "victim_type",
    "region",
    "crisis_period",
)
COLUMNS = ", ".join(f"{name}_id" for name in TERMS)

FILTERED_INDEX = (
    "CREATE INDEX IF NOT EXISTS observatory_searchtext_filtered ON observatory_searchtext "
    f"USING gin (text gin_trgm_ops, {COLUMNS}, documented_on)"
)
TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS observatory_searchtext_trgm "
    "ON observatory_searchtext USING gin (text gin_trgm_ops)"
)


def copy_and_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        assignments = ", ".join(f"{name}_id = v.{name}_id" for name in TERMS)
        schema_editor.execute(
            f"UPDATE observatory_searchtext st SET {assignments}, "  # noqa: S608  # nosec B608
            "documented_on = (v.documented_at AT TIME ZONE 'UTC')::date "
            "FROM cases_violation v WHERE v.id = st.violation_id"
        )
        # btree_gin, like pg_trgm, is a trusted extension: the database's owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
        # The new index first (reads go on meanwhile), the old one dropped last: dropping
        # locks the table against reads until the migration commits.
        schema_editor.execute(FILTERED_INDEX)
        schema_editor.execute("DROP INDEX IF EXISTS observatory_searchtext_trgm")
        schema_editor.execute("ANALYZE observatory_searchtext")
    else:
        assignments = ", ".join(
            f"{name}_id = (SELECT v.{name}_id FROM cases_violation v "  # noqa: S608  # nosec B608
            "WHERE v.id = observatory_searchtext.violation_id)"
            for name in TERMS
        )
        schema_editor.execute(
            f"UPDATE observatory_searchtext SET {assignments}, "  # noqa: S608  # nosec B608
            "documented_on = (SELECT date(v.documented_at) FROM cases_violation v "
            "WHERE v.id = observatory_searchtext.violation_id)"
        )


def back_to_the_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS observatory_searchtext_filtered")
        schema_editor.execute(TRIGRAM_INDEX)


class Migration(migrations.Migration):
    dependencies = [("observatory", "0001_initial"), ("cases", "0004_additional_types")]

    operations = [
        *(
            migrations.AddField(
                model_name="searchtext",
                name=f"{name}_id",
                field=models.IntegerField(null=True),
            )
            for name in TERMS
        ),
        migrations.AddField(
            model_name="searchtext",
            name="documented_on",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(copy_and_index, back_to_the_trigram_index),
    ]
