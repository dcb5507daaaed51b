"""Who may enter the staff area and the admin; the sign-in pages in each language."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth.models import Group
from django.test import Client

from conftest import PASSWORD, make_user
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
    # Session, user, report count, status counts, overdue escalations (the platforms' days to
    # answer, the count; none overdue, so no list) and the user's permissions (2).
    with django_assert_num_queries(8):
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


def test_sign_in_with_password_leads_to_the_second_factor(anonymous, persona_client):
    persona_client("coordinator")  # creates test-coordinator, with an authenticator app
    response = anonymous.post(
        "/staff/sign-in/", {"username": "test-coordinator", "password": "a long test password"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/account/2fa/authenticate/"
    assert "_auth_user_id" not in anonymous.session  # not signed in before the code
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
    assert not analyst.permissions.filter(
        content_type__app_label="intake", codename="view_report"
    ).exists()


DIRECTION = {"ar": "rtl", "en": "ltr", "he": "rtl"}
ANONYMOUS_PAGES = [
    "/staff/sign-in/",
    "/staff/account/login/",
    "/staff/account/signup/",
    "/staff/account/inactive/",
    "/staff/account/password/reset/",
    "/staff/account/password/reset/done/",
    "/staff/account/password/reset/key/1-nothing/",
    "/staff/account/password/reset/key/done/",
]
STAFF_PAGES = [
    "/staff/account/2fa/",
    "/staff/account/2fa/recovery-codes/",
    "/staff/account/2fa/recovery-codes/generate/",
    "/staff/account/2fa/reauthenticate/",
    "/staff/account/2fa/totp/deactivate/",
    "/staff/account/2fa/webauthn/",
    "/staff/account/2fa/webauthn/add/",
    "/staff/account/password/change/",
    "/staff/account/email/",
    "/staff/account/logout/",
]


def assert_page(response, language: str) -> str:
    assert response.status_code in {200, 429}, response
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{DIRECTION[language]}">' in html
    assert 'href="/static/marsad/site.css"' in html
    assert "Menu:" not in html  # allauth's bare layout is replaced by the site's
    return html


def in_language(client: Client, language: str) -> Client:
    client.cookies["marsad_language"] = language
    return client


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_sign_in_pages_in_each_language(language):
    for path in ANONYMOUS_PAGES:
        assert_page(in_language(Client(), language).get(path), language)


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_two_factor_steps_in_each_language(language):
    user = make_user(Role.DOCUMENTER)
    client = in_language(Client(), language)
    client.post("/staff/sign-in/", {"username": user.username, "password": PASSWORD})
    assert_page(client.get("/staff/account/2fa/authenticate/"), language)

    new = in_language(Client(), language)
    new.post(
        "/staff/sign-in/",
        {"username": make_user(Role.ANALYST, mfa=False).username, "password": PASSWORD},
    )
    html = assert_page(new.get("/staff/account/2fa/totp/activate/"), language)
    assert '<code dir="ltr">' in html

    locked = in_language(Client(), language)
    for _ in range(5):
        response = locked.post("/staff/sign-in/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 429
    assert_page(response, language)


@pytest.mark.parametrize("language", ["ar", "en", "he"])
def test_account_pages_in_each_language(documenter, language):
    session = documenter.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        *session[AUTHENTICATION_METHODS_SESSION_KEY],
        {"method": "mfa", "at": time.time(), "type": "totp", "reauthenticated": True},
    ]
    session.save()
    for path in STAFF_PAGES:
        assert_page(in_language(documenter, language).get(path), language)
    # Staff confirm it is them with the second factor, not the password.
    assert (
        documenter.get("/staff/account/reauthenticate/")["Location"]
        == "/staff/account/2fa/reauthenticate/"
    )


def test_the_analyst_role_only_reads_case_work():
    """Analysts read violations; as the communications team they also record the
    organisation's work, send mailings and write the reports, but never see who
    subscribes."""
    for dotted in ROLE_PERMISSIONS[Role.ANALYST]:
        app, codename = dotted.split(".", 1)
        if app not in {"activities", "newsletter", "reporting"}:
            assert codename.startswith("view_"), dotted
    assert "intake.view_report" not in ROLE_PERMISSIONS[Role.ANALYST]
    assert "newsletter.manage_subscriber" not in ROLE_PERMISSIONS[Role.ANALYST]


def test_only_the_admin_role_reads_the_sign_in_record_and_lifts_lockouts():
    for role, permissions in ROLE_PERMISSIONS.items():
        sensitive = {
            "accounts.view_signinevent",
            "axes.delete_accessattempt",
            "mfa.delete_authenticator",
        } & set(permissions)
        assert bool(sensitive) == (role == Role.ADMIN), role


def test_administrators_cannot_grant_more_than_a_role(administrator):
    analyst = make_user(Role.ANALYST)
    response = administrator.post(
        f"/admin/accounts/user/{analyst.pk}/change/",
        {
            "username": "test-analyst",
            "email": "analyst@example.org",
            "role": "documenter",
            "preferred_language": "ar",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    analyst.refresh_from_db()
    assert analyst.role == Role.DOCUMENTER
    assert (analyst.is_superuser, analyst.is_staff) == (False, False)
    assert list(analyst.groups.values_list("name", flat=True)) == ["documenter"]
    assert analyst.has_perm("cases.add_violation")
