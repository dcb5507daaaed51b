"""Staff sessions end after 30 minutes without activity, and 8 hours after sign-in; an
account switched off, a new password and a changed role take effect on open sessions at once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.accounts.services import staff_token_create, user_role_apply

pytestmark = pytest.mark.django_db


def later(**delta: float):
    return time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(**delta), tick=False)


def signed_in() -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(make_user(Role.DOCUMENTER))
    return client


def test_a_session_idle_for_30_minutes_is_signed_out():
    client = signed_in()
    with later(minutes=29):
        assert client.get("/staff/").status_code == 200
    with later(minutes=58):  # 29 minutes after the last request
        assert client.get("/staff/").status_code == 200
    with later(minutes=89):
        response = client.get("/staff/", follow=True)
    assert response.redirect_chain[0] == ("/staff/sign-in/?next=/staff/", 302)
    assert "You were signed out after 30 minutes without activity." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_session_ends_8_hours_after_sign_in_however_active():
    client = signed_in()
    for minutes in range(20, 8 * 60, 20):
        with later(minutes=minutes):
            assert client.get("/staff/").status_code == 200, minutes
    with later(minutes=8 * 60 + 1):
        response = client.get("/staff/", follow=True)
    assert "Your session has ended. Please sign in again." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_activity_is_written_at_most_once_a_minute(django_assert_num_queries):
    client = signed_in()
    # Session, user, two dashboard counts, the overdue escalations (the platforms' days to
    # answer, the count) and the user's permissions (2): no session write.
    with django_assert_num_queries(8):
        client.get("/staff/")
    # A minute later the session is saved once (savepoint, update, release).
    with later(seconds=61), django_assert_num_queries(11):
        client.get("/staff/")


def test_switching_an_account_off_ends_its_open_sessions_and_its_tokens():
    """An administrator switches a staff member's account off: the browser already signed in
    is signed out at its next request, and their staff API token stops working."""
    user = make_user(Role.COORDINATOR, "leaving")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    _token, raw = staff_token_create(user=user, name="sync")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/staff/reports/").status_code == 200
    assert api.get("/api/v1/escalations").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/staff/reports/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/staff/sign-in/?next=/staff/reports/",
    )
    assert api.get("/api/v1/escalations").status_code == 401


def test_a_new_password_ends_every_other_session_of_the_account():
    user = make_user(Role.DOCUMENTER, "stolen-laptop")
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="en")
    elsewhere.force_login(user)
    assert elsewhere.get("/staff/reports/").status_code == 200
    user.set_password("a completely new long password")
    user.save()
    assert elsewhere.get("/staff/reports/").status_code == 302
    assert "_auth_user_id" not in elsewhere.session


def test_a_role_taken_away_takes_its_pages_away_from_the_open_session():
    """From documenter to analyst while signed in: the reports (reporters' words) and the
    contact details are refused at the next request, without signing in again."""
    user = make_user(Role.DOCUMENTER, "moved")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    assert client.get("/staff/reports/").status_code == 200
    user.role = Role.ANALYST
    user.save(update_fields=["role"])
    user_role_apply(user=user)
    assert client.get("/staff/reports/").status_code == 403
    assert client.post("/staff/reports/1/contact/", {"reason": "x"}).status_code == 403
    assert client.get("/staff/violations/").status_code == 200  # what an analyst may read
