"""Fill the ar/he catalogues from a JSON file of translations, then rewrap as gettext does.

Usage: .venv/bin/python scripts/fill_translations.py translations.json

The JSON maps a language to {msgid: msgstr} (a list of forms for a plural entry). Only
entries that are untranslated or fuzzy are filled, and their fuzzy mark is cleared, so a
translation already reviewed is never overwritten. Run `make messages` before (to extract the
new strings) and after (to compile). Prints what is still untranslated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "marsad" / "locale"


def fill(path: Path, translations: dict[str, str | list[str]]) -> list[str]:
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.obsolete or entry.msgid not in translations:
            continue
        if entry.translated() and "fuzzy" not in entry.flags:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            forms = [value] if isinstance(value, str) else value
            count = len(entry.msgstr_plural) or 2
            entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(count)}
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
    catalogue.save(str(path))
    # polib wraps long lines its own way; msgcat writes them as makemessages does.
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)  # noqa: S603, S607
    return [
        e.msgid
        for e in polib.pofile(str(path))
        if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
    ]


def main() -> int:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    left = 0
    for language, translations in data.items():
        missing = fill(LOCALE / language / "LC_MESSAGES" / "django.po", translations)
        left += len(missing)
        print(f"{language}: {len(missing)} untranslated", *missing[:30], sep="\n  ")  # noqa: T201
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
