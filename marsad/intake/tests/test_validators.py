"""Canonical forms of links, handles, phones and receipt codes."""

import pytest
from django.core.exceptions import ValidationError

from marsad.intake import validators


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://m.facebook.com/story.php?story_fbid=1&id=2&fbclid=abc",
            "https://www.facebook.com/story.php?story_fbid=1&id=2",
        ),
        (
            "HTTPS://WWW.Instagram.com/p/XYZ/?igshid=1&utm_source=x#frag",
            "https://www.instagram.com/p/XYZ",
        ),
        ("https://mobile.twitter.com/user/status/1/", "https://www.twitter.com/user/status/1"),
        ("x.com/someone", "https://x.com/someone"),
        ("https://youtube.com:443/watch?v=abc&si=track", "https://www.youtube.com/watch?v=abc"),
        ("http://example.org:8080/a", "http://example.org:8080/a"),
        ("https://بيت.فلسطين/صفحة", "https://" + "بيت.فلسطين".encode("idna").decode() + "/صفحة"),
    ],
)
def test_links_are_canonical(raw, expected):
    assert validators.canonical_link(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "javascript:alert(1)",
        "ftp://example.org/x",
        "https://",
        "not a link",
        "https://localhost",
        "https://exa mple.org",
        "data:text/html,<script>alert(1)</script>",
        "https://[::1]:99999/",
    ],
)
def test_bad_links_are_refused(raw):
    with pytest.raises(ValidationError):
        validators.check_links(raw)


def test_links_deduplicate_and_keep_order():
    text = "https://x.com/a\nhttps://X.com/a/  https://t.me/channel/5"
    assert validators.check_links(text) == ["https://x.com/a", "https://t.me/channel/5"]


def test_too_many_links():
    with pytest.raises(ValidationError) as exc:
        validators.check_links("\n".join(f"https://x.com/{i}" for i in range(21)))
    assert exc.value.code == "too_many_links"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@Gaza_Voices", "@gaza_voices"),
        ("gaza.voices", "@gaza.voices"),
        ("https://www.instagram.com/Some.Account/", "@some.account"),
        ("  @name-1 ", "@name-1"),
        ("", ""),
        ("@أصوات_غزة", "@أصوات_غزة"),
    ],
)
def test_handles(raw, expected):
    assert validators.canonical_handle(raw) == expected


@pytest.mark.parametrize("raw", ["@a b", "<script>", "@name\u202e", "@" + "a" * 101, "a\x00b"])
def test_bad_handles(raw):
    with pytest.raises(ValidationError):
        validators.canonical_handle(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+970 59 123 4567", "+970591234567"),
        ("٠٥٩١٢٣٤٥٦٧", "0591234567"),
        ("(02) 123-4567", "021234567"),
    ],
)
def test_phones(raw, expected):
    assert validators.canonical_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234 5678 9012 3456", "1234567890123456"),
        ("1234-5678-9012-3456", "1234567890123456"),
        ("١٢٣٤ ٥٦٧٨ ٩٠١٢ ٣٤٥٦", "1234567890123456"),
        ("12345678901234", ""),
        ("abcd" * 4, ""),
        ("1234 5678 9012 345x", ""),
        ("¹²³⁴567890123456", ""),
    ],
)
def test_receipt_codes(raw, expected):
    assert validators.normalise_receipt_code(raw) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("abc\x00", "null_character"),
        ("bad \ufffd bytes", "invalid_encoding"),
        ("evil \u202egnp.exe", "bidi_control"),
        ("isolate \u2066x\u2069", "bidi_control"),
    ],
)
def test_text_refusals(text, code):
    with pytest.raises(ValidationError) as exc:
        validators.check_text(text)
    assert exc.value.code == code


def test_direction_marks_in_mixed_text_are_fine():
    text = "نشرت على Instagram\u200f منشوراً #غزة"
    assert validators.check_text(text) == text
    assert validators.check_line("اسم\u200e Name") == "اسم\u200e Name"
