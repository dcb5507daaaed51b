"""A second PostgreSQL session on the test database, beside Django's own connection: for
what only another session sees (a database setting, the server ending a session)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection


@contextmanager
def other_session() -> Iterator[Any]:
    """A new psycopg connection (autocommit) to the database the tests use."""
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=True,
    ) as other:
        yield other
