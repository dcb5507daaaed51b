"""Narrative sections are rich text written by staff: a few kinds of element are kept
(paragraphs, headings, emphasis, lists, quotes, links to web pages), everything else (scripts,
styles, images, event handlers, other link schemes) is removed by nh3 (the Rust ammonia
sanitiser), when saved and again when drawn. Text without markup becomes paragraphs."""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape

TAGS = {"p", "br", "h3", "h4", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "a"}
ATTRIBUTES = {"a": {"href"}, "p": {"dir"}, "li": {"dir"}, "blockquote": {"dir"}}
SCHEMES = {"http", "https", "mailto"}
MAX_LENGTH = 50_000

_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z]")


def sanitise(text: str) -> str:
    """Safe HTML for a section body. Plain text (no tags) is split into paragraphs on blank
    lines, its lines kept."""
    text = (text or "").replace("\r\n", "\n").replace("\x00", "").strip()
    if not _MARKUP.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
