"""Checking population counts before an index is computed from them.

Every segregation and diversity calculation in Cohesion starts from counts of
people: small areas (output areas, LSOAs) by group (ethnic group, country of
birth...). Counts may be fractional, because some are estimated from published
percentages times a population, but they are never negative and never missing.
A negative or missing count is a loading error upstream, so it is refused with
a plain message instead of turning silently into a wrong index.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


class InvalidCountsError(ValueError):
    """Population counts that no index can be computed from (negative, missing, wrong shape)."""


def as_counts(values: ArrayLike, *, name: str, ndim: int) -> NDArray[np.float64]:
    """Return ``values`` as a float array of counts, or raise :class:`InvalidCountsError`.

    ``name`` is how the counts are called in the message ("group", "counts"...);
    ``ndim`` is the number of dimensions required: 1 for one count per small area,
    2 for small areas (rows) by groups (columns).

    Refused: anything that is not numeric, an array of the wrong shape, an array
    with no small areas, and any negative, missing (NaN) or infinite count.
    """
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidCountsError(f"The {name} counts must be numbers: {error}.") from error
    if array.ndim != ndim:
        shape = (
            "one count per small area" if ndim == 1 else "small areas in rows, groups in columns"
        )
        raise InvalidCountsError(
            f"The {name} counts must be a {ndim}-dimensional array ({shape}); "
            f"got shape {array.shape}."
        )
    if array.shape[0] == 0:
        raise InvalidCountsError(f"The {name} counts cover no small areas.")
    if ndim == 2 and array.shape[1] == 0:
        raise InvalidCountsError(f"The {name} counts have no groups (no columns).")
    if not np.isfinite(array).all():
        raise InvalidCountsError(
            f"The {name} counts contain missing (NaN) or infinite values; "
            "fill or drop those small areas before computing an index."
        )
    if (array < 0).any():
        raise InvalidCountsError(
            f"The {name} counts contain negative values; counts of people cannot be negative."
        )
    return array


def require_same_length(**arrays: NDArray[np.float64]) -> None:
    """Raise :class:`InvalidCountsError` unless every array has the same number of small areas."""
    lengths = {name: array.shape[0] for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {length}" for name, length in lengths.items())
        raise InvalidCountsError(f"The counts must cover the same small areas: {described}.")


def require_not_above(
    part: NDArray[np.float64], whole: NDArray[np.float64], *, part_name: str, whole_name: str
) -> None:
    """Raise :class:`InvalidCountsError` if a group count exceeds the total of its small area."""
    above = np.flatnonzero(part > whole)
    if above.size:
        first = int(above[0])
        raise InvalidCountsError(
            f"The {part_name} count exceeds the {whole_name} in {above.size} small area(s) "
            f"(first at row {first}: {part[first]:g} > {whole[first]:g})."
        )
