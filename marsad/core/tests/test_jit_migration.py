"""The migration that turns PostgreSQL's JIT compilation off for Marsad's database."""

from __future__ import annotations

import importlib
import logging
from types import SimpleNamespace

import pytest
from django.db import connection

from marsad.core.tests.sessions import other_session

# Committed, not rolled back: other sessions must see what the migration does.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting"),
]

jit_migration = importlib.import_module("marsad.core.migrations.0001_postgresql_jit_off")


def _jit_of_a_new_session() -> str:
    """What a connection opened now gets: ALTER DATABASE applies to new sessions only."""
    with other_session() as other:
        row = other.execute("SHOW jit").fetchone()
    assert row is not None
    return str(row[0])


def test_the_migrated_database_has_jit_off_for_every_new_session():
    assert _jit_of_a_new_session() == "off"


def test_reversing_restores_the_server_default_and_applying_again_turns_it_off():
    editor = SimpleNamespace(connection=connection)
    try:
        jit_migration.jit_default(None, editor)
        with connection.cursor() as cursor:
            cursor.execute("SELECT boot_val FROM pg_settings WHERE name = 'jit'")
            (server_default,) = cursor.fetchone()
        assert _jit_of_a_new_session() == server_default
    finally:
        jit_migration.jit_off(None, editor)
    assert _jit_of_a_new_session() == "off"


def test_a_role_that_does_not_own_the_database_is_told_what_to_ask_for(caplog):
    """The upgrade goes on; nothing changes; the warning names the statement to run."""
    editor = SimpleNamespace(connection=connection)
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {name} SET jit = on")
        cursor.execute("DROP ROLE IF EXISTS marsad_test_not_owner")
        cursor.execute("CREATE ROLE marsad_test_not_owner NOLOGIN")
        try:
            cursor.execute("SET ROLE marsad_test_not_owner")
            with caplog.at_level(logging.WARNING):
                jit_migration.jit_off(None, editor)
            cursor.execute("RESET ROLE")
            assert _jit_of_a_new_session() == "on"  # unchanged
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute("DROP ROLE marsad_test_not_owner")
            jit_migration.jit_off(None, editor)
    assert f"ALTER DATABASE {name} SET jit = off" in caplog.text
    assert "does not own the database" in caplog.text
    assert _jit_of_a_new_session() == "off"
