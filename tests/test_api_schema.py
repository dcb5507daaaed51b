"""schemathesis against the JSON API's own OpenAPI document (/api/v1/openapi.json).

For every operation in the document, schemathesis generates requests that fit the schema
(positive) and requests that do not (negative), sends them to the WSGI application in this
process, and checks that no answer is a server error and that every answer matches the schema
the document gives for its status; some requests that fit the schema must be accepted. Each
call carries a partner token and a fresh Idempotency-Key, as a partner's client would. The
runs are derandomised, so CI is repeatable; raise ``MARSAD_API_FUZZ_EXAMPLES`` (default 40
per operation and mode) to explore further locally.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.models import StaffToken
from marsad.accounts.services import staff_token_create
from marsad.intake.services import partner_token_create

pytestmark = pytest.mark.django_db

SCHEMA_PATH = "/api/v1/openapi.json"
EXAMPLES = int(os.environ.get("MARSAD_API_FUZZ_EXAMPLES", "40"))
CHECKS = [not_a_server_error, response_schema_conformance]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI application closes "old" database connections at the start and end of each
    request, which would close the test's own (PostgreSQL) connection in the middle of its
    transaction; Django's test client disconnects the same handlers."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_auth_headers() -> dict[str, str]:
    """Headers that authenticate the generated calls: a partner's API token."""
    _token, raw = partner_token_create(user=make_user(Role.PARTNER), name="schemathesis")
    return {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def staff_auth_headers() -> dict[str, str]:
    """For the staff endpoints (/escalations): a coordinator's write token."""
    _token, raw = staff_token_create(
        user=make_user(Role.COORDINATOR), name="schemathesis", access=StaffToken.Access.WRITE
    )
    return {"Authorization": f"Bearer {raw}"}


def fuzz(operation: Any, mode: Any, auth: dict[str, str], statuses: Counter[int]) -> int:
    """Run one operation in one generation mode; return the number of cases sent."""
    sent = 0

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        nonlocal sent
        sent += 1
        headers = {**auth, "Idempotency-Key": f"schemathesis-{mode.value}-{sent}"}
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        if mode.is_positive:
            statuses[response.status_code] += 1

    run()
    return sent


def test_api_answers_every_generated_request_without_error_and_as_documented(
    api_auth_headers, staff_auth_headers, capsys
):
    try:  # the Django WSGI application, called in-process
        schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)
    except Exception as exc:
        pytest.fail(f"cannot load the OpenAPI document {SCHEMA_PATH}: {exc}")

    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, f"{SCHEMA_PATH} documents no operation"
    cases = 0
    statuses: Counter[int] = Counter()  # answers to schema-valid (positive) cases
    failures = []
    for operation in operations:
        staff = operation.path.startswith("/api/v1/escalations")
        for mode in MODES:
            try:
                auth = staff_auth_headers if staff else api_auth_headers
                cases += fuzz(operation, mode, auth, statuses)
            except Exception as exc:
                failures.append(f"{operation.label} ({mode.value}):\n{exc}")

    accepted = sum(n for status, n in statuses.items() if 200 <= status < 300)
    with capsys.disabled():
        print(  # noqa: T201 - the gate's figure in the CI log
            f"\nschemathesis: {len(operations)} operations, {cases} cases "
            f"({accepted} schema-valid requests accepted), "
            f"{len(failures)} failing operation/mode pairs"
        )
    assert not failures, "\n\n".join(failures)
    # If no request that fits the schema is ever accepted, the schema does not describe what
    # the API really requires (and the fuzzing never reaches the code behind validation).
    assert accepted, f"no schema-valid request was accepted: {dict(statuses)}"
