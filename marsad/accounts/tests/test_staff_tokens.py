"""Administrators make staff API tokens in the admin: shown once, for staff accounts only,
expiring, revocable."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.models import StaffToken

pytestmark = pytest.mark.django_db


def admin_client() -> Client:
    client = Client()
    client.force_login(make_user(Role.ADMIN))
    return client


def test_admin_creates_a_staff_token_shown_once_and_revokes_it():
    coordinator = make_user(Role.COORDINATOR)
    admin = admin_client()
    response = admin.post(
        "/admin/accounts/stafftoken/add/",
        {"user": coordinator.pk, "name": "ledger sync", "access": "write", "days": 30},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    raw = re.search(r"(mst_[A-Za-z0-9_\-]{20,})", response.content.decode()).group(1)
    token = StaffToken.objects.get()
    assert (token.user, token.name, token.access, token.prefix) == (
        coordinator,
        "ledger sync",
        "write",
        raw[:12],
    )
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert raw not in token.token_hash
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/escalations", **auth).status_code == 200
    admin.post("/admin/accounts/stafftoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert Client().get("/api/v1/escalations", **auth).status_code == 401


def test_a_staff_token_is_never_made_for_a_partner_account():
    partner = make_user(Role.PARTNER)
    response = admin_client().post(
        "/admin/accounts/stafftoken/add/",
        {"user": partner.pk, "name": "x", "access": "read", "days": 30},
    )
    assert response.status_code == 200  # the form again, with an error
    assert not StaffToken.objects.exists()


@pytest.mark.parametrize("role", [Role.DOCUMENTER, Role.COORDINATOR, Role.ANALYST, Role.PARTNER])
def test_only_administrators_make_staff_tokens(role):
    client = Client()
    client.force_login(make_user(role))
    user = make_user(Role.COORDINATOR, "someone")
    response = client.post(
        "/admin/accounts/stafftoken/add/",
        {"user": user.pk, "name": "x", "access": "write", "days": 30},
    )
    assert response.status_code == 302  # to the admin sign-in
    assert not StaffToken.objects.exists()
