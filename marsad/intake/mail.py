"""Email to reporters and staff, rendered in the recipient's language."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from marsad.intake.receipts import format_code


class ReceiptNotSent(Exception):
    """Sending a receipt failed. Only the kind of failure is kept: the mail server's own
    error names the address (``SMTPRecipientsRefused``, a 550 answer quoting it), and the
    error of a task is both logged and stored with its result."""


def send_receipt(*, to: str, code: str, language: str) -> None:
    with translation.override(language):
        context = {"code": format_code(code)}
        subject = render_to_string("intake/email/receipt_subject.txt", context).strip()
        body = render_to_string("intake/email/receipt.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except (smtplib.SMTPException, OSError, ValueError) as error:
        # ``from None``: the original error (and its text) is not chained into the traceback.
        raise ReceiptNotSent(type(error).__name__) from None


def send_digest(*, to: list[str], counts: dict[str, int], since_hours: int) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"counts": counts, "hours": since_hours, "total": sum(counts.values())}
        subject = render_to_string("intake/email/digest_subject.txt", context).strip()
        body = render_to_string("intake/email/digest.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
