"""``marsad newsletter``: a subscriber's data on request from the command line (logged as
such), bounces, purge, resume."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marsad.newsletter.choices import AccessAction, SubscriberStatus
from marsad.newsletter.models import Subscriber, SubscriberAccessLog
from marsad.newsletter.tests import factories

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("newsletter", *args, stdout=out)
    return out.getvalue()


def test_export_prints_the_data_and_logs_the_read():
    subscriber = factories.subscriber("cli@example.org", language="he")
    data = json.loads(run("export", "CLI@example.org", "--reason", "letter of 2 March"))
    assert data["email"] == "cli@example.org"
    assert data["language"] == "he"
    assert list(
        SubscriberAccessLog.objects.order_by("pk").values_list("action", "user", "reason")
    ) == [
        (AccessAction.LOOKUP, None, "letter of 2 March"),
        (AccessAction.EXPORT, None, "letter of 2 March"),
    ]
    assert SubscriberAccessLog.objects.filter(subscriber_ref=subscriber.pk).count() == 2


def test_erase_deletes_and_an_unknown_address_fails():
    subscriber = factories.subscriber("forget.me@example.org")
    assert run("erase", "forget.me@example.org", "--reason", "request") == (
        f"Subscriber #{subscriber.pk} erased.\n"
    )
    assert not Subscriber.objects.exists()
    with pytest.raises(CommandError, match=r"No subscriber has this address\."):
        run("erase", "forget.me@example.org", "--reason", "again")


def test_bounced_purge_and_resume(monkeypatch):
    factories.subscriber("bounce@example.org")
    assert run("bounced", "bounce@example.org", "nobody@example.org") == (
        "1 taken off the list, 1 not on it.\n"
    )
    assert Subscriber.objects.get().status == SubscriberStatus.BOUNCED
    monkeypatch.setattr("sys.stdin", io.StringIO("bounce@example.org\n"))
    assert run("bounced", "-") == "0 taken off the list, 1 not on it.\n"
    assert run("purge") == "Deleted 0 subscribers.\n"
    assert run("resume") == "Resumed 0 mailings.\n"
