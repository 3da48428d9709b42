"""Every text in every message catalogue has a Welsh translation (Welsh Language Standards).

Staff pages as well as public ones are offered in Welsh, so a text with no Welsh, or
with only a ``fuzzy`` guess that Django would not show, fails here, named with its
catalogue. Polish and Arabic are required on the public pages
(test_public_translations.py); for the staff pages their gaps are counted and printed
so translators can see what is left.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from cohesion.testing.catalogues import (
    catalogue_name,
    catalogues,
    read_catalogue,
    untranslated_by_catalogue,
)

# Catalogues whose staff screens are not yet in Welsh; each is reported with its count
# below, and must leave this list once it is complete (the last test checks that).
WELSH_STILL_TO_TRANSLATE: frozenset[str] = frozenset()

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def test_every_catalogue_has_welsh_for_every_text() -> None:
    missing = untranslated_by_catalogue("cy")
    for name in sorted(missing):
        print(f"cy {name}: {len(missing[name])} untranslated")
    required = {
        name: texts for name, texts in missing.items() if name not in WELSH_STILL_TO_TRANSLATE
    }
    listing = "\n".join(f"{name}: {text!r}" for name, texts in required.items() for text in texts)
    assert required == {}, f"Texts with no Welsh translation:\n{listing}"


def test_catalogues_still_to_translate_into_welsh_really_have_texts_left() -> None:
    missing = untranslated_by_catalogue("cy")
    assert sorted(WELSH_STILL_TO_TRANSLATE - missing.keys()) == []


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_catalogue_is_read_and_its_gaps_are_counted(language: str) -> None:
    names = {catalogue_name(path) for path in catalogues(language)}
    assert {"project", "tensions", "directory", "programme", "plans", "surveys"} <= names
    missing = untranslated_by_catalogue(language)
    for name in sorted(names):
        print(f"{language} {name}: {len(missing.get(name, []))} untranslated")


def test_no_catalogue_keeps_a_fuzzy_guess() -> None:
    fuzzy = [
        f"{path.relative_to(settings.BASE_DIR)}: {entry.msgid!r}"
        for language in OTHER_LANGUAGES
        for path in catalogues(language)
        for entry in read_catalogue(path)
        if "fuzzy" in entry.flags
    ]
    assert fuzzy == []


def test_the_reading_notices_an_empty_a_fuzzy_and_a_partial_plural_translation(
    tmp_path: Path,
) -> None:
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: cy\\n"\n\n'
        'msgid "Case queue"\nmsgstr "Ciw achosion"\n\n'
        'msgid "Ward profile"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Alerts"\nmsgstr "Adroddiadau"\n\n'
        'msgid "one report"\nmsgid_plural "%(count)s reports"\nmsgstr[0] "un adroddiad"\nmsgstr[1] ""\n\n'
        '#~ msgid "Gone"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = read_catalogue(path)
    assert [entry.msgid for entry in entries if not entry.translated] == [
        "Ward profile",
        "Alerts",
        "one report",
    ]
    assert [entry.msgid for entry in entries] == [
        "Case queue",
        "Ward profile",
        "Alerts",
        "one report",
    ]
