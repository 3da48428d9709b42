"""The demographic categories a survey asks for and weights by.

Answer codes here are the codes of the model demographic questions in the question bank
(``fixtures/question_bank.json``); the population margins in :mod:`cohesion.surveys.margins`
use the same codes, so a respondent's answer is the category it is weighted in.

Every demographic question offers "Prefer not to say". Such respondents are kept: in
weighting they form their own category whose target is their share of the sample, so
they keep their place while everyone else is fitted to the population (see
:func:`cohesion.surveys.weighting.build_margins`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cohesion.surveys.choices import DemographicRole, DomainKind

PREFER_NOT_TO_SAY = "prefer_not_to_say"

# Bands of the ONS mid-year small area population estimates (sape23dt2), adults only:
# the survey is of residents aged 16 and over.
AGE_BANDS = ("16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+")

# Census 2021 sex question (TS008): female or male.
SEXES = ("female", "male")

# Census 2021 ethnic group, five high-level groups (TS021), in the Census's own order.
ETHNIC_GROUPS = ("asian", "black", "mixed", "white", "other")
ETHNIC_GROUP_CENSUS_LABELS = {
    "Asian, Asian British or Asian Welsh": "asian",
    "Black, Black British, Black Welsh, Caribbean or African": "black",
    "Mixed or Multiple ethnic groups": "mixed",
    "White": "white",
    "Other ethnic group": "other",
}

# Census 2021 household tenure (TS054) collapsed to the four groups residents recognise.
TENURES = ("owned_outright", "owned_mortgage", "social_rented", "private_rented")
TENURE_CENSUS_LABELS = {
    "Owned: Owns outright": "owned_outright",
    "Owned: Owns with a mortgage or loan": "owned_mortgage",
    "Shared ownership: Shared ownership": "owned_mortgage",
    "Social rented: Rents from council or Local Authority": "social_rented",
    "Social rented: Other social rented": "social_rented",
    "Private rented: Private landlord or letting agency": "private_rented",
    "Private rented: Other private rented": "private_rented",
    "Lives rent free": "private_rented",
}

CATEGORIES: dict[str, tuple[str, ...]] = {
    DemographicRole.AGE_BAND: AGE_BANDS,
    DemographicRole.SEX: SEXES,
    DemographicRole.ETHNIC_GROUP: ETHNIC_GROUPS,
    DemographicRole.TENURE: TENURES,
}

# The question-bank codes of the model demographic questions.
DEMOGRAPHIC_QUESTION_CODES = {
    DemographicRole.AGE_BAND: "age_band",
    DemographicRole.SEX: "sex",
    DemographicRole.WARD: "ward",
    DemographicRole.ETHNIC_GROUP: "ethnic_group",
    DemographicRole.TENURE: "tenure",
}

# Asked only to break estimates down (never weighted to: no population margin is used), so they
# are optional in a questionnaire and read from the answers rather than a column of their own.
# Group estimates on few respondents are suppressed like every other group.
BREAKDOWN_ONLY_ROLES = (DemographicRole.RELIGION, DemographicRole.DISABILITY)
BREAKDOWN_QUESTION_CODES: dict[str, str] = {
    DomainKind.RELIGION: "religion",
    DomainKind.DISABILITY: "disability",
}
BREAKDOWN_LABELS = {
    "no_religion": "No religion",
    "christian": "Christian",
    "buddhist": "Buddhist",
    "hindu": "Hindu",
    "jewish": "Jewish",
    "muslim": "Muslim",
    "sikh": "Sikh",
    "other": "Any other religion",
    "yes": "With a long-term health condition",
    "no": "Without a long-term health condition",
    PREFER_NOT_TO_SAY: "Prefer not to say",
}


def required_demographic_codes(questions: Iterable[Any]) -> set[str]:
    """The codes of the demographic questions a questionnaire must ask: those weighting needs."""
    return {
        q.code
        for q in questions
        if q.demographic_role and q.demographic_role not in BREAKDOWN_ONLY_ROLES
    }
