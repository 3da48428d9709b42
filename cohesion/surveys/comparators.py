"""National comparators: the Community Life Survey's headline figures for England.

``data/community_life_survey_england.csv`` holds, for the model questions whose
wording and headline match a published Community Life Survey measure, each
published figure with its survey year and the publication it was read from
(DCMS, Community Life Survey; gov.uk). Only figures read from those
publications are in the file; a measure with no verified figure has no row,
so no comparator is shown rather than a guessed one. The file is the citation:
every figure shown beside a local estimate carries its year and source.

England is an estimate from a national sample, so it is a context for a local
figure, not a target: the two come from different surveys, modes and years.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "community_life_survey_england.csv"
COLUMNS = ("question_code", "measure", "year", "value", "unit", "source", "source_url")


@dataclass(frozen=True)
class Comparator:
    """One published national figure for the headline of a model question."""

    question_code: str
    measure: str
    year: str
    value: float
    unit: str
    source: str
    source_url: str

    @property
    def label(self) -> str:
        """ "England 62% (Community Life Survey 2024/25)": what is shown beside a local estimate."""
        return f"England {self.value:g}% (Community Life Survey {self.year})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "question_code": self.question_code,
            "measure": self.measure,
            "year": self.year,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "source_url": self.source_url,
        }


def _year_key(year: str) -> tuple[int, str]:
    """Survey years such as 2023/24 sort by their first calendar year."""
    head = year.split("/")[0]
    return (int(head) if head.isdigit() else 0, year)


def parse_comparators(lines: Iterable[str]) -> list[Comparator]:
    """The rows of a comparator CSV; a missing column, value or source stops with the row number."""
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"Comparator file lacks the columns {', '.join(missing)}.")
    out = []
    for number, row in enumerate(reader, start=2):
        if not all((row.get(c) or "").strip() for c in COLUMNS):
            raise ValueError(f"Comparator file row {number} has an empty field.")
        value = float(row["value"])
        if not 0 <= value <= 100:
            raise ValueError(f"Comparator file row {number}: {value} is not a percentage.")
        out.append(Comparator(**{c: row[c].strip() for c in COLUMNS if c != "value"}, value=value))
    return out


@cache
def all_comparators(path: Path = DATA) -> tuple[Comparator, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(parse_comparators(handle))


def latest_by_question(comparators: Iterable[Comparator] | None = None) -> dict[str, Comparator]:
    """The most recent published figure for each question code."""
    latest: dict[str, Comparator] = {}
    for c in all_comparators() if comparators is None else comparators:
        held = latest.get(c.question_code)
        if held is None or _year_key(c.year) > _year_key(held.year):
            latest[c.question_code] = c
    return latest
