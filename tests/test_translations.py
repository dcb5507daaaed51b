"""The ar and he catalogues are complete, compiled and not stale.

The catalogues are regenerated from a copy of the source (so the checkout is not touched) and
compared with the committed ones: a new or changed string that was not extracted, a string
left untranslated or fuzzy, or a .mo file older than its .po fails the build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "marsad" / "locale"
LANGUAGES = ("ar", "he")
IGNORE = [
    "-i",
    "tests",
    "-i",
    "var/*",
    "-i",
    "bench",
    "-i",
    "node_modules",
    "-i",
    "*/tests/*",
    "-i",
    "conftest.py",
]


def keys(catalogue: polib._BaseFile) -> set[tuple[str | None, str, str]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue if not e.obsolete}


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is needed to check the catalogues (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("src")
    for name in ("marsad", "config", "templates"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(copy), "MARSAD_DATA_DIR": str(copy / "var")}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "marsad.cli",
            "makemessages",
            "-l",
            "ar",
            "-l",
            "he",
            "--add-location=file",
            *IGNORE,
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return copy / "marsad" / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_not_stale(regenerated, language):
    fresh = polib.pofile(str(regenerated / language / "LC_MESSAGES" / "django.po"))
    committed = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = keys(fresh) - keys(committed)
    extra = keys(committed) - keys(fresh)
    assert not missing, f"run `make messages`: strings not in the {language} catalogue: {missing}"
    assert not extra, f"run `make messages`: strings no longer used in {language}: {extra}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries() if not e.obsolete]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue.translated_entries()) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_are_kept(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalogue.translated_entries():
        translations = (
            [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        )
        for text in translations:
            for token in ("%(name)s", "%(role)s", "%(year)s", "<bdi>", "</bdi>"):
                assert entry.msgid.count(token) == text.count(token), (entry.msgid, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), (
            f"run compilemessages: {entry.msgid!r}"
        )
