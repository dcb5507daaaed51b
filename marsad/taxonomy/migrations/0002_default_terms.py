"""Seed the default vocabularies (platforms, violation types ...) in ar/en/he."""

from django.db import migrations

from marsad.taxonomy.services import taxonomy_load_defaults


def load(apps, schema_editor):
    taxonomy_load_defaults(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
