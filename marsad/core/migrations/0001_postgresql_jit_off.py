"""PostgreSQL's JIT compilation off for Marsad's database (``core.dbsettings``: why, and
what holds it).

Only the database's owner (or a superuser) may change it. Another role is not refused the
upgrade: the migration says what to ask the database administrator for and goes on.
"""

import logging

from django.db import migrations

from marsad.core.dbsettings import database_settings_apply

logger = logging.getLogger(__name__)


def _apply(schema_editor, *, reset):
    for statement in database_settings_apply(schema_editor.connection, reset=reset):
        logger.warning(
            "Marsad's database role does not own the database: ask its administrator "
            "to run %s; (docs/deployment.md, PostgreSQL).",
            statement,
        )


def jit_off(apps, schema_editor):
    _apply(schema_editor, reset=False)


def jit_default(apps, schema_editor):
    _apply(schema_editor, reset=True)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(jit_off, jit_default, elidable=False)]
