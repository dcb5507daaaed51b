"""``Cache-Control: no-store`` where a page may hold a reporter's words, contact details or
staff work (marsad/core/nostore.py). Every staff URL, every persona: tests/test_url_walk.py;
here the answers the walk's GETs do not reach (forms sent back, the receipt, tokens)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.services import staff_token_create
from marsad.intake.services import partner_token_create
from marsad.intake.tests.factories import form_data

pytestmark = pytest.mark.django_db
MARKER = "كلمات المبلّغة 7f3a"


def directives(response) -> set[str]:
    return {
        part.strip().split("=", 1)[0].lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }


def test_the_report_form_sent_back_with_an_error_is_not_stored(anonymous):
    response = anonymous.post("/en/report/", form_data(description=MARKER, platform="nope"))
    assert response.status_code == 400
    assert MARKER in response.content.decode()
    assert "no-store" in directives(response)


def test_the_report_form_refused_by_the_csrf_check_is_not_stored():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/report/", form_data(description=MARKER))
    assert response.status_code == 403
    assert "no-store" in directives(response)


def test_the_receipt_and_the_follow_up_page_are_not_stored(anonymous):
    receipt = anonymous.post("/en/report/", form_data(description=MARKER))
    assert receipt.status_code == 200
    assert "no-store" in directives(receipt)
    code = receipt.content.decode().split('<p class="code" dir="ltr" lang="en"><strong>')[1][:19]
    assert anonymous.post("/en/report/follow-up/", {"code": code}).status_code == 302
    page = anonymous.get("/en/report/follow-up/case/")
    assert page.status_code == 200
    assert "no-store" in directives(page)


def test_a_staff_form_sent_back_is_not_stored(documenter):
    response = documenter.post("/staff/violations/987654321/note/", {"note": MARKER})
    assert response.status_code == 404
    assert "no-store" in directives(response)


def test_staff_and_partner_api_answers_are_not_stored_the_public_api_keeps_its_caching():
    staff = make_user(Role.COORDINATOR, "api-script")
    _token, raw = staff_token_create(user=staff, name="script")
    listed = Client().get("/api/v1/escalations", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert listed.status_code == 200
    assert "no-store" in directives(listed)

    _token, partner_raw = partner_token_create(user=make_user(Role.PARTNER), name="p")
    mine = Client().get("/api/v1/reports", HTTP_AUTHORIZATION=f"Bearer {partner_raw}")
    assert mine.status_code == 200
    assert "no-store" in directives(mine)
    sent = Client().post(
        "/api/v1/reports",
        json.dumps({"description": MARKER, "language": "ar"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {partner_raw}",
        HTTP_IDEMPOTENCY_KEY="nostore-1",
    )
    assert sent.status_code in (200, 201), sent.content
    assert "no-store" in directives(sent)

    public = Client().get("/api/v1/taxonomy")
    assert public.status_code == 200
    assert "no-store" not in directives(public)


def test_public_observatory_pages_keep_their_caching(anonymous):
    page = anonymous.get("/en/")
    assert page.status_code == 200
    assert "no-store" not in directives(page)
