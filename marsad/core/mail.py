"""The email backend used when email is off (``EMAIL_ENABLED=false``).

Django's console backend would print every message whole to the process's output, which is
the worker's log: reporters' receipt codes and addresses, subscribers' confirmation links,
staff password-reset links. This one sends nothing and writes one line per batch that says
only how many messages and recipients were dropped: no address, subject or body.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

logger = logging.getLogger(__name__)


class UnsentEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        messages = list(email_messages)
        if not messages:
            return 0
        recipients = sum(len(message.recipients()) for message in messages)
        logger.info(
            "email is off: %d message%s to %d recipient%s %s not sent",
            len(messages),
            "" if len(messages) == 1 else "s",
            recipients,
            "" if recipients == 1 else "s",
            "was" if len(messages) == 1 else "were",
        )
        return len(messages)
