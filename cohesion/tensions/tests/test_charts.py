"""The server-drawn weekly chart (cohesion/tensions/charts.py)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from cohesion.tensions.charts import series_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
WEEKS = [dt.date(2025, 9, 1) + dt.timedelta(weeks=i) for i in range(10)]


def _chart(**overrides: object) -> ET.Element:
    arguments: dict[str, object] = {
        "weeks": WEEKS,
        "counts": [0, 1, 0, 2, 1, 0, 1, 0, 9, 1],
        "thresholds": [None] * 7 + [3.2, 3.5, 7.1],
        "flagged": [False] * 8 + [True, False],
        "title": "North Ormesby: all reports",
    }
    arguments.update(overrides)
    return ET.fromstring(series_chart_svg(**arguments))  # type: ignore[arg-type]  # noqa: S314 - our own output


def test_the_chart_is_well_formed_svg_hidden_from_screen_readers_with_a_title() -> None:
    root = _chart()
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-hidden") == "true"
    assert root.find(f"{SVG}title").text == "North Ormesby: all reports"  # type: ignore[union-attr]


def test_each_week_with_reports_has_a_bar_and_flagged_weeks_are_marked() -> None:
    root = _chart()
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("height") and float(r.get("width", 0)) > 10]
    assert len(bars) == 6  # six weeks above zero
    flagged = [r for r in root.iter(f"{SVG}rect") if r.get("data-flagged") == "true"]
    assert len(flagged) == 1
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "cohesion-chart-flag"]) == 1
    description = root.find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert "Flagged weeks: 27 Oct 2025" in description  # type: ignore[operator]


def test_the_threshold_line_starts_where_the_method_has_enough_history() -> None:
    root = _chart()
    line = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "cohesion-chart-threshold")
    # One move to the first week with a threshold, then three level segments.
    assert line.get("d", "").count("M") == 1
    assert line.get("d", "").count("L") == 3 + 2


def test_text_in_titles_is_escaped() -> None:
    root = _chart(title="<script>alert(1)</script> & more")
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script> & more"  # type: ignore[union-attr]


def test_sequences_of_different_lengths_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="10 weeks but 9 counts"):
        series_chart_svg(WEEKS, [0] * 9, [None] * 10, [False] * 10, title="x")
