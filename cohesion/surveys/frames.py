"""A wave's complete responses as arrays, the shape weighting and estimation work on."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from cohesion.surveys.choices import ResponseStatus
from cohesion.surveys.models import Response, Wave

ObjectArray = NDArray[np.object_]


@dataclass(frozen=True)
class ResponseFrame:
    """One entry per complete response, in response id order.

    Demographics are answer codes ("" when not answered); ``answers`` maps each
    question code to an array of answer codes (``None`` when not answered).
    """

    ids: NDArray[np.int64]
    ward: ObjectArray
    age_band: ObjectArray
    sex: ObjectArray
    ethnic_group: ObjectArray
    tenure: ObjectArray
    answers: dict[str, ObjectArray]
    weights: NDArray[np.float64] | None = None

    @property
    def n(self) -> int:
        return int(self.ids.size)

    def column(self, name: str) -> ObjectArray:
        value = getattr(self, name)
        assert isinstance(value, np.ndarray)
        return value


def load_frame(wave: Wave, question_codes: list[str] | None = None) -> ResponseFrame:
    """Read the wave's complete responses (with their weights, when weighted)."""
    rows = list(
        Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETE)
        .order_by("id")
        .values_list(
            "id", "ward__code", "age_band", "sex", "ethnic_group", "tenure", "answers", "weight"
        )
    )
    n = len(rows)

    def column(index: int) -> ObjectArray:
        out = np.empty(n, dtype=object)
        out[:] = [row[index] or "" for row in rows]
        return out

    codes = question_codes
    if codes is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row[6]))
        codes = list(seen)
    answers: dict[str, ObjectArray] = {}
    for code in codes:
        values = np.empty(n, dtype=object)
        values[:] = [row[6].get(code) for row in rows]
        answers[code] = values
    weights = None
    if n and all(row[7] is not None for row in rows):
        weights = np.array([row[7] for row in rows], dtype=np.float64)
    return ResponseFrame(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        ward=column(1),
        age_band=column(2),
        sex=column(3),
        ethnic_group=column(4),
        tenure=column(5),
        answers=answers,
        weights=weights,
    )
