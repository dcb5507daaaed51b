"""Parts of every public page that depend on the language alone (the main navigation, the
mailing-list box): drawn once per process and language instead of on every request.

The report form's receipt spent a fifth of an intake POST's time drawing its page, most of
it these parts' links and translations (py-spy, bench/intake.py). What is held is keyed by
the template, the language, the URL prefix the site is served under and the URL
configuration, all that such a part may depend on; it gets no request, so nothing of one
visitor can reach another's page. With DEBUG on nothing is held (templates being edited).
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info

from marsad.core.i18n import active_language, direction, language_codes

register = template.Library()

_held: dict[tuple[str, str, str, object], SafeString] = {}


def site_languages(current: str) -> list[dict[str, object]]:
    """The site's languages as a language-only part may show them (no page links)."""
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "dir": direction(code),
            "current": code == current,
        }
        for code in language_codes()
    ]


def _draw(template_name: str, language: str) -> SafeString:
    # The template engine's output, escaped as it drew it (already a SafeString).
    return render_to_string(
        template_name,
        {
            "LANG": language,
            "DIR": direction(language),
            "SITE_LANGUAGES": site_languages(language),
        },
    )


@register.simple_tag
def per_language(template_name: str) -> SafeString:
    """``template_name`` drawn for the active language, with only ``LANG``, ``DIR`` and
    ``SITE_LANGUAGES`` in its context."""
    language = active_language()
    if settings.DEBUG:
        return _draw(template_name, language)
    key = (template_name, language, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    html = _held.get(key)
    if html is None:
        html = _draw(template_name, language)
        _held[key] = html
    return html


def per_language_forget() -> None:
    """Drop every held part (for tests that change a template or a translation)."""
    _held.clear()
