"""The partner API's request body (issue 23, finding 17): too large is a JSON 413 in the
API's error shape, and a replay is recognised by the JSON it carries, not its bytes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.intake.models import Report
from marsad.intake.services import partner_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def token() -> str:
    return partner_token_create(user=make_user(Role.PARTNER), name="Helpline")[1]


def call(token: str, body: bytes | str, key: str = "key-1", **headers: str):
    return Client().post(
        "/api/v1/reports",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY=key,
        **headers,
    )


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug"])
def test_a_body_over_the_limit_is_a_json_413(token, settings, debug):
    settings.DEBUG = debug
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    body = json.dumps({"description": "x" * 5000})
    response = call(token, body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "request_too_large",
        "message": "The request body is too large (at most 4096 bytes).",
    }
    assert not Report.objects.exists()


def test_the_413_message_follows_accept_language(token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = call(token, json.dumps({"description": "x" * 5000}), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert "4096" in response.json()["message"]
    assert "request body" not in response.json()["message"]


def test_a_body_just_under_the_limit_is_read(token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
    response = call(token, json.dumps({"description": "x" * 3000}))
    assert response.status_code == 201


BODY = {
    "description": 'حساب الصحفي أوقف "بلا سبب"',
    "platform": "facebook",
    "language": "ar",
    "links": ["https://www.facebook.com/a/1"],
    "contact": {"method": "email", "email": "person@example.org"},
    "consent_contact": True,
}


@pytest.mark.parametrize(
    "again",
    [
        json.dumps(BODY, indent=2),  # pretty-printed
        json.dumps(dict(reversed(list(BODY.items())))),  # other key order
        json.dumps(BODY, ensure_ascii=True),  # \u escapes
        json.dumps(BODY, separators=(",", ":")),  # no spaces
        json.dumps(BODY).replace("/", "\\/"),  # escaped slashes, as PHP writes them
        "\n" + json.dumps(BODY) + "\n",
    ],
    ids=["indented", "key-order", "ascii-escapes", "compact", "escaped-slashes", "newlines"],
)
def test_the_same_json_sent_differently_is_a_replay(token, again):
    first = call(token, json.dumps(BODY, ensure_ascii=False))
    second = call(token, again)
    assert (first.status_code, second.status_code) == (201, 201), second.content
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["receipt_code"] == first.json()["receipt_code"]
    assert (first.json()["replayed"], second.json()["replayed"]) == (False, True)
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    "changed",
    [
        {**BODY, "description": BODY["description"] + "."},
        {**BODY, "consent_publish": True},
        {**BODY, "links": []},
        {**BODY, "contact": {"method": "email", "email": "other@example.org"}},
    ],
    ids=["description", "consent", "links", "contact"],
)
def test_a_different_body_under_the_same_key_is_still_a_conflict(token, changed):
    assert call(token, json.dumps(BODY)).status_code == 201
    response = call(token, json.dumps(changed))
    assert response.status_code == 409
    assert response.json()["code"] == "intake.idempotency_conflict"
    assert Report.objects.count() == 1
