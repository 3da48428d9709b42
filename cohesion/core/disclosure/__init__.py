"""Disclosure control: the one module every aggregate output goes through.

Public pages, the API, the ``.json``/``.csv`` twins, survey results and their
downloads, the pages shown to people who may not see the records behind a
count (viewers, police), and the packs all ask this module which counts they
may show. See :mod:`.rules` for the threshold and NHS rules and the site-wide
floor, :mod:`.protect` for primary and secondary suppression, and
:mod:`.attack` for the attacker used to check a pattern.
"""

from cohesion.core.disclosure.attack import Bounds, feasible_ranges
from cohesion.core.disclosure.protect import Disclosed, LinkedCounts
from cohesion.core.disclosure.rules import (
    NHS,
    THRESHOLD,
    Rule,
    at_least_floor,
    nhs_rule,
    rule_for_council,
    site_floor,
    threshold_rule,
)

__all__ = [
    "NHS",
    "THRESHOLD",
    "Bounds",
    "Disclosed",
    "LinkedCounts",
    "Rule",
    "at_least_floor",
    "feasible_ranges",
    "nhs_rule",
    "rate_from_shown",
    "rule_for_council",
    "site_floor",
    "threshold_rule",
]


def rate_from_shown(
    shown_count: int | None, denominator: float, per: float = 1000.0
) -> float | None:
    """A rate worked out from the count as shown (rounded under the NHS rule), None when hidden.

    NHS Digital's rule computes rates from the rounded counts, so that a rate
    never reveals the count it was rounded from.
    """
    if shown_count is None or not denominator:
        return None
    return shown_count / denominator * per
