"""How a reporter reaches a person of the organisation (``MARSAD_CONTACT_*``), shown on the
receipt, follow-up and staying-safe pages."""

from __future__ import annotations

import re

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("includes/reach_a_person.html")
def reach_a_person(otherwise: str) -> dict[str, str]:
    """The configured ways to reach a person, or the sentence ``otherwise`` when none is."""
    phone = settings.MARSAD_CONTACT_PHONE
    return {
        "email": settings.MARSAD_CONTACT_EMAIL,
        "phone": phone,
        "tel": re.sub(r"[^0-9+]", "", phone),
        "signal": settings.MARSAD_CONTACT_SIGNAL,
        "otherwise": otherwise,
    }
