"""Overdue follow-up with frozen time: the per-platform days to answer, the coordinator's
dashboard, and the daily digest sent through a real SMTP server."""

from __future__ import annotations

import datetime as dt
import email
import socket
from email.policy import default as default_policy
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.escalations import services
from marsad.escalations.choices import Channel, Outcome, Request
from marsad.escalations.models import PlatformPolicy
from marsad.escalations.selectors import escalations_overdue
from marsad.escalations.tests.factories import documented
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Jerusalem")


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def send(user, *, platform="instagram", sent_at):
    violation = documented(platform=platform, at=sent_at - dt.timedelta(days=3))
    with time_machine.travel(sent_at, tick=False):
        return services.escalation_send(
            violation=violation,
            channel=Channel.TRUSTED_PARTNER_FORM,
            request=Request.RESTORE_CONTENT,
            actor=user,
        )


def overdue_ids(day: dt.datetime) -> list[int]:
    with time_machine.travel(day, tick=False):
        _count, rows = escalations_overdue()
    return [row.escalation.pk for row in rows]


@pytest.fixture
def week_for_instagram():
    PlatformPolicy.objects.create(platform=Platform.objects.get(slug="instagram"), answer_days=7)


def test_due_after_the_platforms_days_overdue_from_the_next_day(
    coordinator_user, week_for_instagram
):
    # Sent late in the evening of 1 March (local time; still 1 March in UTC too).
    instagram = send(coordinator_user, sent_at=local(2026, 3, 1, 23, 30))
    tiktok = send(coordinator_user, platform="tiktok", sent_at=local(2026, 3, 1, 23, 30))
    assert overdue_ids(local(2026, 3, 8, 23, 59)) == []  # due on 8 March (7 days)
    with time_machine.travel(local(2026, 3, 9, 0, 1), tick=False):
        count, rows = escalations_overdue()
    assert (count, [(r.escalation.pk, r.due_on, r.days_late) for r in rows]) == (
        1,
        [(instagram.pk, dt.date(2026, 3, 8), 1)],
    )
    # Without a policy a platform has 14 days: TikTok is due on 15 March.
    assert overdue_ids(local(2026, 3, 15, 12)) == [instagram.pk]
    assert overdue_ids(local(2026, 3, 16, 0, 0)) == [instagram.pk, tiktok.pk]


def test_the_local_date_of_sending_counts_not_the_utc_one(coordinator_user, week_for_instagram):
    # 00:30 on 2 March in Jerusalem is 22:30 on 1 March in UTC: due on 9 March.
    late = send(coordinator_user, sent_at=local(2026, 3, 2, 0, 30))
    assert overdue_ids(local(2026, 3, 9, 23, 0)) == []
    assert overdue_ids(local(2026, 3, 10, 0, 0)) == [late.pk]


def test_an_answer_an_outcome_or_a_follow_up_takes_it_off_the_list(
    coordinator_user, week_for_instagram
):
    answered, closed, chased = (
        send(coordinator_user, sent_at=local(2026, 3, 1, 10)) for _ in range(3)
    )
    later = local(2026, 3, 20, 10)
    assert overdue_ids(later) == [answered.pk, closed.pk, chased.pk]
    with time_machine.travel(later, tick=False):
        services.escalation_record_answer(
            escalation=answered, actor=coordinator_user, answered_on=dt.date(2026, 3, 19)
        )
        services.escalation_close(
            escalation=closed, actor=coordinator_user, outcome=Outcome.NO_ANSWER
        )
        follow_up = services.escalation_follow_up(escalation=chased, actor=coordinator_user)
    # The follow-up is a new attempt with its own due date (27 March).
    assert overdue_ids(local(2026, 3, 27, 18)) == []
    assert overdue_ids(local(2026, 3, 28, 9)) == [follow_up.pk]


def test_the_coordinators_dashboard_lists_what_is_overdue(coordinator, coordinator_user):
    late = send(coordinator_user, sent_at=local(2026, 3, 1, 10))
    with time_machine.travel(local(2026, 4, 1, 10), tick=False):
        page = coordinator.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 escalation waits past its due date" in body
    assert f'href="/staff/escalations/{late.pk}/"' in body
    with time_machine.travel(local(2026, 3, 2, 10), tick=False):
        body = coordinator.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 escalations wait past their due date" in body


# --- The daily digest, through a real SMTP server --------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1 and a free port, and Django's SMTP backend at it."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "marsad@example.org"
    yield inbox
    controller.stop()


def test_the_digest_goes_to_each_coordinator_in_their_language(smtp, capsys, coordinator_user):
    make_user(Role.COORDINATOR, "coord-en")
    User.objects.filter(username="coord-en").update(email="en@example.org", preferred_language="en")
    User.objects.filter(pk=coordinator_user.pk).update(email="ar@example.org")
    make_user(Role.DOCUMENTER, "doc")  # documenters do not get it
    retired = make_user(Role.COORDINATOR, "retired")
    User.objects.filter(pk=retired.pk).update(is_active=False, email="old@example.org")
    first = send(coordinator_user, sent_at=local(2026, 3, 1, 10))
    second = send(coordinator_user, platform="tiktok", sent_at=local(2026, 3, 2, 10))
    with time_machine.travel(local(2026, 4, 1, 7), tick=False):
        call_command("escalations_digest")
    assert "Digest of 2 overdue escalation(s) sent to 2 coordinator(s)." in capsys.readouterr().out
    assert sorted(to for to, _m in smtp.messages) == [["ar@example.org"], ["en@example.org"]]
    english = next(m for to, m in smtp.messages if to == ["en@example.org"])
    assert english["Subject"] == "2 escalations wait past their due date"
    assert english["From"] == "marsad@example.org"
    body = english.get_content()
    assert (
        f"Escalation {first.pk} (violation {first.violation_id}, Instagram): 17 days late" in body
    )
    assert f"Escalation {second.pk} (violation {second.violation_id}, TikTok): 16 days late" in body
    assert f"/staff/escalations/{first.pk}/" in body
    assert "report " not in body  # no report content, ever
    arabic = next(m for to, m in smtp.messages if to == ["ar@example.org"])
    assert "إنستغرام" in arabic.get_content()


def test_no_digest_when_nothing_is_overdue(smtp, capsys, coordinator_user):
    send(coordinator_user, sent_at=local(2026, 3, 1, 10))
    with time_machine.travel(local(2026, 3, 5, 7), tick=False):
        call_command("escalations_digest")
    assert "No overdue escalations: no digest sent." in capsys.readouterr().out
    assert smtp.messages == []
