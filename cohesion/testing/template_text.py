"""Words a template shows people outside a translation tag.

Cohesion's staff and public pages are offered in Welsh (the Welsh Language Standards),
Polish and Arabic, so every word a template puts in front of a person must pass through
``{% translate %}`` or ``{% blocktranslate %}``. This module reads a template the way
Django does (its own lexer, so ``{% %}`` tags, ``{{ }}`` variables and ``{# #}`` comments
are recognised exactly), drops what is not shown as words (comments, scripts, styles,
HTML tags, entities, translated passages) and returns the English left behind, in the
text and in the attributes people read or hear (``title``, ``aria-label``,
``placeholder``, ``alt`` and the ``value`` of buttons).

The test that uses it is cohesion/core/tests/test_template_text.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Text that reads the same in every language: the product's name and names of file formats
# and standards (a hash's name among them). Anything else with a letter in it must be translated.
NOT_LANGUAGE = frozenset(
    {
        "Cohesion",
        "GOV.UK",
        "CSV",
        "JSON",
        "GeoJSON",
        "XLSX",
        "HTML",
        "PDF",
        "DOCX",
        "API",
        "iCal",
        "ORUK",
        "sha256",
    }
)

# Elements whose text is code to type or read as code (addresses, file names), not language.
CODE_ELEMENTS = frozenset({"code", "kbd", "samp"})

# Attributes a person reads or hears; ``value`` only on buttons.
SPOKEN_ATTRIBUTES = frozenset({"title", "aria-label", "placeholder", "alt", "aria-description"})
BUTTON_TYPES = frozenset({"submit", "button", "reset"})

# Stands in for whatever Django puts in at render time (a variable, a tag's output, a
# translated passage): it is never English written in the template.
FILLED_IN = "\x00"

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z]")
_BLOCKS_WITHOUT_TEXT = {
    "comment": "endcomment",
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
}


# Filters whose quoted argument is shown on the page: ``|default:"Not given"`` must be
# ``|default:_("Not given")``.
_SHOWN_ARGUMENT = re.compile(r'\|(?:default|default_if_none|yesno|pluralize):"([^"]*)"')


def shown_literals(variable: str) -> list[str]:
    """Quoted English a ``{{ }}`` variable shows through its filters, untranslated."""
    return [f"|…:{value!r}" for value in _SHOWN_ARGUMENT.findall(variable) if english_in(value)]


def flatten(source: str, literals: list[str] | None = None) -> str:
    """The template's literal text, with everything Django fills in replaced by a marker.

    Quoted English shown through a variable's filters is added to ``literals``.
    """
    parts: list[str] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        if closing is not None:
            if token.token_type is TokenType.BLOCK and token.contents.split()[:1] == [closing]:
                closing = None
            continue
        if token.token_type is TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type is TokenType.COMMENT:
            continue
        else:
            parts.append(FILLED_IN)
            if token.token_type is TokenType.VAR and literals is not None:
                literals.extend(shown_literals(token.contents))
            if token.token_type is TokenType.BLOCK:
                name = token.contents.split()[0] if token.contents.split() else ""
                closing = _BLOCKS_WITHOUT_TEXT.get(name)
    return "".join(parts)


def english_in(text: str) -> str:
    """The words in ``text`` that are not names of formats, standards or the product."""
    words = [
        word
        for word in _WORD.findall(text.replace(FILLED_IN, " "))
        if word.strip(".") not in NOT_LANGUAGE
    ]
    return " ".join(words)


_HIDDEN = CODE_ELEMENTS | {"script", "style"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0  # inside <script>, <style> or code

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            spoken = name in SPOKEN_ATTRIBUTES or (
                name == "value"
                and tag in ("input", "button")
                and (values.get("type") or "") in BUTTON_TYPES
            )
            if spoken and english_in(value):
                self.found.append(f'{name}="{value.replace(FILLED_IN, "…").strip()}"')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self._hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and english_in(data):
            self.found.append(" ".join(data.replace(FILLED_IN, "…").split()))


def bare_english(source: str) -> list[str]:
    """Each passage of ``source`` that shows English outside a translation tag."""
    literals: list[str] = []
    reader = _Reader()
    reader.feed(flatten(source, literals))
    reader.close()
    return reader.found + literals


def project_templates() -> Iterator[Path]:
    """Every template under cohesion/ (HTML pages and the plain-text emails)."""
    for path in sorted(PROJECT_DIR.rglob("templates/**/*")):
        if path.is_file() and path.suffix in (".html", ".txt"):
            yield path


def untranslated_template_text() -> dict[str, list[str]]:
    """Template (relative to cohesion/) -> the English it shows outside translation tags."""
    found = {}
    for path in project_templates():
        passages = bare_english(path.read_text(encoding="utf-8"))
        if passages:
            found[str(path.relative_to(PROJECT_DIR))] = passages
    return found
