"""Comparing identifiers people type: references that look the same are the same."""

from __future__ import annotations

import re
import unicodedata

# Characters that take no space on screen: zero-width space, non-joiner and joiner,
# word joiner, the byte-order mark, soft hyphen and the bidirectional marks.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# Letters of other scripts that are drawn like Latin letters (after case folding).
# A small, deliberate subset of Unicode's confusables (UTS #39), covering the
# Cyrillic and Greek letters that appear in references typed or pasted from
# documents; NFKC already folds full-width and compatibility forms.
LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "һ": "h",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ӏ": "l",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "μ": "m",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ζ": "z",
    }
)


def tidy_identifier(text: str) -> str:
    """The identifier as it should be stored: NFKC, invisible characters removed, spaces trimmed."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).strip()


def identifier_key(text: str) -> str:
    """What two identifiers are compared by: tidied, case-folded, look-alike letters made Latin.

    ``R-001``, ``r-001``, ``Ｒ-001`` (full width), ``R-001`` with a zero-width space
    and ``Р-001`` (Cyrillic Er) all have the same key.
    """
    folded = unicodedata.normalize("NFKC", tidy_identifier(text).casefold())
    return re.sub(r"\s+", " ", folded.translate(LOOKALIKES))
