"""England's Community Life Survey figures beside local estimates, with their year and source."""

from __future__ import annotations

import csv
import io

import pytest

from cohesion.surveys.comparators import all_comparators, latest_by_question, parse_comparators


def test_the_comparator_file_pins_the_published_community_life_survey_figures() -> None:
    """Values as published by DCMS (gov.uk): 2020/21 Neighbourhood and Community headline
    measures; 2023/24 and 2024/25 Neighbourhood and community, section 1.1."""
    held = {(c.question_code, c.year): c.value for c in all_comparators()}
    assert held[("get_on_well_local", "2020/21")] == 83
    assert held[("satisfied_area", "2020/21")] == 79
    assert held[("belong_neighbourhood", "2023/24")] == 61
    assert held[("belong_neighbourhood", "2024/25")] == 62


def test_every_comparator_names_its_source_on_gov_uk_and_a_model_question() -> None:
    from cohesion.surveys.models import Question  # noqa: F401  (the codes are the bank's)

    codes = {"get_on_well_local", "belong_neighbourhood", "satisfied_area"}
    for c in all_comparators():
        assert c.question_code in codes
        assert c.source and "Community Life Survey" in c.source
        assert ".gov.uk/" in c.source_url or c.source_url.startswith("https://www.gov.uk/")


def test_the_latest_year_is_the_one_shown() -> None:
    latest = latest_by_question()
    assert (latest["belong_neighbourhood"].year, latest["belong_neighbourhood"].value) == (
        "2024/25",
        62,
    )
    assert latest["belong_neighbourhood"].label == "England 62% (Community Life Survey 2024/25)"


def test_a_comparator_row_without_a_source_is_refused() -> None:
    text = "question_code,measure,year,value,unit,source,source_url\nx,m,2023/24,50,percent,,\n"
    with pytest.raises(ValueError, match="row 2"):
        parse_comparators(io.StringIO(text))


@pytest.mark.django_db
def test_the_results_page_and_downloads_show_england_beside_the_local_headline(
    filled_wave, client_for, amir
) -> None:
    client = client_for(amir)
    page = client.get(f"/surveys/waves/{filled_wave.pk}/results/").content.decode()
    england = page.split('id="q-belong_neighbourhood-england"')[1].split("</p>")[0]
    assert "England: 62% (Community Life Survey 2024/25)" in england
    assert "community-life-survey-202425" in england
    assert 'id="q-safe_day-england"' not in page  # no verified national figure: none shown
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(f"/surveys/waves/{filled_wave.pk}/results.csv").content.decode())
        )
    )
    headline = next(
        r
        for r in rows
        if r["question_code"] == "belong_neighbourhood"
        and r["statistic"] == "headline"
        and r["group_kind"] == "all"
    )
    assert (headline["england"], headline["england_year"]) == ("62.0", "2024/25")
    ward = next(
        r
        for r in rows
        if r["question_code"] == "belong_neighbourhood" and r["group_kind"] == "ward"
    )
    assert ward["england"] == ""
    data = client.get(f"/surveys/waves/{filled_wave.pk}/results.json").json()
    assert any(c["year"] == "2024/25" for c in data["england_comparators"])
