"""Cohesion's message catalogues, read entry by entry, and the texts each language lacks.

Each app keeps its own catalogue (cohesion/<app>/locale/<language>/LC_MESSAGES/django.po)
and the apps without one share the project's (cohesion/locale). This reads the ``.po``
text directly (no extra dependency) so a test can list, per language and per
catalogue, the texts with no translation or with only a ``fuzzy`` guess, which Django
does not show (cohesion/core/tests/test_catalogues.py).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass
class Entry:
    """One message: its text in English, its translations and its flags."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags


def _unquote(line: str) -> str:
    value = ast.literal_eval(line.strip())
    assert isinstance(value, str)
    return value


def read_catalogue(path: Path) -> list[Entry]:
    """Every message of a ``.po`` file, the header (empty msgid) left out."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # the field that continuation lines extend

    def finish() -> None:
        nonlocal entry, target
        if entry.msgid or entry.msgstr:
            entries.append(entry)
        entry, target = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        elif line.startswith("#:"):
            entry.references.extend(line[2:].split())
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"') and target is not None:
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword.startswith("msgstr"):
            if target is not None and target[0] == "msgstr" and not keyword.startswith("msgstr["):
                finish()
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            while len(entry.msgstr) <= index:
                entry.msgstr.append("")
            entry.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            if keyword != "msgid_plural" and entry.msgstr:
                finish()
            setattr(entry, keyword, _unquote(rest))
            target = (keyword, 0)
    finish()
    return [entry for entry in entries if entry.msgid and not entry.obsolete]


def catalogues(language: str) -> list[Path]:
    """Every catalogue of ``language``: the project's and each app's."""
    return sorted(PROJECT_DIR.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def catalogue_name(path: Path) -> str:
    """``tensions`` for cohesion/tensions/locale/..., ``project`` for cohesion/locale/..."""
    parts = path.relative_to(PROJECT_DIR).parts
    return "project" if parts[0] == "locale" else parts[0]


def untranslated_by_catalogue(language: str) -> dict[str, list[str]]:
    """Catalogue name -> the texts in it with no translation (or only a fuzzy one)."""
    found: dict[str, list[str]] = {}
    for path in catalogues(language):
        missing = [entry.msgid for entry in read_catalogue(path) if not entry.translated]
        if missing:
            found[catalogue_name(path)] = missing
    return found
