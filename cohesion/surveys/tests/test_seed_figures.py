"""Middlesbrough's published locality survey figures, reproduced end to end.

Synthetic waves (built by the same code as the demo) whose unweighted percentages equal
the published "feeling safe" figures for Newport and North Ormesby, September 2020 to
September 2021. Sample sizes per ward and wave (see cohesion.surveys.seed_figures):
Newport 93, 293 and 196; North Ormesby 92, 299 and 226 — the smallest samples in which
every published figure is an exact count to two decimal places. The survey is weighted
by ward only, as the published figures are ward percentages, so within a ward every
respondent has the same weight and the weighted figure is the unweighted one.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from cohesion.surveys.seed_figures import (
    NEWPORT,
    NORTH_ORMESBY,
    PUBLISHED,
    SAMPLE_SIZES,
    WAVES,
    counts_for,
    reproduces,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_waves(locality_survey, make_wave, shared_data):
    from cohesion.surveys.demo import fill_seed_ward
    from cohesion.surveys.margins import population_tables
    from cohesion.surveys.weighting import weight_wave

    tables = population_tables(shared_data)
    rng = np.random.default_rng(2020)
    waves = []
    for index, (name, start, end) in enumerate(WAVES):
        wave = make_wave(locality_survey, name=name, period_start=start, period_end=end)
        for ward in wave.wards():
            fill_seed_ward(wave, ward, index, tables, rng)
        assert weight_wave(wave, shared_data).ok
        waves.append(wave)
    return waves


def _ward_headline(wave, question, ward):
    return wave.estimates.get(
        question_code=question, statistic="headline", domain_kind="ward", domain_code=ward
    )


def test_every_published_figure_is_an_exact_count_of_the_stated_sample():
    assert SAMPLE_SIZES == {NEWPORT: (93, 293, 196), NORTH_ORMESBY: (92, 299, 226)}
    for (ward, _question), figures in PUBLISHED.items():
        for index, figure in enumerate(figures):
            counts = counts_for(figure, SAMPLE_SIZES[ward][index])
            assert round(100 * counts.positive / counts.base, 2) == figure
            assert counts.base >= 0.85 * SAMPLE_SIZES[ward][index]


def test_a_figure_that_no_count_of_the_base_gives_is_refused():
    assert reproduces(35.49, 93) is None  # 33/93 is 35.48 %
    with pytest.raises(ValueError, match="No base"):
        counts_for(35.49, 100, minimum_share=0.99)


def test_the_raw_responses_give_the_published_percentages_unweighted(seed_waves):
    for index, wave in enumerate(seed_waves):
        for (ward, question), figures in PUBLISHED.items():
            answers = [r.answers[question] for r in wave.responses.filter(ward__code=ward)]
            assert len(answers) == SAMPLE_SIZES[ward][index]
            base = [a for a in answers if a != "dont_know"]
            safe = [a for a in base if a in ("very_safe", "fairly_safe")]
            assert round(100 * len(safe) / len(base), 2) == figures[index]


def test_the_weighted_ward_estimates_equal_the_published_figures_to_two_places(seed_waves):
    for index, wave in enumerate(seed_waves):
        for (ward, question), figures in PUBLISHED.items():
            estimate = _ward_headline(wave, question, ward)
            assert round(estimate.estimate, 2) == figures[index], (wave.name, ward, question)
            assert not estimate.suppressed


def test_ward_intervals_match_the_stratified_formula_computed_by_hand(seed_waves):
    """With equal weights in a ward (a whole stratum), se = sqrt(p (1 - p) / (n - 1))."""
    wave = seed_waves[0]
    estimate = _ward_headline(wave, "safe_day", NEWPORT)
    p, n = 29 / 93, 93
    se = math.sqrt(p * (1 - p) / (n - 1))
    assert estimate.base == 93
    assert estimate.se == pytest.approx(100 * se, rel=1e-9)
    # The logit interval (R svyciprop) is asymmetric and inside 0-100.
    assert estimate.lower < 31.18 < estimate.upper
    assert (31.18 - estimate.lower) != pytest.approx(estimate.upper - 31.18)


def test_the_change_from_september_2020_to_september_2021_is_flagged_significant(seed_waves):
    from cohesion.surveys.estimates import compare_to

    first, _, last = seed_waves
    changes = {
        (c.domain_code, c.question_code): c
        for c in compare_to(first, last)
        if c.domain_kind == "ward" and c.statistic == "headline"
    }
    for (ward, question), figures in PUBLISHED.items():
        change = changes[(ward, question)]
        assert change.difference == pytest.approx(figures[2] - figures[0], abs=0.01)
        assert change.significant, (ward, question)
        assert change.lower > 0


def test_the_dashboard_shows_the_published_figures_and_the_significant_change(
    seed_waves, client_for, alice
):
    client = client_for(alice)
    for index, wave in enumerate(seed_waves):
        body = client.get(f"/surveys/waves/{wave.pk}/results/").content.decode()
        for (ward, question), figures in PUBLISHED.items():
            table = body.split(f'id="q-{question}-wards"')[1].split("</table>")[0]
            row = table.split(f'data-code="{ward}"')[1].split("</tr>")[0]
            # Shown to one decimal place on these bases of 50 or more (surveys.calculations.precision):
            # the published two-decimal figure rounds to one of its two neighbours at 0.05.
            shown = {f"{figures[index] - 0.05:.1f}%", f"{figures[index] + 0.049:.1f}%"}
            assert any(text in row for text in shown), (wave.name, ward, question, shown)
    first, _, last = seed_waves
    body = client.get(f"/surveys/waves/{last.pk}/change-since/{first.pk}/").content.decode()
    for ward in (NEWPORT, NORTH_ORMESBY):
        for question in ("safe_day", "safe_after_dark"):
            table = body.split(f'id="change-{question}"')[1].split("</table>")[0]
            row_start = table.index(f'data-code="{ward}"')
            row = table[row_start : table.index("</tr>", row_start)]
            assert 'data-significant="true"' in row
            assert "Significant" in row


def test_the_json_twin_carries_the_same_figures(seed_waves, client_for, alice):
    data = client_for(alice).get(f"/surveys/waves/{seed_waves[2].pk}/results.json").json()
    rows = [
        r
        for r in data["estimates"]
        if r["statistic"] == "headline"
        and r["group_kind"] == "ward"
        and r["question_code"] == "safe_day"
    ]
    by_ward = {r["group_code"]: r["estimate"] for r in rows}
    # One decimal place on bases of 50 or more (surveys.calculations.precision).
    assert by_ward[NEWPORT] == pytest.approx(68.65, abs=0.0501)
    assert by_ward[NORTH_ORMESBY] == pytest.approx(77.14, abs=0.0501)
    assert by_ward[NEWPORT] == round(by_ward[NEWPORT], 1)
    assert data["synthetic"] is False
