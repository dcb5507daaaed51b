"""No receipt code, contact detail or report text in any log, in any configuration (issue 23,
finding 7): the whole reporter's path is run with every logger at DEBUG and the process's own
output captured, with email off, on, and failing."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.test import Client

from marsad.intake.models import Report
from marsad.intake.tests.factories import form_data
from marsad.intake.tests.test_views_report import CODE
from marsad.newsletter.tests.smtp import smtp_server  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
UNSENT = {"default": {"BACKEND": "marsad.core.mail.UnsentEmailBackend"}}

EMAIL = "reporter.secret@example.org"
PHONE = "+970599123456"
SIGNAL = "secret.signal.42"
WORDS = "كلمات المبلغ السرية عن الحساب"
ANSWER = "تفاصيل إضافية سرية"


@pytest.fixture
def everything_logged(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        logger = logging.getLogger(name)
        if logger.level > logging.DEBUG:
            caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def whole_path(django_capture_on_commit_callbacks) -> tuple[str, str]:
    """Report with every contact detail and the receipt by email, follow up with the code,
    add information, try a wrong code; returns the form's page and the receipt code."""
    client = Client()
    page = client.get("/en/report/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/report/",
            form_data(
                description=WORDS,
                contact_method="email",
                contact_email=EMAIL,
                contact_phone=PHONE,
                contact_signal=SIGNAL,
                consent_contact="on",
                send_receipt_by_email="on",
            ),
        )
    assert response.status_code == 200, response.content.decode()[:3000]
    code = CODE.search(response.content.decode()).group(1)
    assert client.post("/en/report/follow-up/", {"code": code}).status_code == 302
    assert client.get("/en/report/follow-up/case/").status_code == 200
    assert client.post("/en/report/follow-up/case/", {"message": ANSWER}).status_code == 302
    Client().post("/en/report/follow-up/", {"code": code[:-1] + "9"})
    return page, code


def assert_nothing_personal(text: str, code: str) -> None:
    for secret in (
        code,
        code.replace(" ", ""),
        EMAIL,
        EMAIL.split("@")[0],
        PHONE,
        PHONE[-6:],
        SIGNAL,
        WORDS,
        ANSWER,
    ):
        assert secret not in text, f"{secret!r} in the logs:\n{text[-3000:]}"


def test_email_off_the_option_is_hidden_and_nothing_reaches_the_logs(
    settings, media, everything_logged, capfd, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = False
    settings.MAILERS = UNSENT
    page, code = whole_path(django_capture_on_commit_callbacks)
    assert 'name="send_receipt_by_email"' not in page
    out, err = capfd.readouterr()
    assert_nothing_personal(everything_logged.text + out + err, code)
    assert Report.objects.get().contact.email == EMAIL  # the contact itself is kept


def test_email_off_even_a_message_sent_anyway_shows_nothing(settings, everything_logged, capfd):
    settings.MAILERS = UNSENT
    sent = send_mail("Your code " + "1234 5678", f"code 1234 5678 for {EMAIL}", "x@y", [EMAIL])
    assert sent == 1
    out, err = capfd.readouterr()
    text = everything_logged.text + out + err
    assert EMAIL not in text
    assert "1234 5678" not in text
    assert "email is off: 1 message to 1 recipient was not sent" in everything_logged.text


def test_email_on_the_receipt_is_sent_and_the_logs_stay_clean(
    settings, media, everything_logged, capfd, django_capture_on_commit_callbacks
):
    settings.EMAIL_ENABLED = True
    page, code = whole_path(django_capture_on_commit_callbacks)
    assert 'name="send_receipt_by_email"' in page
    assert [m.to for m in mail.outbox] == [[EMAIL]]
    assert code in mail.outbox[0].body
    out, err = capfd.readouterr()
    assert_nothing_personal(everything_logged.text + out + err, code)


def test_a_refused_address_leaves_no_trace_in_the_logs_or_the_task_result(
    settings,
    media,
    everything_logged,
    capfd,
    django_capture_on_commit_callbacks,
    smtp_server,  # noqa: F811
    monkeypatch,
):
    settings.EMAIL_ENABLED = True
    # The test's own mail server logs what it is sent; it is not Marsad.
    monkeypatch.setattr(logging.getLogger("mail.log"), "disabled", True)
    smtp_server.refuse(EMAIL, f"550 5.1.1 <{EMAIL}>: Recipient address rejected")
    _page, code = whole_path(django_capture_on_commit_callbacks)
    assert smtp_server.received == []
    out, err = capfd.readouterr()
    text = everything_logged.text + out + err
    assert "ReceiptNotSent" in text  # the failure is visible, its details are not
    assert_nothing_personal(text, code)


@pytest.mark.parametrize("environment", ["development", "production"])
def test_settings_with_email_off_use_the_backend_that_sends_and_prints_nothing(
    tmp_path, environment
):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "MARSAD_DATA_DIR": str(tmp_path / "data"),
        "MARSAD_ENV": environment,
        "EMAIL_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if environment == "production":
        env.update(
            SECRET_KEY=secrets.token_urlsafe(64),
            ALLOWED_HOSTS="observatory.example.org",
            MARSAD_ENCRYPTION_KEYS="Lr5Pq0P7dXgm2p7rV9uE1sKkJ0cQyS3m3mB8eHn0aXs=",
            MARSAD_HASH_KEY="h" * 48,
        )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.MAILERS['default']['BACKEND'])",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "marsad.core.mail.UnsentEmailBackend", result.stderr
