"""Which small-number rule applies, and the site-wide floor nobody can lower.

Two rules are offered, and a council chooses between them:

* the **threshold rule** (the default): counts of at least 1 and below the
  threshold are hidden, other counts are shown exactly (ONS, "Disclosure
  control guidance for tables produced from administrative sources", 2014,
  section 3.2, threshold rules);
* the **NHS rule**: counts of 1 to 7 are hidden and every other count is
  rounded to the nearest 5; rates are worked out from the rounded counts
  (NHS Digital, "Disclosure control method for ... statistics: suppress 1-7
  and round to the nearest 5"). A council picks it by listing its GSS code in
  ``DISCLOSURE_NHS_RULE_COUNCILS``.

Both are followed by secondary suppression (:mod:`.protect`), so that no
hidden count can be worked out from the figures that are shown.

``SUPPRESSION_FLOOR`` is the smallest threshold the site allows. A survey, a
council or an officer may ask for a higher threshold, never a lower one: forms
refuse it with a message, and :func:`at_least_floor` raises any lower value to
the floor here, so a threshold stored before the floor was raised cannot slip
through either.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

__all__ = [
    "NHS",
    "NHS_ROUNDING",
    "NHS_THRESHOLD",
    "THRESHOLD",
    "Rule",
    "at_least_floor",
    "nhs_rule",
    "rule_for_council",
    "site_floor",
    "threshold_rule",
]

THRESHOLD = "threshold"
NHS = "nhs"
NHS_THRESHOLD = 8  # counts 1-7 are hidden
NHS_ROUNDING = 5  # other counts are rounded to the nearest 5


@dataclass(frozen=True)
class Rule:
    """A small-number rule: hide 1 to ``threshold - 1``, round the rest to ``rounding``.

    ``protection`` is how wide the range of values an attacker can work out for
    any hidden count must stay: at least the threshold, so nobody can tell a
    hidden 1 from a figure that would have been shown.
    """

    threshold: int
    rounding: int = 1
    name: str = THRESHOLD

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or int(self.threshold) != self.threshold:
            raise ValueError(f"The threshold must be a whole number; got {self.threshold!r}.")
        if self.threshold < 2:
            raise ValueError(
                f"A threshold below 2 hides nothing; got {self.threshold}. "
                "The site floor (SUPPRESSION_FLOOR) is at least 2."
            )
        if self.rounding < 1:
            raise ValueError(
                f"Rounding must be to a whole number of at least 1; got {self.rounding}."
            )

    @property
    def protection(self) -> int:
        return self.threshold

    @property
    def half_rounding(self) -> int:
        """How far a shown (rounded) count may be from the true one."""
        return self.rounding // 2

    def is_small(self, count: float) -> bool:
        """True for a count that primary suppression hides: at least 1, below the threshold."""
        return 0 < count < self.threshold

    def rounded(self, count: int) -> int:
        """``count`` as shown: to the nearest multiple of ``rounding`` (halves up)."""
        if self.rounding == 1:
            return int(count)
        return (int(count) + self.rounding // 2) // self.rounding * self.rounding

    def describe(self) -> str:
        # In the reader's language: the rule is printed under public tables and in packs.
        if self.name == NHS:
            return _(
                "Counts from 1 to %(hidden)s are hidden and other counts are rounded to the "
                "nearest %(rounding)s; further counts are hidden where a hidden one could "
                "otherwise be worked out."
            ) % {"hidden": self.threshold - 1, "rounding": self.rounding}
        return _(
            "Counts from 1 to %(hidden)s are hidden, and further counts are hidden where a "
            "hidden one could otherwise be worked out."
        ) % {"hidden": self.threshold - 1}


def site_floor() -> int:
    """The smallest suppression threshold allowed anywhere on this site (``SUPPRESSION_FLOOR``)."""
    return max(2, int(settings.SUPPRESSION_FLOOR))


def at_least_floor(threshold: int | None) -> int:
    """``threshold`` (or the site's ``SUPPRESSION_THRESHOLD`` when None), raised to the floor."""
    chosen = int(settings.SUPPRESSION_THRESHOLD) if threshold is None else int(threshold)
    return max(chosen, site_floor())


def threshold_rule(threshold: int | None = None) -> Rule:
    """The threshold rule at ``threshold`` (default: the site's), never below the floor."""
    return Rule(threshold=at_least_floor(threshold))


def nhs_rule() -> Rule:
    """The NHS rule: hide 1-7 (or up to the floor, if the floor is higher), round the rest to 5."""
    return Rule(threshold=max(NHS_THRESHOLD, site_floor()), rounding=NHS_ROUNDING, name=NHS)


def rule_for_council(council_code: str) -> Rule:
    """The rule a council chose: the NHS rule if listed in ``DISCLOSURE_NHS_RULE_COUNCILS``."""
    if council_code in set(settings.DISCLOSURE_NHS_RULE_COUNCILS):
        return nhs_rule()
    return threshold_rule()
