"""Middlesbrough's published locality survey figures, and synthetic waves that reproduce them.

Middlesbrough Council's locality working in Newport and North Ormesby ran a resident
survey every six months. Its published results for feeling safe outside (the percentage
feeling very or fairly safe) were:

==============  ==========  ==========  ==========
ward            Sept 2020   March 2021  Sept 2021
==============  ==========  ==========  ==========
Newport, day        31.18       35.49       68.65
Newport, dark        9.68       12.90       48.98
N. Ormesby, day     32.61       51.51       77.14
N. Ormesby, dark    13.04       21.21       31.42
==============  ==========  ==========  ==========

The individual responses are not public, so the demo and the tests build *synthetic*
responses whose unweighted percentages equal the published ones to two decimal places.
Each figure needs a base (respondents answering very/fairly safe, a bit/very unsafe or
"never go out") that can produce it: 31.18 % is 29 of 93, but 35.49 % needs at least 293
respondents. :data:`SAMPLE_SIZES` are the smallest ward samples for which both figures
of a ward and wave have a base of at least 85 % of the sample; the rest answered "Don't
know", which is outside the base.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"

WAVES = (
    ("September 2020", dt.date(2020, 9, 1), dt.date(2020, 9, 30)),
    ("March 2021", dt.date(2021, 3, 1), dt.date(2021, 3, 31)),
    ("September 2021", dt.date(2021, 9, 1), dt.date(2021, 9, 30)),
)

# (ward, question) -> published percentage in each wave.
PUBLISHED: dict[tuple[str, str], tuple[float, float, float]] = {
    (NEWPORT, "safe_day"): (31.18, 35.49, 68.65),
    (NEWPORT, "safe_after_dark"): (9.68, 12.90, 48.98),
    (NORTH_ORMESBY, "safe_day"): (32.61, 51.51, 77.14),
    (NORTH_ORMESBY, "safe_after_dark"): (13.04, 21.21, 31.42),
}

# Respondents per ward and wave.
SAMPLE_SIZES: dict[str, tuple[int, int, int]] = {
    NEWPORT: (93, 293, 196),
    NORTH_ORMESBY: (92, 299, 226),
}


def reproduces(percentage: float, base: int) -> int | None:
    """The count out of ``base`` that rounds to ``percentage`` (2 dp), or None."""
    count = round(percentage * base / 100)
    return count if round(100 * count / base, 2) == round(percentage, 2) else None


@dataclass(frozen=True)
class Counts:
    """How many of a ward's sample answered positively, in the base but not positively, and "Don't know"."""

    positive: int
    negative: int
    dont_know: int

    @property
    def base(self) -> int:
        return self.positive + self.negative


def counts_for(percentage: float, sample: int, minimum_share: float = 0.85) -> Counts:
    """The largest base within the sample that reproduces ``percentage`` exactly (to 2 dp)."""
    for base in range(sample, int(minimum_share * sample) - 1, -1):
        count = reproduces(percentage, base)
        if count is not None:
            return Counts(count, base - count, sample - base)
    raise ValueError(
        f"No base between {int(minimum_share * sample)} and {sample} gives {percentage:.2f} %."
    )


def seed_counts(ward: str, question: str, wave_index: int) -> Counts:
    return counts_for(PUBLISHED[(ward, question)][wave_index], SAMPLE_SIZES[ward][wave_index])
