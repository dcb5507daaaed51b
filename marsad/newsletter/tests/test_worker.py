"""The issue's proof: a mailing to 10,000 subscribers goes out through the real worker
(``marsad worker``, django-tasks-db) to a real SMTP server with a status per recipient, and
after that worker is killed (SIGKILL) mid-way, a new worker resumes it without sending
anyone a second copy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.newsletter import services, tokens
from marsad.newsletter.addresses import address_hash
from marsad.newsletter.choices import DeliveryStatus, MailingStatus, SubscriberStatus
from marsad.newsletter.models import Delivery, Mailing, Subscriber
from marsad.newsletter.tests import factories

ROOT = Path(__file__).resolve().parents[3]
SUBSCRIBERS = 10_000


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker(smtp_port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "EMAIL_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MARSAD_ENV="test",
        MARSAD_DATA_DIR=str(settings.DATA_DIR),  # the same keys as this process
        DATABASE_URL=_database_url(),
        EMAIL_ENABLED="true",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        MARSAD_SITE_URL="https://observatory.example.org",
        NEWSLETTER_BATCH_SIZE="250",
        LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _wait(condition, *, timeout: float, what: str, logs: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; worker log:\n{logs.read_text()[-3000:]}")
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_ten_thousand_subscribers_and_a_killed_worker(smtp_server, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"reader{n:05d}@example.org",
                email_hash=address_hash(f"reader{n:05d}@example.org"),
                language=("ar", "en", "he")[n % 3],
                status=SubscriberStatus.ACTIVE,
                key=tokens.new_key(),
                requested_at=now,
                confirmed_at=now,
            )
            for n in range(SUBSCRIBERS)
        ),
        batch_size=1000,
    )
    mailing = factories.mailing(ar=("تقريرنا السنوي", "نص"), en=("Our annual report", "Text"))
    services.mailing_queue(mailing=mailing, actor=make_user(Role.ANALYST))  # into the queue
    assert Delivery.objects.count() == 0  # nothing sent by this process

    logs = tmp_path / "worker.log"
    first = _worker(smtp_server.port, logs)
    try:
        _wait(
            lambda: len(smtp_server.received) >= 3000, timeout=180, what="3,000 messages", logs=logs
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    received_before = len(smtp_server.received)
    assert received_before < SUBSCRIBERS, "killed too late to prove anything"
    mid = Counter(Delivery.objects.filter(mailing=mailing).values_list("status", flat=True))
    assert mid[DeliveryStatus.SENDING] <= 1  # at most the one being handed over
    assert Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENDING

    second = _worker(smtp_server.port, logs)
    try:
        _wait(
            lambda: Mailing.objects.get(pk=mailing.pk).status == MailingStatus.SENT,
            timeout=600,
            what="the mailing to finish",
            logs=logs,
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    statuses = Counter(Delivery.objects.filter(mailing=mailing).values_list("status", flat=True))
    unknown = statuses[DeliveryStatus.UNKNOWN]
    assert unknown <= 1
    assert statuses == Counter(
        {
            DeliveryStatus.SENT: SUBSCRIBERS - unknown,
            **({DeliveryStatus.UNKNOWN: unknown} if unknown else {}),
        }
    )
    copies = Counter(r.to for r in smtp_server.received)
    assert max(copies.values()) == 1, "somebody got a second copy"
    sent_to = set(
        Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).values_list(
            "subscriber__email", flat=True
        )
    )
    assert sent_to <= set(copies)
    assert len(copies) - len(sent_to) <= unknown  # the interrupted one may have arrived
    # Each message in its subscriber's language, with the one-click headers.
    sample = smtp_server.to("reader00001@example.org")[0].message
    assert sample["Subject"] == "Our annual report"
    assert sample["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sample["List-Unsubscribe"].startswith(
        "<https://observatory.example.org/en/newsletter/unsubscribe/"
    )
    assert smtp_server.to("reader00002@example.org")[0].message["Subject"] == "تقريرنا السنوي"
