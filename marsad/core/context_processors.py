from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info

from marsad.core.i18n import active_language, direction, language_codes


def site(request: HttpRequest) -> dict[str, object]:
    """Language and direction for base.html, and links to the same page in each language."""
    current = active_language()
    path = request.get_full_path()
    return {
        "LANG": current,
        "DIR": direction(current),
        "LANGUAGE_LINKS": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
                "dir": direction(code),
                "current": code == current,
            }
            for code in language_codes()
        ],
        "DEBUG": settings.DEBUG,
    }
