"""The interface other parts of Cohesion publish series through."""

from __future__ import annotations

import datetime as dt

import pytest

from cohesion.indicators.models import Dataset, Indicator, IndicatorValue
from cohesion.indicators.publish import IndicatorDataError, SeriesValue, publish_series

NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"
MIDDLESBROUGH = "E06000002"
WEEK = (dt.date(2025, 6, 2), dt.date(2025, 6, 8))
NEXT_WEEK = (dt.date(2025, 6, 9), dt.date(2025, 6, 15))


def _publish(values: list[SeriesValue], **overrides: object) -> int:
    arguments: dict[str, object] = {
        "indicator_code": "tension-reports-weekly",
        "title": "Tension reports per week",
        "unit": "count",
        "polarity": "higher_is_worse",
        "source": "tensions",
        "description": "Reports of community tension received in the week.",
        "values": values,
    }
    arguments.update(overrides)
    return publish_series(**arguments)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_publishing_a_series_creates_the_indicator_a_dataset_and_the_values() -> None:
    stored = _publish(
        [
            SeriesValue(NEWPORT, *WEEK, value=7),
            SeriesValue(NORTH_ORMESBY, *WEEK, value=2),
            SeriesValue(MIDDLESBROUGH, *WEEK, value=30, lower=25.0, upper=35.0),
        ]
    )
    assert stored == 3
    indicator = Indicator.objects.get(code="tension-reports-weekly")
    assert indicator.unit == "count"
    assert indicator.polarity == "higher_is_worse"
    assert indicator.levels == ["council", "ward"]
    dataset = Dataset.objects.get(source="tensions")
    assert dataset.kind == "published"
    assert dataset.values_count == 3
    assert (dataset.period_start, dataset.period_end) == WEEK
    council = IndicatorValue.objects.get(indicator=indicator, area_code=MIDDLESBROUGH)
    assert (council.value, council.lower, council.upper, council.area_level) == (
        30.0,
        25.0,
        35.0,
        "council",
    )


@pytest.mark.django_db
def test_publishing_again_replaces_only_the_given_areas_and_periods() -> None:
    _publish([SeriesValue(NEWPORT, *WEEK, value=7), SeriesValue(NORTH_ORMESBY, *WEEK, value=9)])
    stored = _publish(
        [SeriesValue(NEWPORT, *WEEK, value=8), SeriesValue(NEWPORT, *NEXT_WEEK, value=1)]
    )
    assert stored == 2
    values = {
        (v.area_code, v.period_start): v.value
        for v in IndicatorValue.objects.filter(indicator__code="tension-reports-weekly")
    }
    assert values == {
        (NEWPORT, WEEK[0]): 8.0,
        (NORTH_ORMESBY, WEEK[0]): 9.0,
        (NEWPORT, NEXT_WEEK[0]): 1.0,
    }
    assert Dataset.objects.filter(source="tensions").count() == 1
    assert Dataset.objects.get(source="tensions").values_count == 3


@pytest.mark.django_db
def test_counts_below_the_suppression_threshold_are_flagged(settings: object) -> None:
    settings.SUPPRESSION_THRESHOLD = 5  # type: ignore[attr-defined]
    _publish([SeriesValue(NEWPORT, *WEEK, value=4), SeriesValue(NORTH_ORMESBY, *WEEK, value=5)])
    flags = dict(
        IndicatorValue.objects.filter(indicator__code="tension-reports-weekly").values_list(
            "area_code", "suppressed"
        )
    )
    assert flags == {NEWPORT: True, NORTH_ORMESBY: False}


@pytest.mark.django_db
def test_survey_estimates_are_not_suppressed_for_being_small() -> None:
    publish_series(
        indicator_code="survey-get-on-well",
        title="People from different backgrounds get on well together",
        unit="percentage",
        polarity="higher_is_better",
        source="surveys",
        description="Weighted share who agree.",
        values=[SeriesValue(NEWPORT, *WEEK, value=3.0, lower=1.0, upper=6.0)],
    )
    value = IndicatorValue.objects.get(indicator__code="survey-get-on-well")
    assert value.suppressed is False
    assert value.value == 3.0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"unit": "people"}, "Unknown unit"),
        ({"polarity": "up"}, "Unknown polarity"),
        ({"indicator_code": "Tension Reports!"}, "must be lower-case"),
        ({"title": "  "}, "needs a title"),
        ({"values": [SeriesValue("E05999999", *WEEK, value=1)]}, "Unknown area code"),
        (
            {"values": [SeriesValue(NEWPORT, WEEK[1], WEEK[0], value=1)]},
            "ends",
        ),
        (
            {
                "values": [
                    SeriesValue(NEWPORT, *WEEK, value=1),
                    SeriesValue(NEWPORT, *WEEK, value=2),
                ]
            },
            "more than one value",
        ),
        ({"values": [SeriesValue(NEWPORT, *WEEK, value=float("inf"))]}, "infinite"),
    ],
)
def test_bad_series_are_refused_with_a_plain_message_and_nothing_saved(
    overrides: dict[str, object], message: str
) -> None:
    overrides = dict(overrides)
    values = overrides.pop("values", [SeriesValue(NEWPORT, *WEEK, value=1)])
    with pytest.raises(IndicatorDataError, match=message):
        _publish(values, **overrides)  # type: ignore[arg-type]
    assert not IndicatorValue.objects.filter(indicator__code="tension-reports-weekly").exists()
    assert not Dataset.objects.filter(source="tensions").exists()


@pytest.mark.django_db
def test_a_source_cannot_overwrite_an_indicator_fed_by_another_source() -> None:
    _publish([SeriesValue(NEWPORT, *WEEK, value=7)])
    with pytest.raises(IndicatorDataError, match="another source"):
        _publish([SeriesValue(NEWPORT, *WEEK, value=1)], source="surveys")
    assert IndicatorValue.objects.get(indicator__code="tension-reports-weekly").value == 7.0
