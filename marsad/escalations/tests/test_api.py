"""The staff API: staff tokens (least privilege: token access, role, expiry), listing,
creating escalations, recording answers and outcomes."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.models import StaffToken
from marsad.accounts.services import staff_token_create, staff_token_revoke
from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.escalations.models import Escalation
from marsad.escalations.tests.factories import documented
from marsad.intake.services import partner_token_create

pytestmark = pytest.mark.django_db

W = StaffToken.Access.WRITE


def bearer(role: Role = Role.COORDINATOR, access: str = W, **kwargs) -> dict[str, str]:
    user = make_user(role, f"api-{role.value}-{access}")
    _token, raw = staff_token_create(user=user, name="script", access=access, **kwargs)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(path: str, body: dict, auth: dict[str, str]):
    return Client().post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", **auth
    )


def get(path: str, auth: dict[str, str]):
    return Client().get(f"/api/v1{path}", **auth)


def test_a_coordinator_script_sends_answers_and_closes():
    auth = bearer()
    violation = documented()
    created = post(
        "/escalations",
        {"violation": violation.pk, "channel": "partner_email", "request": "restore_content"},
        auth,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["violation"], body["platform"], body["outcome"], body["follow_up_of"]) == (
        violation.pk,
        "instagram",
        "",
        None,
    )
    assert body["sent_by"] == "api-coordinator-write"
    answered = post(
        f"/escalations/{body['id']}/answer",
        {
            "answered_on": timezone.localdate().isoformat(),
            "answer": "تمت الاستعادة",
            "outcome": "restored",
        },
        auth,
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["outcome"] == "restored"
    assert "تمت الاستعادة" in answered.content.decode()  # UTF-8, no \\u escapes
    assert Violation.objects.get(pk=violation.pk).status == Status.CLOSED
    changed = post(
        f"/escalations/{body['id']}/outcome", {"outcome": "refused", "note": "removed again"}, auth
    )
    assert (changed.status_code, changed.json()["outcome"]) == (200, "refused")


def test_listing_uses_the_ledgers_filters_and_few_queries(django_assert_num_queries):
    auth = bearer(access=StaffToken.Access.READ)
    user = make_user(Role.COORDINATOR, "sender")
    for platform in ("instagram", "instagram", "tiktok"):
        violation = documented(platform=platform)
        Escalation.objects.create(
            violation=violation,
            platform=violation.platform,
            channel="other",
            request="other",
            sent_at=timezone.now(),
            sent_by=user,
        )
    # The token (and its last use), the role's permissions (2), the platform of the filter
    # (with its names), the count, the page, the platforms' names: as many for 3 as for 300.
    with django_assert_num_queries(9):
        page = get("/escalations?platform=instagram&state=awaiting", auth)
    assert page.status_code == 200
    assert page.json()["count"] == 2
    assert {item["platform"] for item in page.json()["items"]} == {"instagram"}
    bad = get("/escalations?platform=myspace", auth)
    assert (bad.status_code, bad.json()["code"]) == (400, "escalations.invalid")
    assert "platform" in bad.json()["errors"]


@pytest.mark.parametrize(
    ("role", "access"),
    [
        (Role.COORDINATOR, StaffToken.Access.READ),  # a read token never writes
        (Role.ANALYST, W),  # an analyst's role cannot escalate, whatever the token says
        (Role.DOCUMENTER, W),
    ],
)
def test_writing_beyond_the_token_or_the_role_is_refused_and_changes_nothing(role, access):
    auth = bearer(role, access)
    violation = documented()
    refused = post(
        "/escalations",
        {"violation": violation.pk, "channel": "other", "request": "other"},
        auth,
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "accounts.token_not_allowed")
    assert not Escalation.objects.exists()
    assert Violation.objects.get(pk=violation.pk).status == Status.DOCUMENTED
    assert get("/escalations", auth).status_code == 200  # reading is in every staff role


def test_a_role_taken_away_takes_the_tokens_power_with_it():
    auth = bearer()
    user = StaffToken.objects.get().user
    user.groups.clear()
    refused = post(
        "/escalations", {"violation": documented().pk, "channel": "other", "request": "other"}, auth
    )
    assert refused.status_code == 403
    assert get("/escalations", auth).status_code == 403


def test_tokens_that_do_not_authenticate():
    revoked = bearer()
    staff_token_revoke(token=StaffToken.objects.get())
    expired = bearer(Role.ANALYST, days=1)
    _token, partner_raw = partner_token_create(user=make_user(Role.PARTNER), name="p")
    partner = {"HTTP_AUTHORIZATION": f"Bearer {partner_raw}"}
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        for auth in (revoked, expired, partner, {}, {"HTTP_AUTHORIZATION": "Bearer nope"}):
            answer = get("/escalations", auth)
            assert (answer.status_code, answer.json()["code"]) == (401, "unauthorized")
    # A staff token is not a partner token either.
    assert get("/reports", bearer(Role.ADMIN)).status_code == 401


def test_a_staff_token_is_only_for_active_staff():
    with pytest.raises(ValueError, match="staff"):
        staff_token_create(user=make_user(Role.PARTNER), name="x")
    with pytest.raises(ValueError, match="days"):
        staff_token_create(user=make_user(Role.ANALYST), name="x", days=400)


def test_errors_carry_the_domain_codes():
    auth = bearer()
    not_ready = documented(consent=False)
    refused = post(
        "/escalations", {"violation": not_ready.pk, "channel": "other", "request": "other"}, auth
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "escalations.not_escalatable")
    missing = post("/escalations", {"violation": 99999, "channel": "other", "request": "x"}, auth)
    assert missing.status_code == 400  # "x" is not a request
    missing = post(
        "/escalations", {"violation": 99999, "channel": "other", "request": "other"}, auth
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "escalations.not_found")
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    created = post(
        "/escalations",
        {"violation": documented().pk, "channel": "other", "request": "other"},
        auth,
    ).json()
    late = post(f"/escalations/{created['id']}/answer", {"answered_on": future}, auth)
    assert (late.status_code, late.json()["code"]) == (400, "escalations.invalid")
    assert "answered_on" in late.json()["errors"]
    withdraw = post(f"/escalations/{created['id']}/outcome", {"outcome": "withdrawn"}, auth)
    assert (withdraw.status_code, withdraw.json()["code"]) == (400, "escalations.reason_required")
    assert get("/escalations/424242", auth).json()["code"] == "escalations.not_found"
