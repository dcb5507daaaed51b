"""How the public pages print a figure of the statistics: a count with the language's
thousands separator, or "fewer than k" for a count the small-number rule withholds (None;
docs/statistics.md, "Small numbers")."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from marsad.observatory.disclosure import min_cell

register = template.Library()


@register.filter
def figure(value: int | None) -> str:
    if value is None:
        return _("fewer than %(k)s") % {"k": number_format(min_cell())}
    return number_format(value, force_grouping=True)
