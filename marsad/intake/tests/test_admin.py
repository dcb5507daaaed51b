"""Administrators create and revoke partner API tokens in the admin, and read who opened
reporters' contact details."""

import re

import pytest
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.intake.choices import Channel, Trust
from marsad.intake.models import ContactAccessLog, PartnerToken
from marsad.intake.selectors import contact_reveal
from marsad.intake.services import ContactData, ReportData, report_submit

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


def test_administrators_read_who_opened_contact_details_and_nobody_changes_it():
    report = report_submit(
        data=ReportData(
            description="x",
            language="en",
            consent_contact=True,
            contact=ContactData(email="reporter.zq7@example.org"),
        ),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material="admin-contact-log",
    ).report
    documenter = make_user(Role.DOCUMENTER)
    contact_reveal(user=documenter, report=report, reason="Ask for the screenshot")
    line = ContactAccessLog.objects.get()
    admin = Client()
    admin.force_login(make_user(Role.ADMIN))

    listing = admin.get("/admin/intake/contactaccesslog/", HTTP_ACCEPT_LANGUAGE="en")
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Ask for the screenshot" in html
    assert documenter.username in html
    assert "zq7" not in html  # the details themselves are never shown
    assert "Report id snapshot" not in html
    assert "Report number" in html
    assert admin.get(f"/admin/intake/contactaccesslog/{line.pk}/change/").status_code == 200
    assert admin.get("/admin/intake/contactaccesslog/add/").status_code == 403
    admin.post(f"/admin/intake/contactaccesslog/{line.pk}/delete/", {"post": "yes"})
    admin.post(
        f"/admin/intake/contactaccesslog/{line.pk}/change/",
        {"reason": "nothing to see", "report_id_snapshot": 1},
    )
    assert list(ContactAccessLog.objects.values_list("pk", "reason")) == [
        (line.pk, "Ask for the screenshot")
    ]


@pytest.mark.parametrize("persona", ["documenter", "coordinator", "analyst", "partner"])
def test_only_administrators_read_the_contact_access_log(persona_client, persona):
    response = persona_client(persona).get("/admin/intake/contactaccesslog/")
    assert response.status_code in (302, 403)
    assert "contactaccesslog" not in response.content.decode()
