"""Structured logs: one JSON object a line, the request id on each, no personal data."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import pytest

from marsad.intake.models import Report
from marsad.intake.tests.factories import form_data
from marsad.ops.logs import logging_config

pytestmark = pytest.mark.django_db

EMAIL = "reporter.private@example.org"
PHONE = "+970599123456"
STORY = "they took my phone at the checkpoint near the school"


@pytest.fixture
def json_log():
    """The JSON handler of the real LOGGING setting, writing to a buffer for the test."""
    config = logging_config(json_lines=True, level="INFO")
    logging.config.dictConfig(config)
    buffer = io.StringIO()
    for name in ("", "marsad.access"):  # the console (stderr) and access (stdout) handlers
        for handler in logging.getLogger(name).handlers:
            handler.setStream(buffer)  # type: ignore[attr-defined]

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]

    yield lines
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def test_each_line_is_json_with_the_request_id(client, json_log):
    response = client.get("/en/about/")
    records = json_log()
    access = [r for r in records if r["logger"] == "marsad.access"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == response["X-Request-ID"]
    assert line["route"] == "en/about/"
    assert line["method"] == "GET"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert {"time", "level", "message"} <= line.keys()
    # Outside a request the id is "-".
    logging.getLogger("marsad.test").warning("outside")
    assert json_log()[-1]["request_id"] == "-"


def test_a_report_leaves_no_personal_data_in_the_logs(
    client, json_log, settings, tmp_path, django_capture_on_commit_callbacks
):
    """A report with contact details, from a client address, through the real form (its
    receipt email and evidence tasks run too)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/report/",
            form_data(
                description=STORY,
                contact_method="email",
                contact_email=EMAIL,
                contact_phone=PHONE,
                consent_contact="on",
                contact_language="en",
                send_receipt_by_email="on",
            ),
            REMOTE_ADDR="198.51.100.23",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    assert response.status_code == 200
    assert Report.objects.count() == 1
    client.get(f"/en/search-for-{EMAIL}/", REMOTE_ADDR="198.51.100.23")
    client.get(f"/en/violations/?q={PHONE}", REMOTE_ADDR="198.51.100.23")
    records = json_log()
    assert len([r for r in records if r["logger"] == "marsad.access"]) == 3
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    for secret in (EMAIL, PHONE, STORY, "198.51.100.23", "203.0.113.9", "search-for"):
        assert secret not in text


def test_django_request_warnings_name_the_pattern_not_the_path(client, json_log):
    client.get("/en/newsletter/confirm/a-confidential-token/")
    client.get("/en/no-such-page-confidential/")
    records = json_log()
    warnings = [r for r in records if r["logger"] == "django.request"]
    assert warnings, records
    text = json.dumps(records)
    assert "confidential" not in text
    assert all("request" not in r for r in warnings)
