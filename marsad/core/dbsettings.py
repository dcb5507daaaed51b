"""Settings of Marsad's PostgreSQL database itself (``ALTER DATABASE ... SET``), which hold
for every new session, behind a connection pooler and on a streaming replica.

- ``jit = off``: PostgreSQL's JIT compilation pays off on long analytical queries over tens of
  millions of rows; Marsad's largest statements (the public statistics, the escalation
  figures, the capped counts, the CSV export) read at most a few million, and compiling them
  took longer than running them: 1.59 s of the escalation figures' 1.76 s at 250,000 cases
  (docs/performance.md, "JIT off"). PostgreSQL 19 has it off by default.

Applied by migration ``core/0001`` and again by ``marsad restore`` (a dump does not carry a
database's own settings). Only the database's owner or a superuser may change them; for
another role the statements are returned, for the administrator to run.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

DATABASE_SETTINGS = {"jit": "off"}

_MAY_ALTER = """
    SELECT current_database(),
           pg_catalog.pg_get_userbyid(d.datdba) = current_user
           OR (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user)
    FROM pg_catalog.pg_database d WHERE d.datname = current_database()
"""


def database_settings_apply(connection: BaseDatabaseWrapper, *, reset: bool = False) -> list[str]:
    """Set (or, with ``reset``, remove) each of ``DATABASE_SETTINGS`` on the connection's
    database. Returns the statements that were not run because this role may not (empty when
    all were, and on a database other than PostgreSQL)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(_MAY_ALTER)
        row = cursor.fetchone()
        if row is None:  # pragma: no cover - the current database is always in pg_database
            return []
        name, allowed = row
        database = connection.ops.quote_name(name)
        statements = [
            f"ALTER DATABASE {database} RESET {setting}"
            if reset
            else f"ALTER DATABASE {database} SET {setting} = {value}"
            for setting, value in DATABASE_SETTINGS.items()
        ]
        if not allowed:
            return statements
        for statement in statements:
            cursor.execute(statement)
    return []
