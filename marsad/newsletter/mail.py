"""The emails of the newsletter, each in the subscriber's language: the confirmation of a
subscription, the "already subscribed" notice, and a mailing.

Links point at ``MARSAD_SITE_URL``, never at the Host a request came with. Mailings carry the
List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058 one-click), a List-Id, and a
Message-ID made from the mailing and the delivery, so the same delivery always has the same
id. Nothing is tracked: no pixel, no rewritten links.
"""

from __future__ import annotations

import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from marsad.core.i18n import direction
from marsad.newsletter import tokens
from marsad.newsletter.models import Subscriber


class NoticeNotSent(Exception):
    """Sending a confirmation or an "already subscribed" notice failed. Only the kind of
    failure is kept: the mail server's own error names the address (``SMTPRecipientsRefused``,
    a 550 answer quoting it; Django's ``ValueError`` for an address it cannot use), and the
    error of a task is both logged and stored with its result."""


def send_notice(message: EmailMessage) -> None:
    """Send one notice to one subscriber; ``NoticeNotSent`` (without the address) if it fails."""
    try:
        mailers.default.send_messages([message])
    except (smtplib.SMTPException, OSError, ValueError) as error:
        # ``from None``: the original error (and its text) is not chained into the traceback.
        raise NoticeNotSent(type(error).__name__) from None


def site_domain() -> str:
    return urlsplit(settings.MARSAD_SITE_URL).hostname or "localhost"


def absolute(path: str) -> str:
    return f"{settings.MARSAD_SITE_URL}{path}"


def subscriber_links(subscriber: Subscriber) -> dict[str, str]:
    """The subscriber's own pages, in their language."""
    token = tokens.link_token(subscriber.key)
    with translation.override(subscriber.language):
        return {
            "preferences": absolute(reverse("newsletter:preferences", args=[token])),
            "unsubscribe": absolute(reverse("newsletter:unsubscribe", args=[token])),
        }


def _render(name: str, context: Mapping[str, object]) -> str:
    return render_to_string(f"newsletter/email/{name}", context)


def confirmation_message(subscriber: Subscriber) -> EmailMessage:
    token = tokens.confirm_token(subscriber.key, subscriber.confirm_nonce)
    with translation.override(subscriber.language):
        context = {
            "confirm_url": absolute(reverse("newsletter:confirm", args=[token])),
            "days": settings.NEWSLETTER_CONFIRM_DAYS,
            "site": settings.MARSAD_SITE_URL,
        }
        subject = _render("confirm_subject.txt", context).strip()
        body = _render("confirm.txt", context)
    return EmailMessage(subject, body, settings.NEWSLETTER_FROM_EMAIL, [subscriber.email])


def already_subscribed_message(subscriber: Subscriber) -> EmailMessage:
    with translation.override(subscriber.language):
        context = {**subscriber_links(subscriber), "site": settings.MARSAD_SITE_URL}
        subject = _render("already_subject.txt", context).strip()
        body = _render("already.txt", context)
    return EmailMessage(subject, body, settings.NEWSLETTER_FROM_EMAIL, [subscriber.email])


@dataclass(frozen=True)
class MailingText:
    """One language version of a mailing."""

    language: str
    subject: str
    body: str


def mailing_message(
    *, text: MailingText, subscriber: Subscriber, mailing_id: int, delivery_id: int
) -> EmailMultiAlternatives:
    links = subscriber_links(subscriber)
    domain = site_domain()
    with translation.override(text.language):
        context = {
            **links,
            "subject": text.subject,
            "body": text.body,
            "language": text.language,
            "dir": direction(text.language),
            "site": settings.MARSAD_SITE_URL,
        }
        plain = _render("mailing.txt", context)
        html = _render("mailing.html", context)
    message = EmailMultiAlternatives(
        text.subject,
        plain,
        settings.NEWSLETTER_FROM_EMAIL,
        [subscriber.email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"Marsad newsletter <newsletter.{domain}>",
            "Message-ID": f"<mailing-{mailing_id}.delivery-{delivery_id}@{domain}>",
            "Content-Language": text.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message
