"""Rebuild the Chinese message catalogue.

Extracts every translatable string (``makemessages``, needs GNU gettext), fills the Chinese
from ``complaintdesk/locale/zh_translations_*.json`` and writes ``django.po`` and the compiled
``django.mo`` (with polib, so compiling needs no gettext). Lists strings still untranslated.
Run from the repository root: ``.venv/bin/python scripts/messages.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "complaintdesk"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"


def load_translations() -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted(LOCALE.glob("zh_translations_*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "complaintdesk.config.settings"}
    subprocess.run(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "complaintdesk"),
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--no-location",
            "-v0",
            "--ignore",
            "tests/*",
            "--ignore",
            "bench/*",
        ],
        cwd=PACKAGE,
        env=env,
        check=True,
    )
    translations = load_translations()
    catalogue = polib.pofile(str(PO))
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.metadata["Language"] = "zh_Hans"
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    missing = []
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            # makemessages guesses a translation from a similar msgid; a guess is never kept.
            entry.flags.remove("fuzzy")
            entry.msgstr = ""
            entry.msgstr_plural = {k: "" for k in entry.msgstr_plural}
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            entry.previous_msgctxt = None
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
        elif entry.msgid_plural:
            text = translations.get(entry.msgid_plural) or translations.get(entry.msgid)
            if text:
                entry.msgstr_plural = {0: text}
        if not entry.translated():
            missing.append(entry.msgid)
    catalogue.save(str(PO))
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    print(f"{len(catalogue) - len(missing)} of {len(catalogue)} strings translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
