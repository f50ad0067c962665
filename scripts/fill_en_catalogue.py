"""Make the English catalogue complete: every msgstr is its msgid (source strings are English).

Run after `makemessages` (the `make messages` target does): python scripts/fill_en_catalogue.py
"""

from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "src/socialdynamo/locale/en/LC_MESSAGES/django.po"


def main() -> None:
    po = polib.pofile(str(CATALOGUE))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


if __name__ == "__main__":
    main()
