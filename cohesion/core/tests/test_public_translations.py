"""Every public page in every site language, Welsh included (the Welsh Language Standards).

The texts are read out of the public templates and the modules only public pages use
(cohesion/testing/translations.py), so a sentence added to a public page without a
translation fails here, naming the sentence and the language.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from cohesion.testing.translations import public_texts, template_texts, untranslated

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_text_on_the_public_pages_is_translated(language: str) -> None:
    missing = untranslated(language, public_texts())
    assert missing == [], f"{len(missing)} public texts have no {language} translation"


def test_the_check_reads_the_layout_and_includes_and_notices_a_missing_text() -> None:
    texts = template_texts("tensions/public/report_form.html")
    assert "Skip to main content" in texts  # from base.html, which the form extends
    assert "If you or someone else is in immediate danger, call 999." in texts  # an include
    assert "You have %%{count} characters remaining" in texts  # as the tag looks it up
    assert untranslated("cy", {"A sentence nobody has translated", "Page not found"}) == [
        "A sentence nobody has translated"
    ]


def test_welsh_comes_second_in_the_site_languages_and_in_the_report_forms_switcher() -> None:
    assert [code for code, _name in settings.LANGUAGES] == ["en", "cy", "pl", "ar"]
    html = Client().get(reverse("tensions-public-report")).content.decode()
    switcher = html.split('cohesion-language-switcher"')[1].split("</nav>")[0]
    # The form's switcher sends what was typed with the chosen language (nothing is saved).
    assert (
        '<button type="submit" form="report-form" name="switch_language" value="cy" formnovalidate'
        in switcher
    )
    assert 'lang="cy">Cymraeg</button>' in switcher
    assert switcher.index("English") < switcher.index("Cymraeg") < switcher.index("Polski")


def test_the_report_form_reads_in_welsh_and_remembers_the_choice() -> None:
    client = Client()
    response = client.get(reverse("tensions-public-report"), {"lang": "cy"})
    html = response.content.decode()
    assert '<html lang="cy" dir="ltr"' in html
    for welsh in (
        "Rhoi gwybod am ddigwyddiad casineb neu densiwn cymunedol",
        "Neidio i’r prif gynnwys",
        "Am beth ydych chi eisiau rhoi gwybod?",
        "Os ydych chi neu rywun arall mewn perygl uniongyrchol, ffoniwch 999.",
        "Anfon adroddiad",
    ):
        assert welsh in html, welsh
    assert "Send report" not in html and "What happened?" not in html
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    refused = client.post(reverse("tensions-public-report"), {"description": ""}).content.decode()
    assert "Mae problem gyda’ch adroddiad" in refused
    assert "Dewiswch am beth rydych chi eisiau rhoi gwybod." in refused


def test_the_directory_search_reads_in_welsh_for_a_browser_asking_for_it() -> None:
    html = (
        Client()
        .get(reverse("directory-search"), {"need": "esol"}, HTTP_ACCEPT_LANGUAGE="cy")
        .content.decode()
    )
    assert '<html lang="cy" dir="ltr"' in html
    for welsh in ("Dod o hyd i gymorth lleol", "Beth sydd ei angen arnoch chi?", "Chwilio"):
        assert welsh in html, welsh
    assert "Dosbarthiadau ESOL" in html or "ESOL: Saesneg i siaradwyr ieithoedd eraill" in html
    assert "Find local support" not in html


def test_a_page_not_found_reads_in_welsh() -> None:
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="cy")
    html = response.content.decode()
    assert response.status_code == 404 and '<html lang="cy"' in html
    assert "Heb ddod o hyd i’r dudalen" in html and "Page not found" not in html


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/tensions/public/", "Adroddiadau am ddigwyddiadau casineb a thensiwn cymunedol"),
        ("/events/", "Digwyddiadau cymunedol"),
    ],
)
def test_the_public_counts_and_events_pages_read_in_welsh(url: str, heading: str) -> None:
    html = Client().get(url, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy"' in html and heading in html
    assert "Neidio i’r prif gynnwys" in html and "Skip to main content" not in html
