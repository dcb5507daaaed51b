"""The read replica: public read requests read it, everything else reads the primary.

The ``replica`` alias of the test settings mirrors the test database (the same rows, another
connection), so which connection ran each query shows where a read went."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from marsad.intake.models import Report
from marsad.observatory.tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def _vocabularies(vocabularies_reseeded):
    """Every test here is transactional."""


@pytest.fixture
def replica_on(settings):
    settings.DATABASE_REPLICA_READS = True
    settings.OBSERVATORY_CACHE_SECONDS = 0  # every request reads the database


def queries(client, method: str, url: str, **extra) -> tuple[int, int, int]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(url, **extra)
        if response.streaming:
            b"".join(response.streaming_content)
    return response.status_code, len(primary), len(replica)


@pytest.mark.parametrize(
    "url",
    [
        "/ar/violations/",
        "/en/violations/?q=facebook",
        "/he/statistics/",
        "/en/statistics/charts/platform.svg",
        "/ar/violations/export.csv",
        "/api/v1/violations",
        "/api/v1/stats/summary",
        "/en/publications/",
    ],
)
def test_public_reads_go_to_the_replica(anonymous, replica_on, url):
    world = build_world()
    status, primary, replica = queries(anonymous, "get", url)
    assert status == 200
    assert replica > 0
    assert primary == 0, f"{url} read the primary {primary} times"
    # One violation's page too.
    pk = world.cases["A"].pk
    status, primary, replica = queries(anonymous, "get", f"/en/violations/{pk}/")
    assert (status, primary) == (200, 0)
    assert replica > 0


def test_the_report_form_its_follow_up_and_staff_pages_read_the_primary(
    anonymous, persona_client, replica_on
):
    build_world()
    for client, url in [
        (anonymous, "/ar/report/"),
        (anonymous, "/en/report/follow-up/"),
        (persona_client("documenter"), "/staff/reports/"),
        (persona_client("analyst"), "/staff/violations/"),
    ]:
        status, _primary, replica = queries(client, "get", url)
        assert status == 200, url
        assert replica == 0, f"{url} read the replica"


def test_a_signed_in_visitor_of_a_public_page_is_recognised_from_the_primary(
    persona_client, replica_on
):
    client = persona_client("documenter")
    build_world()
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get("/en/violations/")
    assert response.status_code == 200
    assert any("django_session" in q["sql"] for q in primary.captured_queries)
    assert not any("django_session" in q["sql"] for q in replica.captured_queries)
    assert any("cases_violation" in q["sql"] for q in replica.captured_queries)


def test_writes_and_the_test_thread_after_a_request_use_the_primary(anonymous, replica_on):
    build_world()
    anonymous.get("/en/violations/")  # a public read request ends ...
    with CaptureQueriesContext(connections["replica"]) as replica:
        Report.objects.count()  # ... and this thread reads the primary again
    assert len(replica) == 0
    status, _primary, replica_reads = queries(anonymous, "post", "/en/violations/")
    assert status == 405
    assert replica_reads == 0


def test_without_a_replica_nothing_reads_it(anonymous, settings):
    settings.DATABASE_REPLICA_READS = False
    build_world()
    status, primary, replica = queries(anonymous, "get", "/ar/violations/")
    assert (status, replica) == (200, 0)
    assert primary > 0
