"""Typed readers for environment settings.

Every reader rejects a malformed value with an ``ImproperlyConfigured`` whose message is one
line naming the variable, what it expects and what it got. Secrets may also be given as
``<NAME>_FILE`` pointing at a file holding the value (Docker/systemd credentials).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")
# A version 3 onion service: 56 base32 characters (Tor stopped serving version 2 in 2021).
_ONION_HOST = re.compile(r"(?:[a-z0-9-]+\.)*[a-z2-7]{56}\.onion")


class Env:
    """Reads settings from a mapping (``os.environ`` by default)."""

    def __init__(self, source: Mapping[str, str] | None = None) -> None:
        self.source: Mapping[str, str] = os.environ if source is None else source

    def _raw(self, name: str) -> str | None:
        value = self.source.get(name)
        if value is None or value.strip() == "":
            return None
        return value.strip()

    def is_set(self, name: str) -> bool:
        return self._raw(name) is not None or self._raw(f"{name}_FILE") is not None

    def get_str(self, name: str, default: str = "") -> str:
        value = self._raw(name)
        return default if value is None else value

    def secret(self, name: str, default: str = "") -> str:
        """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
        file_name = self._raw(f"{name}_FILE")
        if file_name is not None:
            if self._raw(name) is not None:
                raise ImproperlyConfigured(f"{name}: set either {name} or {name}_FILE, not both")
            try:
                return Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ImproperlyConfigured(
                    f"{name}_FILE: cannot read {file_name!r} ({exc.strerror})"
                ) from None
        return self.get_str(name, default)

    def get_bool(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(
            f"{name}: expected a boolean (true/false, yes/no, on/off, 1/0), got {value!r}"
        )

    def get_int(
        self, name: str, default: int, *, minimum: int | None = None, maximum: int | None = None
    ) -> int:
        value = self._raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise ImproperlyConfigured(f"{name}: must be at least {minimum}, got {number}")
        if maximum is not None and number > maximum:
            raise ImproperlyConfigured(f"{name}: must be at most {maximum}, got {number}")
        return number

    def get_list(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self._raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self._raw(name)
        if value is None:
            return default
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name}: expected one of {', '.join(choices)}, got {value!r}"
            )
        return value

    def url(self, name: str, default: str = "") -> str:
        """A web address (``http://`` or ``https://`` with a host name, no user or password),
        or ``default`` when unset."""
        value = self.get_str(name, default)
        if not value:
            return value
        try:
            parts = urlsplit(value)
            valid = (
                parts.scheme in ("http", "https")
                and bool(parts.hostname)
                and parts.username is None
                and parts.password is None
                and not any(ch.isspace() or ord(ch) < 32 for ch in value)
            )
            parts.port  # noqa: B018 - raises ValueError for a port out of range
        except ValueError:
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"{name}: expected a web address such as https://www.example.org/, got {value!r}"
            )
        return value

    def email(self, name: str) -> str:
        """An email address, or "" when unset."""
        value = self.get_str(name)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                raise ImproperlyConfigured(
                    f"{name}: expected an email address, got {value!r}"
                ) from None
        return value

    def matching(self, name: str, pattern: str, example: str) -> str:
        """A value the regular expression ``pattern`` matches whole, or "" when unset."""
        value = self.get_str(name)
        if value and re.fullmatch(pattern, value) is None:
            raise ImproperlyConfigured(f"{name}: expected a value such as {example}, got {value!r}")
        return value

    def onion_url(self, name: str) -> str:
        """The address of a Tor onion service as its origin (``http://<56 characters>.onion``,
        or ``https://``, with a port if given), or "" when unset."""
        value = self.get_str(name)
        if not value:
            return value
        try:
            parts = urlsplit(value)
            port = parts.port
            valid = (
                parts.scheme.lower() in ("http", "https")
                and _ONION_HOST.fullmatch(parts.hostname or "") is not None
                and parts.username is None
                and parts.password is None
                and parts.path in ("", "/")
                and not parts.query
                and not parts.fragment
            )
        except ValueError:
            valid = False
        if not valid:
            raise ImproperlyConfigured(
                f"{name}: expected the address of a Tor onion service, such as "
                f"http://<56 letters and digits>.onion, got {value!r}"
            )
        return f"{parts.scheme.lower()}://{parts.hostname}" + (f":{port}" if port else "")

    def path(self, name: str, default: Path) -> Path:
        value = self._raw(name)
        return (Path(value) if value is not None else default).expanduser().resolve()

    def database(self, name: str, default: str) -> dict[str, Any]:
        """A Django DATABASES entry from a URL such as ``postgres://user@host:5432/db``."""
        value = self.secret(name, default)
        scheme = urlsplit(value).scheme if "://" in value else ""
        if scheme not in _DATABASE_SCHEMES:
            raise ImproperlyConfigured(
                f"{name}: expected a URL like sqlite:////path/to/marsad.sqlite3 or "
                f"postgres://user:password@host:5432/marsad, got {_redact(value)!r}"
            )
        try:
            config: dict[str, Any] = dict(dj_database_url.parse(value))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {exc}") from None
        if scheme != "sqlite" and not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}: the URL names no database ({_redact(value)!r})")
        return config


def _redact(url: str) -> str:
    """Hide a password in a URL before it appears in an error message."""
    parts = urlsplit(url) if "://" in url else None
    if parts is None or parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)
