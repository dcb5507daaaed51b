"""Settings of Marsad's databases, and what is done after personal data is deleted.

SQLite (``SQLITE_INIT_COMMAND``, run on every new connection through the ``init_command``
option of ``DATABASES``):

- ``journal_mode=WAL``, ``synchronous=NORMAL``: the web server reads while the worker
  writes, with one sync per checkpoint rather than per transaction;
- ``secure_delete=ON``: content that is deleted or replaced is overwritten with zeros in the
  pages that held it, so a withdrawn report's words do not stay in free space of the file;
- ``journal_size_limit=0``: the write-ahead log is cut to nothing each time SQLite starts it
  again after a complete checkpoint, rather than keeping old pages at its end.

A deletion is written to the log first, while the log still holds the earlier pages with the
words; ``erasure_checkpoint_on_commit()`` (called by every withdrawal and erasure inside its
transaction) copies the log into the database file and truncates it once the deletion has
committed (``PRAGMA wal_checkpoint(TRUNCATE)``). On PostgreSQL it does nothing: dead rows go
at VACUUM (docs/deployment.md, "Withdrawals, erasure and what the database keeps").

PostgreSQL: settings of the database itself (``ALTER DATABASE ... SET``), which hold
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

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

SQLITE_INIT_COMMAND = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
    "PRAGMA secure_delete=ON; PRAGMA journal_size_limit=0;"
)
DATABASE_SETTINGS = {"jit": "off"}


def erasure_checkpoint(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """On SQLite, copy the write-ahead log into the database file and cut it to nothing, so
    that what was just deleted (and overwritten, ``secure_delete``) leaves no earlier copy in
    the log. Outside any transaction (it runs on commit). False if it could not finish now
    (readers kept older pages in use for longer than the busy timeout): the log is then cut
    at a later checkpoint. True elsewhere, and on other databases, which have no such log."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return True
    if connection.in_atomic_block:
        # Only in tests that run on-commit work inside their own transaction.
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        row = cursor.fetchone()
    busy = row is None or row[0] != 0
    if busy:
        logger.warning(
            "the database's write-ahead log could not be cut after a deletion (it is in "
            "use); a later checkpoint will"
        )
    return not busy


def erasure_checkpoint_on_commit(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Call inside the transaction that deletes personal data (a withdrawal, an erasure):
    ``erasure_checkpoint`` runs once it has committed."""
    transaction.on_commit(lambda: erasure_checkpoint(using=using), using=using)


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
