"""match_key: one key for the spellings of one word."""

import pytest

from marsad.core.text import match_key, normalise_arabic


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("إنستغرام", "انستغرام"),  # hamza below
        ("أنستغرام", "انستغرام"),  # hamza above
        ("آبل", "ابل"),  # madda
        ("ٱلقدس", "القدس"),  # alef wasla
        ("مسؤول", "مسوول"),  # hamza on waw
        ("رئيس", "رييس"),  # hamza on yeh
        ("منصة", "منصه"),  # taa marbuta
        ("على", "علي"),  # alef maqsura
        ("فيــــسبوك", "فيسبوك"),  # tatweel
        ("قِطَاعُ غَزَّةَ", "قطاع غزه"),  # vowel marks and shadda
        ("ﻻ", "لا"),  # presentation-form ligature
        ("کتاب", "كتاب"),  # Persian kaf
        ("\u200fفيسبوك\u200f", "فيسبوك"),  # right-to-left marks
        ("٢٠٢٣", "2023"),  # Arabic-Indic digits
        ("  X   (Twitter) ", "x (twitter)"),
        ("FACEBOOK", "facebook"),
        ("מסנג׳ר", "מסנג'ר"),  # Hebrew geresh
        ("שָׁלוֹם", "שלומ"),  # Hebrew points and final mem
        ("ארץ", "ארצ"),  # final tsadi
        ("דרך", "דרכ"),  # final kaf
        ("עיתון", "עיתונ"),  # final nun
        ("חוף", "חופ"),  # final pe
        ("Région", "region"),
    ],
)
def test_match_key(typed, key):
    assert match_key(typed) == key


def test_normalise_arabic_keeps_case_and_spaces():
    assert normalise_arabic("إنستغرام  Instagram") == "انستغرام  Instagram"


def test_different_words_stay_different():
    assert match_key("غزة") != match_key("عزة")
    assert match_key("facebook") != match_key("face book")
