"""Seed the default topics and advocacy targets in ar/en/he."""

from django.db import migrations

from marsad.activities.services import vocabularies_load_defaults


def load(apps, schema_editor):
    vocabularies_load_defaults(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
