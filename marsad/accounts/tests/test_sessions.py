"""Staff sessions end after 30 minutes without activity, and 8 hours after sign-in."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from conftest import make_user
from marsad.accounts.choices import Role

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
    # session, user, permissions (2), two dashboard counts: no session write
    with django_assert_num_queries(6):
        client.get("/staff/")
    # A minute later the session is saved once (savepoint, update, release).
    with later(seconds=61), django_assert_num_queries(9):
        client.get("/staff/")
