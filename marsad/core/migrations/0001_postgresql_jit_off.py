"""PostgreSQL's JIT compilation off for Marsad's database (``ALTER DATABASE ... SET jit``).

JIT pays off on long analytical queries over tens of millions of rows; Marsad's largest
statements (the public statistics, the escalation figures, the capped counts, the CSV
export) read at most a few million, and PostgreSQL compiling them took longer than running
them: 1.59 s of the escalation figures' 1.76 s at 250,000 cases (docs/performance.md, "JIT
off"). PostgreSQL 19 has it off by default. A database setting, not a connection option, so
that it holds behind a connection pooler and on a streaming replica too.

Only the database's owner (or a superuser) may change it. Another role is not refused the
upgrade: the migration says what to ask the database administrator for and goes on.
"""

import logging

from django.db import migrations

logger = logging.getLogger(__name__)

MAY_ALTER = """
    SELECT current_database(),
           pg_catalog.pg_get_userbyid(d.datdba) = current_user
           OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
    FROM pg_catalog.pg_database d WHERE d.datname = current_database()
"""


def _set(schema_editor, clause):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(MAY_ALTER)
        name, allowed = cursor.fetchone()
        statement = f"ALTER DATABASE {connection.ops.quote_name(name)} {clause}"
        if not allowed:
            logger.warning(
                "Marsad's database role does not own the database: ask its administrator "
                "to run %s; (docs/deployment.md, PostgreSQL).",
                statement,
            )
            return
        cursor.execute(statement)


def jit_off(apps, schema_editor):
    _set(schema_editor, "SET jit = off")


def jit_default(apps, schema_editor):
    _set(schema_editor, "RESET jit")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(jit_off, jit_default, elidable=False)]
