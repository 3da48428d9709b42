"""How precisely a survey estimate may be written, given how many people answered.

A percentage from a sample carries a sampling error that grows as the base shrinks:
for a proportion near one half the 95 % margin is about ``1.96 * sqrt(0.25 / n)``,
some ±14 percentage points at n = 50 and ±31 at n = 10 (before any design effect).
Printing "100.00%" from 11 people claims a precision of a hundredth of a point where
the data support nothing finer than tens of points. So, following the Government
Statistical Service's guidance that figures be rounded to a precision the uncertainty
supports (GSS Good Practice Team, *Communicating quality, uncertainty and change*, 2018)
and the ONS practice of flagging survey estimates that rest on small unweighted bases
as less reliable:

* every estimate is shown with its **unweighted base** (the people who answered);
* percentages are written to **one decimal place** at most, and to **whole numbers**
  on a **small base** (fewer than :data:`SMALL_BASE` people), marked as such;
* never two decimal places;
* estimates on bases below the disclosure threshold are not shown at all: that is
  decided elsewhere, through the disclosure-control module
  (:func:`cohesion.surveys.estimates.mark_suppressed`).

Mean scores (1 to 5) follow the same rule one place finer, since their unit is larger.
"""

from __future__ import annotations

SMALL_BASE = 50  # fewer people than this answered: whole percentages, and a "small base" marker
PERCENT_PLACES = 1  # the most decimal places any survey percentage is written with
MEAN_PLACES = 2  # the most decimal places a mean score (1 to 5) is written with


def is_small_base(base: int | None) -> bool:
    """True when fewer than :data:`SMALL_BASE` people answered (an unknown base counts as small)."""
    return base is None or base < SMALL_BASE


def places_for(base: int | None, *, mean: bool = False) -> int:
    """Decimal places to write an estimate on ``base`` respondents with: 1 for a percentage
    (2 for a mean score), one fewer on a small base."""
    most = MEAN_PLACES if mean else PERCENT_PLACES
    return most - 1 if is_small_base(base) else most


def rounded_estimate(value: float | None, base: int | None, *, mean: bool = False) -> float | None:
    """``value`` rounded as :func:`places_for` says (None stays None); a whole number is an int."""
    if value is None:
        return None
    places = places_for(base, mean=mean)
    result = round(float(value), places)
    return int(result) if places == 0 else result
