"""The intake commands: key rotation and the staff digest."""

import pytest
from cryptography.fernet import Fernet
from django.core import mail
from django.core.management import call_command
from django.db import connection

from marsad.core import crypto
from marsad.intake import services
from marsad.intake.choices import Channel, Trust
from marsad.intake.models import Contact, Report
from marsad.intake.services import ContactData, ReportData

pytestmark = pytest.mark.django_db


def make_report(material: str, trust=Trust.NORMAL) -> Report:
    return services.report_submit(
        data=ReportData(
            description="x",
            language="ar",
            victim_name="Jane",
            contact=ContactData(email="a@example.org", phone="+9705"),
        ),
        files=[],
        channel=Channel.WEB_FORM,
        trust=trust,
        submission_material=material,
    ).report


def raw(sql: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return cursor.fetchone()[0]


def test_rotate_keys_moves_every_value_to_the_new_key(settings, media):
    old_key = settings.MARSAD_ENCRYPTION_KEYS[0]
    report = make_report("one")
    new_key = Fernet.generate_key().decode()
    settings.MARSAD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_keys")
    settings.MARSAD_ENCRYPTION_KEYS = [new_key]  # the old key is gone
    contact = Contact.objects.get(report=report)
    assert (contact.email, contact.phone) == ("a@example.org", "+9705")
    assert Report.objects.get(pk=report.pk).victim_name == "Jane"
    token = raw("SELECT email FROM intake_contact WHERE report_id = %s", report.pk)
    assert Fernet(new_key.encode()).decrypt(token.encode()) == b"a@example.org"
    crypto._fernet.cache_clear()


def test_digest_counts_without_content(settings, media):
    settings.INTAKE_DIGEST_RECIPIENTS = ["team@example.org"]
    make_report("a")
    make_report("b", trust=Trust.LOW)
    make_report("c", trust=Trust.SUSPECT)
    call_command("intake_digest")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["team@example.org"]
    assert "a@example.org" not in body
    assert "Jane" not in body


def test_digest_is_off_without_recipients(settings, media, capsys):
    settings.INTAKE_DIGEST_RECIPIENTS = []
    make_report("a")
    call_command("intake_digest")
    assert mail.outbox == []
    assert "no digest sent" in capsys.readouterr().out
