"""Both catalogues are complete, and every string in the code is in them."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "socialdynamo"
CATALOGUES = {lang: SOURCE / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("el", "en")}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@pytest.mark.parametrize("language", ["el", "en"])
def test_every_entry_is_translated_and_not_fuzzy(language):
    po = polib.pofile(str(CATALOGUES[language]))
    untranslated = [
        e.msgid
        for e in po
        if not e.obsolete
        and (
            "fuzzy" in e.flags
            or (not all(e.msgstr_plural.values()) if e.msgid_plural else not e.msgstr)
        )
    ]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated[:20]}"


@pytest.mark.parametrize("language", ["el", "en"])
def test_placeholders_survive_translation(language):
    po = polib.pofile(str(CATALOGUES[language]))
    broken = []
    for entry in po:
        expected = set(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        broken += [
            entry.msgid for text in translations if set(PLACEHOLDER.findall(text)) != expected
        ]
    assert not broken, f"{language}: placeholders differ in {broken}"


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_every_string_in_the_code_is_in_the_greek_catalogue(tmp_path):
    # Extract from a copy of the source, so makemessages cannot touch the real catalogues.
    copy = tmp_path / "socialdynamo"
    shutil.copytree(
        SOURCE, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc")
    )
    (copy / "locale").mkdir()
    env = {**os.environ, "LOCALE_DIR": str(copy / "locale"), "PYTHONPATH": str(SOURCE.parent)}
    subprocess.run(
        [
            sys.executable,
            str(SOURCE.parents[1] / "manage.py"),
            "makemessages",
            "-l",
            "el",
            "--no-location",
            "--ignore",
            "locale/*",
            "-v",
            "0",
        ],
        cwd=copy,
        env=env,
        check=True,
        timeout=120,
    )
    extracted = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "el" / "LC_MESSAGES" / "django.po"))
    }
    committed = {e.msgid for e in polib.pofile(str(CATALOGUES["el"])) if not e.obsolete}
    missing = sorted(extracted - committed)
    assert not missing, (
        f"Strings in the code missing from the Greek catalogue (run `make messages`): {missing}"
    )


@pytest.mark.django_db
def test_pages_read_in_greek_by_default_and_in_english_under_en(client):
    greek = client.get("/").content.decode()
    assert "Δικτύωση" in greek and "Χώρος συνεργασίας" in greek
    assert ">Networking<" not in greek
    english = client.get("/en/").content.decode()
    assert "Networking" in english and "Δικτύωση" not in english
