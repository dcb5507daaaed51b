"""A task whose database connection went away (PostgreSQL restarted, a failover) is run
again on a new connection instead of being marked failed; any other error, or one inside a
caller's transaction, is raised as before."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction
from django.test import override_settings

from marsad.core.taskqueue import retry_transient
from marsad.core.tests.sessions import other_session
from marsad.intake.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def _kill_own_connection() -> None:
    """What a PostgreSQL restart does to a worker: the server ends its session."""
    pid = connection.cursor().connection.info.backend_pid
    with other_session() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@override_settings(TASKS_TRANSIENT_RETRY_SECONDS=(0, 0))
def test_a_task_whose_session_the_server_ended_runs_again_on_a_new_connection():
    if connection.vendor != "postgresql":
        pytest.skip("the server ending a session needs PostgreSQL (CI runs it there)")
    calls: list[int] = []

    @retry_transient
    def count_reports() -> int:
        calls.append(1)
        if len(calls) == 1:
            _kill_own_connection()
        return Report.objects.count()

    assert count_reports() == 0
    assert len(calls) == 2  # the first attempt met the ended session, the second succeeded


@override_settings(TASKS_TRANSIENT_RETRY_SECONDS=(0, 0))
def test_the_retries_are_bounded_and_other_errors_are_not_retried():
    calls: list[str] = []

    @retry_transient
    def always_unavailable() -> None:
        calls.append("db")
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        always_unavailable()
    assert calls == ["db"] * 3  # the first attempt and one per wait

    @retry_transient
    def broken() -> None:
        calls.append("bug")
        raise ValueError("a bug, not the database")

    calls.clear()
    with pytest.raises(ValueError, match="a bug"):
        broken()
    assert calls == ["bug"]


@override_settings(TASKS_TRANSIENT_RETRY_SECONDS=(0, 0))
def test_no_retry_inside_the_callers_transaction():
    # A task run inline (the immediate backend, in a request's transaction) is not retried:
    # a second attempt would run outside the transaction it was part of.
    calls: list[int] = []

    @retry_transient
    def inline() -> None:
        calls.append(1)
        raise OperationalError("database is locked")

    with pytest.raises(OperationalError), transaction.atomic():
        inline()
    assert calls == [1]
