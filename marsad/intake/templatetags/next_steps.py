"""What happens next to a report, for the receipt and the follow-up page."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("intake/next_steps.html")
def next_steps(stage: str) -> dict[str, object]:
    """``stage`` is ``receipt`` (just sent) or the reporter's status code
    (``selectors.report_public_status``); statuses with nothing to add show nothing."""
    return {"stage": stage, "days": settings.INTAKE_FIRST_RESPONSE_DAYS}
