"""Background tasks of intake: thin, take ids, safe to run twice."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from marsad.core import crypto
from marsad.core.ratelimit import hit
from marsad.core.taskqueue import finished_rows_delete, retry_transient
from marsad.intake import mail
from marsad.intake.models import Contact

# Receipts one email address is sent in a day (the newsletter's notices have the same rule).
RECEIPTS_PER_ADDRESS_PER_DAY = 3


@task()
@retry_transient
def send_receipt_email(report_id: int, sealed_code: str, language: str) -> None:
    """Email the receipt code the reporter asked for. The code travels encrypted in the queue
    and the contact address is read from its encrypted row."""
    if not settings.EMAIL_ENABLED:
        return  # switched off since it was queued: nothing would be sent
    contact = Contact.objects.filter(report_id=report_id).first()
    if contact is None or not contact.email:
        return  # withdrawn meanwhile
    # Anyone can type someone else's address: one address gets a few receipts a day, however
    # many reports name it, so the form is no way to flood a mailbox. Decided here, after the
    # answer was sent, so the receipt page is the same whether or not this one goes out.
    address = crypto.keyed_hash("receipt-address", contact.email.strip().lower())
    if hit("receipt-address", address, window_seconds=86400) > RECEIPTS_PER_ADDRESS_PER_DAY:
        return
    mail.send_receipt(to=contact.email, code=crypto.decrypt(sealed_code), language=language)


def sweep() -> int:
    """Called by ``marsad worker`` every minute: delete the uploads kept after a save that
    failed at its commit when their report was not saved after all (logged), and the rows of
    finished receipt emails, whose arguments hold the sealed receipt code (nothing is
    queued, so 0 for the worker's count of queued tasks)."""
    from marsad.intake.services import uploads_settle

    uploads_settle()
    finished_rows_delete(task_path=send_receipt_email.module_path)
    return 0
