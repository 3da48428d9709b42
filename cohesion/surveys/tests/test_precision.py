"""Survey estimates are never written finer than their base supports: "100.00%" from 11 people is not."""

from __future__ import annotations

from typing import Any

import pytest

from cohesion.surveys.calculations.precision import (
    SMALL_BASE,
    is_small_base,
    places_for,
    rounded_estimate,
)
from cohesion.surveys.templatetags.survey_figures import mean_on, percent_on, small_base


@pytest.mark.parametrize("base, places", [(11, 0), (49, 0), (50, 1), (1200, 1), (None, 0)])
def test_a_small_base_gets_whole_percentages_and_a_larger_one_a_single_decimal(
    base: int | None, places: int
) -> None:
    assert places_for(base) == places
    assert places_for(base, mean=True) == places + 1
    assert is_small_base(base) == (places == 0)


def test_eleven_people_all_agreeing_is_written_100_not_100_point_00() -> None:
    assert rounded_estimate(100.0, 11) == 100
    assert isinstance(rounded_estimate(100.0, 11), int)
    assert percent_on(100.0, 11) == "100"
    assert small_base(11)


def test_the_rounding_at_the_boundary_of_a_small_base() -> None:
    assert SMALL_BASE == 50
    assert rounded_estimate(68.6549, SMALL_BASE - 1) == 69
    assert rounded_estimate(68.6549, SMALL_BASE) == 68.7
    assert percent_on(68.6549, SMALL_BASE) == "68.7"
    assert mean_on(3.14159, 400) == "3.14" and mean_on(3.14159, 20) == "3.1"
    assert rounded_estimate(None, 400) is None


def _two_decimals(text: str) -> list[str]:
    import re

    return re.findall(r"\b\d+\.\d\d%", text)


def test_the_results_page_shows_bases_marks_small_ones_and_never_two_decimals(
    filled_wave: Any, client_for: Any, amir: Any
) -> None:
    html = client_for(amir).get(f"/surveys/waves/{filled_wave.pk}/results/").content.decode()
    assert _two_decimals(html) == []
    small = [e for e in filled_wave.estimates.all() if not e.suppressed and e.base < SMALL_BASE]
    if small:
        assert "(small base)" in html


def test_the_downloads_round_to_the_base_and_say_which_bases_are_small(
    filled_wave: Any, client_for: Any, amir: Any
) -> None:
    data = client_for(amir).get(f"/surveys/waves/{filled_wave.pk}/results.json").json()
    shown = [r for r in data["estimates"] if not r["suppressed"]]
    assert shown
    for row in shown:
        assert row["small_base"] == (row["base"] < SMALL_BASE)
        places = places_for(row["base"], mean=row["statistic"] == "mean")
        for name in ("estimate", "lower", "upper"):
            assert row[name] == round(row[name], places)
    header = client_for(amir).get(f"/surveys/waves/{filled_wave.pk}/results.csv").content
    assert b"small_base" in header.splitlines()[0]


def test_the_survey_map_draws_no_class_finer_than_the_estimates_intervals() -> None:
    from cohesion.surveys.views.results import _supported_breaks

    values = [40.0, 45.0, 50.0, 70.0, 90.0]
    # Intervals about 20 points wide: a break between 40 and 45 would show noise as two colours.
    wide = [(v - 10, v + 10) for v in values]
    assert _supported_breaks(values, [42.0, 47.0, 60.0, 80.0], wide) == [60.0]
    narrow = [(v - 1, v + 1) for v in values]
    assert _supported_breaks(values, [42.0, 47.0, 60.0, 80.0], narrow) == [42.0, 47.0, 60.0, 80.0]
