"""Background tasks of intake: thin, take ids, safe to run twice."""

from __future__ import annotations

from django.tasks import task

from marsad.core import crypto
from marsad.core.taskqueue import retry_transient
from marsad.intake import mail
from marsad.intake.models import Contact


@task()
@retry_transient
def send_receipt_email(report_id: int, sealed_code: str, language: str) -> None:
    """Email the receipt code the reporter asked for. The code travels encrypted in the queue
    and the contact address is read from its encrypted row."""
    contact = Contact.objects.filter(report_id=report_id).first()
    if contact is None or not contact.email:
        return  # withdrawn meanwhile
    mail.send_receipt(to=contact.email, code=crypto.decrypt(sealed_code), language=language)
