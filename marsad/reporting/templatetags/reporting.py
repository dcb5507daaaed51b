"""Filters of the report templates: numbers as reports print them."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """1119 → "1,119" (Western digits with a comma, in every language, as the reports do)."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}"


@register.filter
def signed(value: int) -> str:
    return f"+{value:,}" if value > 0 else f"{value:,}".replace("-", "−")


@register.filter
def share(part: int, whole: int) -> str:
    """A whole percentage, halves rounded up."""
    if not whole:
        return ""
    return f"{(200 * int(part) + int(whole)) // (2 * int(whole))}%"


@register.filter
def get(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)
