"""In the priority ranking, ethnicity and migration measures count only when an officer opts in,
and then the page and its downloads carry a caveat."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from cohesion.indicators.calculations.ranking import IDENTITY_TOPICS, split_identity_measures
from cohesion.indicators.choices import Topic

RANKING = "/indicators/ranking/E06000002"
CRIME = "crime-anti-social-behaviour"
MIGRATION = "born-outside-uk"


def test_the_identity_topics_are_topics_the_measures_use() -> None:
    assert set(Topic.values) >= IDENTITY_TOPICS
    assert {"migration", "diversity"} <= IDENTITY_TOPICS
    assert not IDENTITY_TOPICS & {"crime", "deprivation", "language", "economy"}


def test_ethnicity_and_migration_measures_are_left_out_unless_included() -> None:
    topics = {"a": "crime", "b": "migration", "c": "diversity", "d": "deprivation"}
    assert split_identity_measures(["a", "b", "c", "d"], topics, include=False) == (
        ["a", "d"],
        ["b", "c"],
    )
    assert split_identity_measures(["a", "b"], topics, include=True) == (["a", "b"], [])


def _params(*codes: str, include: bool = False) -> str:
    query = "&".join(f"indicator={c}" for c in codes)
    return query + ("&include_identity=1" if include else "")


@pytest.mark.django_db
def test_by_default_a_migration_measure_does_not_count_and_the_page_says_so(
    indicator_data: Any, client: Any
) -> None:
    data = json.loads(client.get(f"{RANKING}.json?{_params(CRIME, MIGRATION)}").content)
    assert [m["code"] for m in data["measures"]] == [CRIME]
    assert data["left_out"] == [MIGRATION]
    assert data["caveat"] is None
    html = client.get(f"{RANKING}/?{_params(CRIME, MIGRATION)}").content.decode()
    assert 'id="ranking-left-out"' in html
    assert 'id="ranking-caveat"' not in html
    assert f'value="{MIGRATION}" checked' in html  # the choice is kept, for opting in
    assert 'id="include-identity" name="include_identity" type="checkbox" value="1" ' in html


@pytest.mark.django_db
def test_an_officer_who_opts_in_gets_the_measure_counted_with_a_caveat_everywhere(
    indicator_data: Any, client: Any
) -> None:
    query = _params(CRIME, MIGRATION, include=True)
    data = json.loads(client.get(f"{RANKING}.json?{query}").content)
    assert [m["code"] for m in data["measures"]] == [CRIME, MIGRATION]
    assert data["left_out"] == []
    assert "ethnicity or migration measures" in data["caveat"]
    assert all("caveat" not in ward for ward in data["wards"])
    html = client.get(f"{RANKING}/?{query}").content.decode()
    assert 'id="ranking-caveat"' in html and "never as a judgement" in html
    assert 'aria-describedby="include-identity-hint" checked' in html
    rows = list(csv.DictReader(io.StringIO(client.get(f"{RANKING}.csv?{query}").content.decode())))
    assert rows and all("ethnicity or migration measures" in row["caveat"] for row in rows)


@pytest.mark.django_db
def test_opting_in_without_an_identity_measure_adds_no_caveat(
    indicator_data: Any, client: Any
) -> None:
    data = json.loads(client.get(f"{RANKING}.json?{_params(CRIME, include=True)}").content)
    assert data["caveat"] is None
    header = client.get(f"{RANKING}.csv?{_params(CRIME, include=True)}").content.decode()
    assert "caveat" not in header.splitlines()[0]


@pytest.mark.django_db
def test_the_frozen_ranking_plans_keep_leaves_identity_measures_out_by_default(
    indicator_data: Any,
) -> None:
    from cohesion.indicators.queries import priority_ranking

    left = priority_ranking("E06000002", [CRIME, MIGRATION])
    assert [m["code"] for m in left["measures"]] == [CRIME]
    counted = priority_ranking("E06000002", [CRIME, MIGRATION], include_identity=True)
    assert {m["code"] for m in counted["measures"]} == {CRIME, MIGRATION}
