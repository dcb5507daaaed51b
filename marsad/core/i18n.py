"""Language helpers shared by every app: direction, language names, public paths."""

from django.conf import settings
from django.utils.translation import get_language, get_language_bidi, gettext_noop

# Django adds its label suffix (":") after a form label unless the label already ends in one of
# these characters, read through the catalogue so that each language can add its own. Django's
# Arabic catalogue leaves out the Arabic question mark, which gave labels ending in "؟:"; this
# project's catalogue (read first) adds it.
# Translators: keep these four characters and add your language's own question mark or colon.
LABEL_END_PUNCTUATION = gettext_noop(":?.!")

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def language_codes() -> list[str]:
    """The site's languages, Arabic first."""
    return [code for code, _name in settings.LANGUAGES]


def direction(language_code: str | None = None) -> str:
    """``rtl`` or ``ltr`` for a language (the active one by default)."""
    if language_code is None:
        return "rtl" if get_language_bidi() else "ltr"
    return "rtl" if language_code.split("-")[0] in RTL_LANGUAGES else "ltr"


def active_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def is_public_path(path: str) -> bool:
    """Whether ``path`` (a request's ``path_info``) is on the public site: the pages under a
    language prefix (``/ar/...``, ``/en/...``, ``/he/...``), as opposed to the staff area, the
    admin, the API and the probes."""
    first = path.lstrip("/").split("/", 1)[0]
    return first in language_codes()
