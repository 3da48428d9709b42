"""Plain words for the terms of art Cohesion's pages use.

Each entry is one or two sentences a councillor or resident can follow. Pages
link a term to its entry with ``{% term "slug" %}`` (``core_glossary`` tags);
the glossary page lists them all, each with an anchor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    name: str | Promise
    meaning: str | Promise


TERMS: tuple[Term, ...] = (
    Term(
        "eep",
        _("EEP classification"),
        _(
            "The Equality and Human Rights Commission's way of sorting reports of hate incidents and "
            "crimes into the kinds of prejudice behind them (race, religion, sexual orientation, "
            "disability, transgender identity), so counts can be compared between areas."
        ),
    ),
    Term(
        "dissimilarity",
        _("Index of dissimilarity"),
        _(
            "How unevenly two groups are spread across the small areas of a place, from 0 (spread "
            "exactly alike) to 1 (never living in the same small area). It is the share of one group "
            "that would have to move for both to be spread alike."
        ),
    ),
    Term(
        "fractionalisation",
        _("Fractionalisation"),
        _(
            "The chance that two people picked at random from an area belong to different groups: 0 "
            "when everyone is in one group, closer to 1 the more groups there are and the more even "
            "their sizes."
        ),
    ),
    Term(
        "design-effect",
        _("Design effect"),
        _(
            "How much the weighting of a survey widens its margins of error, compared with a simple "
            "random sample of the same size. A design effect of 1.5 means the weighted sample is "
            "worth as much as two-thirds as many people picked at random (the effective sample size)."
        ),
    ),
    Term(
        "raking",
        _("Raking (weighting sweeps)"),
        _(
            "Weighting survey answers so that the people who answered match the area's population "
            "by age, sex and other characteristics from the Census. Each sweep adjusts the weights "
            "to one characteristic in turn, and sweeps repeat until all match."
        ),
    ),
    Term(
        "lsoa",
        _("LSOA"),
        _(
            "Lower layer Super Output Area: a small area of about 1,500 residents that the Office for "
            "National Statistics uses to publish figures such as the Census and deprivation. Several "
            "make up a ward."
        ),
    ),
    Term(
        "interval",
        # xgettext:no-python-format
        _("95% interval"),
        _(
            "The range a figure could plausibly take given chance alone: small counts and small "
            "samples give wide ranges. Two areas are said to differ only when their ranges do not "
            "overlap."
        ),
    ),
    Term(
        "suppressed",
        _("[c] and suppressed figures"),
        _(
            "A small count is hidden so that nobody can be identified from it, together with any "
            "other figure from which it could be worked out."
        ),
    ),
)

BY_SLUG = {term.slug: term for term in TERMS}
