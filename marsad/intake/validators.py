"""Cleaning and checking what reporters type: text, links, handles, phone numbers, codes.

Shared by the report form and the partner API so both apply the same rules.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Characters that reorder text invisibly (Trojan Source, spoofed handles and links).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Other invisible or control characters refused in single-line identifiers.
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})
# The left-to-right and right-to-left marks are ordinary in mixed Arabic/English text.
_ALLOWED_FORMAT = frozenset("\u200e\u200f\u200c\u200d")

MAX_LINKS = 20
MAX_LINK_LENGTH = 2000
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "igshid",
        "igsh",
        "si",
        "mibextid",
        "ref",
        "ref_src",
        "ref_url",
        "s",
        "t",
        "feature",
        "app",
        "rdid",
        "share_id",
        "sharer_id",
        "_rdc",
        "_rdr",
        "__cft__",
        "__tn__",
        "utm_id",
    }
)

# Platforms whose mobile hosts (m.facebook.com) show the same page as the main one.
MOBILE_HOSTS = frozenset(
    {
        "facebook.com",
        "youtube.com",
        "twitter.com",
        "x.com",
        "tiktok.com",
        "instagram.com",
        "linkedin.com",
        "t.me",
    }
)

_HANDLE_RE = re.compile(r"^[\w.\-]{1,100}$")
_PHONE_RE = re.compile(r"^\+?[0-9(][0-9 ()\-]{5,24}$")
_ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def strip_bidi_controls(value: str) -> str:
    return "".join(ch for ch in value if ch not in BIDI_CONTROLS)


def check_text(value: str) -> str:
    """Free text in any language. Refuses what is never typed by a person."""
    if "\x00" in value:
        raise ValidationError(
            _("The text contains a null character, which is not allowed."), code="null_character"
        )
    if "\ufffd" in value:
        raise ValidationError(
            _(
                "Part of the text could not be read (it was not valid UTF-8). "
                "Please retype it or paste it again."
            ),
            code="invalid_encoding",
        )
    if any(ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            _(
                "The text contains invisible direction-control characters. We removed them: "
                "please check the text and send it again."
            ),
            code="bidi_control",
        )
    return value.replace("\r\n", "\n").strip()


def check_line(value: str) -> str:
    """A single-line value (a name, a rule's title): no control or invisible characters."""
    value = check_text(value)
    for ch in value:
        if unicodedata.category(ch) in _CONTROL_CATEGORIES and ch not in _ALLOWED_FORMAT:
            raise ValidationError(
                _("This field contains invisible or control characters."), code="control_character"
            )
    return " ".join(value.split())


def canonical_link(raw: str) -> str:
    """A web link in one canonical form: https/http only, lower-case host, no fragment, no
    tracking parameters, no default port, host in IDNA (punycode) form."""
    raw = raw.strip()
    if len(raw) > MAX_LINK_LENGTH:
        raise ValidationError(
            _("A link is longer than %(max)d characters."),
            code="link_too_long",
            params={"max": MAX_LINK_LENGTH},
        )
    if "://" not in raw and re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", raw, re.IGNORECASE):
        raw = f"https://{raw}"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise ValidationError(
            _("“%(link)s” is not a valid web address."),
            code="invalid_link",
            params={"link": raw[:100]},
        ) from None
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in {"http", "https"} or not host or "." not in host:
        raise ValidationError(
            _("“%(link)s” is not a valid web address."),
            code="invalid_link",
            params={"link": raw[:100]},
        )
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValidationError(
            _("“%(link)s” is not a valid web address."),
            code="invalid_link",
            params={"link": raw[:100]},
        ) from None
    if (
        port
        and not (parts.scheme == "https" and port == 443)
        and not (parts.scheme == "http" and port == 80)
    ):
        host = f"{host}:{port}"
    bare = host.split(".", 1)[1] if host.startswith(("m.", "mobile.", "www.")) else host
    if bare in MOBILE_HOSTS:
        host = f"www.{bare}" if bare not in {"x.com", "t.me"} else bare
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if key.lower() not in TRACKING_PARAMS and not key.lower().startswith("utm_")
        ]
    )
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def check_links(text: str) -> list[str]:
    """Links typed one per line (or separated by spaces): canonical, unique, in order."""
    check_text(text)
    candidates = [token for token in re.split(r"\s+", text) if token]
    if len(candidates) > MAX_LINKS:
        raise ValidationError(
            _("Please give at most %(max)d links; describe the rest in your own words."),
            code="too_many_links",
            params={"max": MAX_LINKS},
        )
    links: list[str] = []
    for candidate in candidates:
        link = canonical_link(candidate)
        if link not in links:
            links.append(link)
    return links


def canonical_handle(raw: str) -> str:
    """An account handle as ``@name`` (lower case); a profile link is reduced to its name."""
    value = check_line(raw)
    if not value:
        return ""
    if "/" in value:
        link = canonical_link(value)
        path = [p for p in urlsplit(link).path.split("/") if p]
        if not path:
            raise ValidationError(
                _("Enter the account name, for example @name."), code="invalid_handle"
            )
        value = path[0]
    value = value.lstrip("@")
    if not _HANDLE_RE.match(value):
        raise ValidationError(
            _("An account name may contain letters, digits, dots, dashes and underscores."),
            code="invalid_handle",
        )
    return "@" + value.lower()


def canonical_phone(raw: str) -> str:
    value = check_line(raw).translate(_ARABIC_INDIC)
    if not value:
        return ""
    if not _PHONE_RE.match(value):
        raise ValidationError(
            _("Enter a phone number with its country code, for example +970 59 123 4567."),
            code="invalid_phone",
        )
    digits = re.sub(r"\D", "", value)
    return ("+" if value.startswith("+") else "") + digits


def normalise_receipt_code(raw: str) -> str:
    """Digits only (Arabic-Indic and Persian digits accepted); '' when it is not 16 digits."""
    digits = re.sub(r"[\s\-\u200e\u200f]", "", raw.translate(_ARABIC_INDIC))
    return digits if len(digits) == 16 and digits.isascii() and digits.isdigit() else ""
