"""Comparing what people type in Arabic, Hebrew and English.

The same word reaches us spelt several ways: ``إنستغرام`` and ``انستغرام`` (hamza or none),
``منصة`` and ``منصه`` (taa marbuta written as haa), ``على`` and ``علي`` (alef maqsura),
``فيــسبوك`` (tatweel), vowel marks, Persian keyboard letters, Hebrew points, ``Facebook`` and
``FACEBOOK``; Hebrew final letters (``ם`` at the end of a word, ``מ`` inside one, so that a word
typed as the start of a longer one still matches). ``match_key`` folds all of these to one key
so that two spellings compare equal. Keys are for comparing only: never show them (the public
search stores them in its own index column, ``observatory.SearchText``, never displayed).
"""

from __future__ import annotations

import unicodedata

# Letters folded to one form after NFKD (which splits أ إ آ ؤ ئ into a letter and a hamza or
# madda mark, removed with the other marks, and turns presentation forms into letters).
_LETTERS = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla → ا
        "\u0629": "\u0647",  # ة taa marbuta → ه
        "\u0649": "\u064a",  # ى alef maqsura → ي
        "\u06cc": "\u064a",  # ی Persian yeh → ي
        "\u06a9": "\u0643",  # ک Persian kaf → ك
        "\u05da": "\u05db",  # ך final kaf → כ
        "\u05dd": "\u05de",  # ם final mem → מ
        "\u05df": "\u05e0",  # ן final nun → נ
        "\u05e3": "\u05e4",  # ף final pe → פ
        "\u05e5": "\u05e6",  # ץ final tsadi → צ
        "\u05f3": "'",  # ׳ Hebrew geresh → '
        "\u05f4": '"',  # ״ Hebrew gershayim → "
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u0640": None,  # ـ tatweel
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Invisible characters that copy-paste and spreadsheets add around right-to-left words.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def western_digits(value: str) -> str:
    """Arabic-Indic and Persian digits as 0-9 (``١٢٣`` → ``123``)."""
    return value.translate(_DIGITS)


def normalise_arabic(value: str) -> str:
    """Arabic letter variants folded to one form: alef with hamza or madda (أ إ آ ٱ) → ا,
    ؤ → و, ئ → ي, ة → ه, ى → ي, Persian ی and ک → ي and ك; tatweel and vowel marks removed.
    Hebrew final letters (ך ם ן ף ץ) become their ordinary forms and the points (niqqud) go
    with the other combining marks, which are removed in every script."""
    decomposed = unicodedata.normalize("NFKD", value).translate(_LETTERS)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare)


def match_key(value: str) -> str:
    """A key that is equal for two spellings of the same word: Arabic normalised, case folded,
    digits in ASCII, invisible characters dropped, spaces collapsed."""
    visible = "".join(ch for ch in value if ch not in _INVISIBLE)
    return " ".join(normalise_arabic(visible).translate(_DIGITS).casefold().split())
