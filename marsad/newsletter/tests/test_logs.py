"""No subscriber's address in the logs or in a task's stored result: a mail server that
refuses an address quotes it, and the error of a task is both logged and kept with its
result (django-tasks-db's row, RQ's failed job)."""

from __future__ import annotations

import logging

import pytest
from django.tasks import TaskResultStatus

from marsad.newsletter import services, tasks
from marsad.newsletter.models import Subscriber
from marsad.newsletter.tests import factories

pytestmark = pytest.mark.django_db

ADDRESS = "refused.zq7@example.org"


@pytest.fixture
def everything_logged(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        if logging.getLogger(name).level > logging.DEBUG:
            caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.mark.parametrize("notice", [tasks.CONFIRM, tasks.ALREADY])
def test_a_refused_notice_leaves_no_address_in_the_logs_or_the_task_result(
    notice, smtp_server, everything_logged, capfd, monkeypatch, django_capture_on_commit_callbacks
):
    # The test's own mail server logs what it is sent; it is not Marsad.
    monkeypatch.setattr(logging.getLogger("mail.log"), "disabled", True)
    smtp_server.refuse(ADDRESS, f"550 5.1.1 <{ADDRESS}>: Recipient address rejected")
    if notice == tasks.ALREADY:
        factories.subscriber(ADDRESS)
    with django_capture_on_commit_callbacks(execute=True):
        services.subscriber_request(email=ADDRESS, language="en")
    subscriber = Subscriber.objects.get()

    result = tasks.send_subscriber_notice.enqueue(subscriber.pk, notice)

    assert result.status == TaskResultStatus.FAILED
    [error] = result.errors
    assert error.exception_class_path == "marsad.newsletter.mail.NoticeNotSent"
    out, err = capfd.readouterr()
    text = error.traceback + everything_logged.text + out + err
    assert "NoticeNotSent" in text  # the failure is visible, its details are not
    assert "zq7" not in text
    assert smtp_server.received == []
