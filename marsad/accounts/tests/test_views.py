"""Who may enter the staff area and the admin."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from marsad.accounts.choices import Role
from marsad.accounts.roles import ROLE_PERMISSIONS
from marsad.accounts.services import roles_sync
from marsad.cases.models import Violation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("partner", 403),
        ("documenter", 200),
        ("coordinator", 200),
        ("analyst", 200),
        ("admin", 200),
    ],
)
def test_staff_dashboard_matrix(persona_client, persona, expected):
    response = persona_client(persona).get("/staff/")
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == "/staff/sign-in/?next=/staff/"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("partner", 302),
        ("documenter", 302),
        ("coordinator", 302),
        ("analyst", 302),
        ("admin", 200),
    ],
)
def test_only_administrators_enter_the_django_admin(persona_client, persona, expected):
    response = persona_client(persona).get("/admin/")
    assert response.status_code == expected


def test_dashboard_shows_counts(documenter, django_assert_num_queries):
    Violation.objects.create(status="new")
    Violation.objects.create(status="in_review")
    with django_assert_num_queries(4):  # session, user, report count, status counts
        response = documenter.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<td>New</td><td class="num">1</td>' in html
    assert '<td>In review</td><td class="num">1</td>' in html


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_sign_in_page_in_each_language(anonymous, language):
    anonymous.cookies["marsad_language"] = language
    response = anonymous.get("/staff/sign-in/")
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_sign_in_with_password(anonymous, persona_client):
    persona_client("coordinator")  # creates test-coordinator
    response = anonymous.post(
        "/staff/sign-in/", {"username": "test-coordinator", "password": "a long test password"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    wrong = Client().post("/staff/sign-in/", {"username": "test-coordinator", "password": "y"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in wrong.client.session


def test_partners_cannot_sign_in_to_the_staff_area(anonymous, persona_client):
    persona_client("partner")  # creates test-partner
    response = anonymous.post(
        "/staff/sign-in/",
        {"username": "test-partner", "password": "a long test password"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "This account cannot sign in to the staff area." in response.content.decode()
    assert "_auth_user_id" not in anonymous.session


def test_roles_get_exactly_their_permissions():
    roles_sync()
    for role in Role:
        group = Group.objects.get(name=role.value)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(ROLE_PERMISSIONS[role]), role
    analyst = Group.objects.get(name="analyst")
    assert not analyst.permissions.filter(codename="view_report").exists()
