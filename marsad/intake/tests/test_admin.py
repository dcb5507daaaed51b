"""Administrators create and revoke partner API tokens in the admin."""

import re

import pytest
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.intake.models import PartnerToken

pytestmark = pytest.mark.django_db


def test_admin_creates_a_token_shown_once_and_revokes_it():
    partner = make_user(Role.PARTNER)
    admin = Client()
    admin.force_login(make_user(Role.ADMIN))
    response = admin.post(
        "/admin/intake/partnertoken/add/",
        {"user": partner.pk, "name": "Legal aid helpline"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = response.content.decode()
    raw = re.search(r"(msd_[A-Za-z0-9_\-]{20,})", html).group(1)
    token = PartnerToken.objects.get()
    assert token.name == "Legal aid helpline"
    assert token.prefix == raw[:12]
    assert raw not in token.token_hash
    api = Client().post(
        "/api/v1/reports",
        '{"description": "x"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert api.status_code == 201
    admin.post("/admin/intake/partnertoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    again = Client().post(
        "/api/v1/reports",
        '{"description": "y"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_IDEMPOTENCY_KEY="k2",
    )
    assert again.status_code == 401


@pytest.mark.parametrize("role", [Role.DOCUMENTER, Role.COORDINATOR, Role.ANALYST, Role.PARTNER])
def test_only_administrators_manage_tokens(role):
    client = Client()
    client.force_login(make_user(role))
    response = client.post("/admin/intake/partnertoken/add/", {"user": 1, "name": "x"})
    assert response.status_code == 302  # to the admin sign-in
    assert not PartnerToken.objects.exists()
