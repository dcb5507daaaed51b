from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language_info, override

from marsad.core.i18n import active_language, direction, is_public_path, language_codes


def site(request: HttpRequest) -> dict[str, object]:
    """Language and direction for base.html, links to the same page in each language, and
    whether the page is on the public site (which shows the quick exit)."""
    current = active_language()
    codes = language_codes()
    urls = _same_page_in(request.get_full_path(), codes)
    return {
        "LANG": current,
        "DIR": direction(current),
        "LANGUAGE_LINKS": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": urls[code],
                "dir": direction(code),
                "current": code == current,
            }
            for code in codes
        ],
        "DEBUG": settings.DEBUG,
        "PUBLIC_PAGE": is_public_path(request.path_info),
    }


def _same_page_in(path: str, codes: list[str]) -> dict[str, str]:
    """Django's ``translate_url`` for each language, resolving the path once instead of once
    per language (the resolving was most of the cost of every page's language links).

    A path that matches no page (the 404 page) links to each language's home page, not to
    itself as ``translate_url`` would: the path is whatever the visitor's link said, and
    ``//another.site/...`` written into a link is the other site (a look-alike of the report
    form one click from the genuine address)."""
    parsed = urlsplit(path)
    try:
        match = resolve(unquote(parsed.path))
    except Resolver404:
        homes = {}
        for code in codes:
            with override(code):
                homes[code] = reverse("observatory:home")
        return homes
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    urls = {}
    for code in codes:
        with override(code):
            try:
                url = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                urls[code] = path
                continue
        urls[code] = urlunsplit(("", "", url, parsed.query, parsed.fragment))
    return urls
