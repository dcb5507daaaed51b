"""The staff inbox's date filters: local days at local midnight, served by the index on the
moment a report arrived; a date out of range is a translated error, not a 500."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from marsad.cases.tests.test_triage import report
from marsad.intake.models import Report

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Jerusalem")


@pytest.fixture
def around_midnight() -> dict[str, Report]:
    """Either side of local midnight at the start of 1 April 2024 (UTC+3 then): both on the
    UTC day 31 March."""
    moments = {
        "before": dt.datetime(2024, 3, 31, 23, 30, tzinfo=LOCAL),
        "after": dt.datetime(2024, 4, 1, 0, 30, tzinfo=LOCAL),
        "next": dt.datetime(2024, 4, 2, 0, 0, tzinfo=LOCAL),
    }
    made = {}
    for key, moment in moments.items():
        made[key] = report(f"midnight-{key}")
        Report.objects.filter(pk=made[key].pk).update(submitted_at=moment)
    return made


def listed(client, reports: dict[str, Report], **params) -> str:
    response = client.get("/staff/reports/", {"queue": "all", **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    return " ".join(k for k, r in reports.items() if f'name="reports" value="{r.pk}"' in html)


def test_since_and_until_are_local_days(persona_client, around_midnight):
    client = persona_client("documenter")
    assert listed(client, around_midnight) == "before after next"
    assert listed(client, around_midnight, since="2024-04-01") == "after next"
    assert listed(client, around_midnight, until="2024-03-31") == "before"
    assert listed(client, around_midnight, since="2024-04-01", until="2024-04-01") == "after"
    assert listed(client, around_midnight, since="2024-04-02") == "next"
    assert listed(client, around_midnight, since="2024-04-03") == ""


@pytest.mark.parametrize(
    ("params", "english", "arabic"),
    [
        ({"since": "0001-01-01"}, "greater than or equal to 1900-01-01", "أكثر من 1900-01-01"),
        ({"until": "9999-12-31"}, "less than or equal to 2999-12-31", "أقل من 2999-12-31"),
        ({"since": "2024-02-30"}, "Enter a valid date.", "أدخل تاريخاً صحيحاً"),
    ],
)
def test_a_date_out_of_range_is_a_translated_error(
    persona_client, around_midnight, params, english, arabic
):
    client = persona_client("documenter")
    en = client.get("/staff/reports/", {"queue": "all", **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 200
    assert english in en.content.decode()
    ar = client.get("/staff/reports/", {"queue": "all", **params}, HTTP_ACCEPT_LANGUAGE="ar")
    assert ar.status_code == 200
    assert arabic in ar.content.decode()
