"""Case studies: anonymised text, with the consent of the people described, or not at all."""

from __future__ import annotations

from typing import Any

import pytest

from cohesion.packs.case_studies import identifying_details
from cohesion.packs.choices import PackKind
from cohesion.packs.forms import PackForm
from cohesion.packs.models import Pack

pytestmark = pytest.mark.django_db
MIDDLESBROUGH = "E06000002"
STORY = (
    "A mother new to Newport came to the orientation session, joined the ESOL class the week "
    "after and now volunteers at the conversation café."
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Write to her at amina.k@example.org", "an email address (amina.k@example.org)"),
        ("Call 07700 900123 after six", "a phone number (07700 900123)"),
        ("Ring +44 1642 245432", "a phone number (+44 1642 245432)"),
        ("They live near TS3 6AB", "a postcode (TS3 6AB)"),
        ("See case CHN-7K3Q-94XT", "a case reference (CHN-7K3Q-94XT)"),
    ],
)
def test_details_that_identify_someone_are_found(text: str, found: str) -> None:
    assert identifying_details(text) == [found]


def test_an_anonymised_account_has_nothing_to_find() -> None:
    assert identifying_details(STORY) == []
    assert identifying_details("In 2025 about 30 families came, 12 of them twice.") == []


def _form(user: Any, **extra: str) -> PackForm:
    data = {
        "kind": PackKind.SCRUTINY_UPDATE,
        "area": MIDDLESBROUGH,
        "period": "2025-Q3",
        "audience_kind": "public",
        "language": "en",
        **extra,
    }
    return PackForm(data, user=user)


def test_a_case_study_needs_consent_and_must_name_nobody(alice: Any) -> None:
    without_consent = _form(alice, case_study=STORY)
    assert not without_consent.is_valid()
    assert "agreed" in str(without_consent.errors["case_study_consent"])

    identifying = _form(
        alice, case_study=STORY + " Her number is 07700 900123.", case_study_consent="on"
    )
    assert not identifying.is_valid()
    assert "a phone number (07700 900123)" in str(identifying.errors["case_study"])

    good = _form(alice, case_study=STORY + "\n\nA second account.", case_study_consent="on")
    assert good.is_valid(), good.errors
    assert good.frame() == {
        "case_studies": [
            {"text": STORY, "consent": True},
            {"text": "A second account.", "consent": True},
        ]
    }


def test_the_case_studies_section_shows_consented_accounts_only(alice: Any) -> None:
    from cohesion.packs.case_studies import case_studies
    from cohesion.packs.contents import Audience, PackContext

    def built(frame: dict[str, Any]) -> list[str]:
        import datetime as dt

        context = PackContext(
            kind=PackKind.SCRUTINY_UPDATE,
            area_code=MIDDLESBROUGH,
            period_start=dt.date(2025, 7, 1),
            period_end=dt.date(2025, 9, 30),
            audience=Audience("public"),
            user=alice,
            options={"frame": frame},
        )
        return case_studies(context).paragraphs

    shown = built(
        {
            "case_studies": [
                {"text": STORY, "consent": True},
                {"text": "Unagreed.", "consent": False},
            ]
        }
    )
    assert shown[0] == STORY and "Unagreed." not in shown
    assert "consent" in shown[-1]
    assert built({}) == ["No case studies were added."]
    assert Pack.objects.count() == 0
