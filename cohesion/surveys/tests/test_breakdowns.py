"""Religion and long-term health condition as breakdowns of estimates (never weighted to)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _answer(wave, religion_for, disability_for):
    from cohesion.surveys.models import Response

    for i, response in enumerate(Response.objects.filter(wave=wave).order_by("pk")):
        response.answers = {
            **response.answers,
            "religion": religion_for(i),
            "disability": disability_for(i),
        }
        response.save(update_fields=["answers"])


def test_estimates_are_broken_down_by_religion_and_long_term_condition(
    filled_wave, client_for, amir
):
    from cohesion.surveys.weighting import weight_wave

    # 160 respondents: 100 Christian, 55 no religion, 5 Muslim (too few to show).
    _answer(
        filled_wave,
        lambda i: "christian" if i < 100 else ("no_religion" if i < 155 else "muslim"),
        lambda i: "yes" if i % 2 else "no",
    )
    outcome = weight_wave(filled_wave)
    assert outcome.ok, outcome.message
    headline = filled_wave.estimates.filter(question_code="safe_day", statistic="headline")
    religion = {e.domain_code: e for e in headline.filter(domain_kind="religion")}
    assert set(religion) == {"christian", "no_religion", "muslim"}
    # Bases count those who answered safe_day in base (don't know is outside it).
    assert 90 < religion["christian"].base <= 100 and not religion["christian"].suppressed
    assert religion["muslim"].suppressed
    # Secondary suppression: the hidden base cannot be worked out as the total less the rest.
    assert (
        sum(e.suppressed for e in religion.values()) >= 2
        or headline.get(domain_kind="all").suppressed
    )
    disability = {e.domain_code: e.base for e in headline.filter(domain_kind="disability")}
    assert set(disability) == {"yes", "no"}
    assert sum(disability.values()) == headline.get(domain_kind="all").base
    page = client_for(amir).get(f"/surveys/waves/{filled_wave.pk}/results/").content.decode()
    assert "With a long-term health condition" in page and "Christian" in page


def test_religion_and_disability_are_optional_and_not_weighting_margins(middlesbrough):
    from cohesion.surveys.demographics import required_demographic_codes
    from cohesion.surveys.models import Question

    questions = list(Question.objects.model_questions())
    required = required_demographic_codes(questions)
    assert {"age_band", "sex", "ward", "ethnic_group", "tenure"} <= required
    assert not {"religion", "disability"} & required
    religion = Question.objects.get(code="religion")
    assert religion.wording_in("cy") == "Beth yw eich crefydd?"
    assert "prefer_not_to_say" in {o["code"] for o in religion.scale.options}
