"""Template tags for the two-factor pages."""

from typing import Any

from django import template

from marsad.accounts.access import security_key_required

register = template.Library()


@register.simple_tag
def must_use_security_key(user: Any) -> bool:
    """``{% must_use_security_key user as must %}``: an administrator who must sign in with a
    security key (``MARSAD_ADMIN_REQUIRE_SECURITY_KEY``)."""
    return security_key_required(user)
