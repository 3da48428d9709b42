"""Case studies in packs: anonymised accounts, each with the consent of the person it describes.

A scrutiny panel is often told a story ("a family in Newport was referred to the
ESOL class ..."). Such a story goes into a pack only as anonymised text with a
recorded consent flag: the officer ticks that the person agreed, and the text is
checked for details that identify someone directly (an email address, a phone
number, a postcode, a case reference). The check cannot prove a text anonymous,
so the form says what it looks for; what it finds is refused with a message
naming the detail, and nothing is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cohesion.packs.contents import PackContext, Section, section

# What the check looks for, with how each is named to the officer.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), gettext_noop("an email address")),
    # UK numbers: 11 digits from 0 (spaces allowed), or +44 then 10 digits.
    (re.compile(r"(?:\+44\s?\d|\b0\d)(?:[\s-]?\d){8,9}\b"), gettext_noop("a phone number")),
    # A full UK postcode (outward and inward code), e.g. TS3 6AB.
    (
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE),
        gettext_noop("a postcode"),
    ),
    # A case reference, e.g. CHN-7K3Q-94XT.
    (re.compile(r"\b[A-Z]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}\b"), gettext_noop("a case reference")),
)


def identifying_details(text: str) -> list[str]:
    """What in ``text`` identifies someone directly, as "a postcode (TS3 6AB)"; empty when nothing is found."""
    found = []
    for pattern, name in _PATTERNS:
        for match in pattern.finditer(text or ""):
            found.append(f"{_(name)} ({match.group(0).strip()})")
    return found


@dataclass(frozen=True)
class CaseStudy:
    text: str
    consent: bool


def from_frame(frame: dict[str, Any]) -> list[CaseStudy]:
    studies = frame.get("case_studies") or []
    return [
        CaseStudy(text=str(s.get("text", "")), consent=bool(s.get("consent")))
        for s in studies
        if isinstance(s, dict) and str(s.get("text", "")).strip()
    ]


@section("case-studies")
def case_studies(context: PackContext) -> Section:
    """The pack's case studies, each shared with consent; a note when there are none."""
    studies = [s for s in from_frame(dict(context.options.get("frame") or {})) if s.consent]
    if not studies:
        return Section(
            key="case-studies", heading="", paragraphs=[_("No case studies were added.")]
        )
    paragraphs = [s.text.strip() for s in studies]
    paragraphs.append(
        _(
            "Each account is shared with the consent of the person it describes, recorded when "
            "the pack was made; names and identifying details have been left out."
        )
    )
    return Section(key="case-studies", heading="", paragraphs=paragraphs)
