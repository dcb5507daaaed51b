"""Email about escalations, rendered in the recipient's language."""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from marsad.escalations.selectors import Overdue

# The digest lists at most this many escalations (the longest waiting); counts cover all.
DIGEST_ROWS = 20


def send_overdue_digest(*, to: str, language: str, overdue: list[Overdue]) -> None:
    """Ids, platforms and days late only: no report content or personal data by email."""
    with translation.override(language):
        names = {
            row.escalation.platform_id: str(
                row.escalation.platform.safe_translation_getter(
                    "name", language_code=language, any_language=True
                )
            )
            for row in overdue
        }
        counts = Counter(names[row.escalation.platform_id] for row in overdue)
        context = {
            "total": len(overdue),
            "by_platform": [{"platform": p, "count": n} for p, n in counts.most_common()],
            "overdue": [
                {
                    "id": row.escalation.pk,
                    "violation": row.escalation.violation_id,
                    "platform": names[row.escalation.platform_id],
                    "days": row.days_late,
                }
                for row in overdue[:DIGEST_ROWS]
            ],
        }
        subject = render_to_string("escalations/email/digest_subject.txt", context).strip()
        body = render_to_string("escalations/email/digest.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
