"""Ended sessions leave the database: a reporter's says which report they opened with their
receipt code and when, and Django keeps every one until ``clearsessions``, which nothing
runs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string

from marsad.intake.tests.factories import form_data
from marsad.intake.tests.test_views_report import CODE

pytestmark = pytest.mark.django_db


def test_the_worker_deletes_ended_sessions_and_keeps_open_ones(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    reporter = Client()
    response = reporter.post("/en/report/", form_data(description="zq7 words"))
    code = CODE.search(response.content.decode()).group(1)
    assert reporter.post("/en/report/follow-up/", {"code": code}).status_code == 302
    ended = reporter.session.session_key
    assert Session.objects.filter(session_key=ended).exists()  # the premise

    later = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        other = Client()
        assert other.post("/en/report/follow-up/", {"code": code}).status_code == 302
        still_open = other.session.session_key
        for path in settings.WORKER_SWEEPS:
            import_string(path)()
    assert list(Session.objects.values_list("session_key", flat=True)) == [still_open]
