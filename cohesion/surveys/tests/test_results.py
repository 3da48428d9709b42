"""The results dashboard and its twins: estimates by ward and group, suppression, downloads, the map and the methods note."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

pytestmark = pytest.mark.django_db

NEWPORT = "E05009866"


def _estimate(wave, **lookup):
    return wave.estimates.get(**lookup)


def test_every_question_has_a_headline_by_area_ward_and_group_with_intervals(filled_wave):
    from cohesion.surveys.frames import load_frame

    headline = _estimate(
        filled_wave, question_code="safe_day", statistic="headline", domain_kind="all"
    )
    # Independently: the weighted share of in-base answers that are very or fairly safe.
    frame = load_frame(filled_wave, ["safe_day"])
    answers = frame.answers["safe_day"]
    in_base = np.array(
        [
            a in ("very_safe", "fairly_safe", "a_bit_unsafe", "very_unsafe", "never_go_out")
            for a in answers
        ]
    )
    safe = np.array([a in ("very_safe", "fairly_safe") for a in answers])
    w = frame.weights
    assert headline.estimate == pytest.approx(100 * w[safe].sum() / w[in_base].sum(), rel=1e-12)
    assert headline.base == in_base.sum()
    assert headline.weighted_base == pytest.approx(w[in_base].sum())
    assert headline.lower < headline.estimate < headline.upper
    kinds = set(
        filled_wave.estimates.filter(question_code="safe_day", statistic="headline").values_list(
            "domain_kind", flat=True
        )
    )
    assert kinds == {"all", "ward", "age_band", "sex", "ethnic_group", "tenure"}
    options = filled_wave.estimates.filter(
        question_code="safe_day", statistic="option", domain_kind="all"
    )
    assert sum(o.estimate for o in options) == pytest.approx(100.0)
    assert {o.option_code for o in options} == {
        "very_safe",
        "fairly_safe",
        "a_bit_unsafe",
        "very_unsafe",
        "never_go_out",
    }
    mean = _estimate(filled_wave, question_code="safe_day", statistic="mean", domain_kind="all")
    assert 1 <= mean.lower < mean.estimate < mean.upper <= 4


def test_groups_below_the_threshold_are_suppressed_everywhere(filled_wave, client_for, alice):
    survey = filled_wave.survey
    survey.suppression_threshold = 70
    survey.save()
    from cohesion.surveys.weighting import weight_wave

    assert weight_wave(filled_wave).ok
    small = filled_wave.estimates.filter(
        statistic="headline", domain_kind="age_band", suppressed=True
    )
    assert small.exists()
    assert not filled_wave.estimates.filter(base__lt=70, suppressed=False).exists()
    client = client_for(alice)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/surveys/waves/{filled_wave.pk}/results.csv").content.decode())
        )
    )
    hidden = [r for r in rows if r["suppressed"] == "True"]
    # The base of a hidden group is hidden too: it would give the group away.
    assert hidden and all(
        r["estimate"] == "" and r["lower"] == "" and r["base"] == "" for r in hidden
    )
    data = client.get(f"/surveys/waves/{filled_wave.pk}/results.json").json()
    assert all(r["estimate"] is None for r in data["estimates"] if r["suppressed"])
    assert data["suppression_threshold"] == 70


def test_the_dashboard_has_a_chart_per_question_a_ward_map_with_a_table_and_a_methods_note(
    filled_wave, client_for, amir
):
    body = client_for(amir).get(f"/surveys/waves/{filled_wave.pk}/results/").content.decode()
    assert body.count('<svg class="cohesion-chart"') == 19
    assert (
        'id="chart-safe_after_dark"' in body and '<title id="chart-safe_after_dark-title">' in body
    )
    assert 'id="survey-map"' in body and 'id="map-table"' in body
    assert "js/area-map.js" in body and "vendor/leaflet.js" in body
    assert "How these figures were made" in body
    assert "raking (iterative proportional fitting" in body
    assert "design effect due to weighting (Kish)" in body
    assert 'id="margin-ward"' in body
    for link in ("results.csv", "results.xlsx", "results.json"):
        assert link in body
    other = client_for(amir).get(
        f"/surveys/waves/{filled_wave.pk}/results/?question=belong_neighbourhood"
    )
    assert '<option value="belong_neighbourhood" selected>' in other.content.decode()


def test_the_map_geojson_has_each_ward_with_its_estimate_and_colour(filled_wave, client_for, amir):
    response = client_for(amir).get(
        f"/surveys/waves/{filled_wave.pk}/map.geojson?question=safe_day"
    )
    assert response["Content-Type"] == "application/geo+json"
    features = response.json()["features"]
    assert {f["properties"]["code"] for f in features} == {NEWPORT, "E05009867"}
    newport = next(f for f in features if f["properties"]["code"] == NEWPORT)
    expected = _estimate(
        filled_wave, question_code="safe_day", statistic="headline", domain_code=NEWPORT
    )
    assert newport["properties"]["estimate"] == pytest.approx(expected.estimate, abs=0.05)
    assert newport["properties"]["colour"].startswith("#")
    assert newport["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_the_spreadsheet_has_the_estimates_the_weighting_and_the_methods_note(
    filled_wave, client_for, alice
):
    from openpyxl import load_workbook

    response = client_for(alice).get(f"/surveys/waves/{filled_wave.pk}/results.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["About", "Estimates", "England comparators", "Weighting"]
    estimates = list(workbook["Estimates"].iter_rows(values_only=True))
    assert estimates[0][:6] == (
        "survey",
        "wave",
        "period_start",
        "period_end",
        "question_code",
        "question",
    )
    assert len(estimates) - 1 == filled_wave.estimates.count()
    about = " ".join(str(r[0]) for r in workbook["About"].iter_rows(values_only=True) if r[0])
    assert "raking" in about
    weighting = list(workbook["Weighting"].iter_rows(values_only=True))
    assert {r[0] for r in weighting[1:]} == {"Ward (Census 2021 population)"}


def test_a_synthetic_survey_is_labelled_on_its_pages_and_downloads(filled_wave, client_for, alice):
    survey = filled_wave.survey
    survey.is_synthetic = True
    survey.save()
    client = client_for(alice)
    for address in (
        f"/surveys/{survey.pk}/",
        f"/surveys/waves/{filled_wave.pk}/",
        f"/surveys/waves/{filled_wave.pk}/results/",
    ):
        assert "cohesion-synthetic-label" in client.get(address).content.decode(), address
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/surveys/waves/{filled_wave.pk}/results.csv").content.decode())
        )
    )
    assert {r["synthetic"] for r in rows} == {"True"}
    assert client.get(f"/surveys/waves/{filled_wave.pk}/results.json").json()["synthetic"] is True


def test_wave_on_wave_change_is_shown_with_intervals_and_twins(
    filled_wave, make_wave, client_for, alice, shared_data
):
    import datetime as dt

    from cohesion.surveys.margins import population_tables
    from cohesion.surveys.specs import wave_questions
    from cohesion.surveys.synthetic import (
        add_responses,
        draw_answers,
        draw_demographics,
        ward_profile,
    )
    from cohesion.surveys.weighting import weight_wave

    later = make_wave(
        filled_wave.survey,
        name="March 2022",
        period_start=dt.date(2022, 3, 1),
        period_end=dt.date(2022, 3, 31),
    )
    rng = np.random.default_rng(3)
    tables = population_tables(shared_data)
    questions = [q for q in wave_questions(later) if not q.demographic_role]
    for ward in later.wards():
        demographics = draw_demographics(rng, ward_profile(tables, ward.code, "E06000002"), 80)
        answers = {
            q.code: draw_answers(rng, q, 80, np.full(80, 0.9 if q.code == "safe_day" else 0.6))
            for q in questions
        }
        add_responses(later, ward.code, demographics, answers, rng=rng, ref_prefix="L-")
    assert weight_wave(later, shared_data).ok
    client = client_for(alice)
    body = client.get(f"/surveys/waves/{later.pk}/change-since/{filled_wave.pk}/").content.decode()
    assert 'id="change-chart-safe_day"' in body
    table = body.split('id="change-safe_day"')[1].split("</table>")[0]
    assert 'data-significant="true"' in table
    rows = client.get(f"/surveys/waves/{later.pk}/change-since/{filled_wave.pk}.json").json()[
        "changes"
    ]
    overall = next(
        r
        for r in rows
        if r["question_code"] == "safe_day"
        and r["group_kind"] == "all"
        and r["statistic"] == "headline"
    )
    assert overall["change"] == pytest.approx(overall["later"] - overall["earlier"], abs=1e-3)
    assert overall["change_lower"] < overall["change"] < overall["change_upper"]
    assert overall["significant"] is True
    # The order of the two waves in the address does not matter.
    reverse = client.get(f"/surveys/waves/{filled_wave.pk}/change-since/{later.pk}.json").json()
    assert reverse["earlier"]["id"] == filled_wave.pk


def test_waves_of_different_surveys_cannot_be_compared(
    filled_wave, make_survey, make_wave, client_for, alice
):
    other = make_wave(make_survey(title="Another"))
    assert (
        client_for(alice)
        .get(f"/surveys/waves/{filled_wave.pk}/change-since/{other.pk}/")
        .status_code
        == 404
    )


def test_no_sheet_of_the_results_spreadsheet_runs_a_formula(locality_survey, make_wave):
    """Trust item 15: the survey results XLSX kept a formula typed into a title, in its About sheet."""
    from openpyxl import load_workbook

    from cohesion.surveys.exports import wave_workbook

    locality_survey.title = '=HYPERLINK("http://evil.example","Click")'
    locality_survey.save(update_fields=["title"])
    wave = make_wave(locality_survey, name="@SUM(1+1)")
    workbook = load_workbook(io.BytesIO(wave_workbook(wave)))
    cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert cells
    assert all(cell.data_type != "f" for cell in cells)
    assert all(not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    about = [c.value for c in workbook["About"]["A"] if c.value]
    assert about[0] == "'" + locality_survey.title
