import django.db.models.deletion
from django.db import migrations, models

# The trigram index makes ``text LIKE '%word%'`` an index scan on PostgreSQL; SQLite scans the
# (small) table instead. Created here, not in Meta, because it exists on PostgreSQL only.
TRIGRAM_INDEX = (
    "CREATE INDEX IF NOT EXISTS observatory_searchtext_trgm "
    "ON observatory_searchtext USING gin (text gin_trgm_ops)"
)


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(TRIGRAM_INDEX)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS observatory_searchtext_trgm")


class Migration(migrations.Migration):
    initial = True

    dependencies = [("cases", "0004_additional_types")]

    operations = [
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "violation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_text",
                        serialize=False,
                        to="cases.violation",
                    ),
                ),
                ("text", models.TextField()),
            ],
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
