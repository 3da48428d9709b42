"""Every public directory page, and the signposting page, in Arabic (right to left), Polish and Welsh.

Each page is rendered with the browser asking for the language, and no English
sentence of the directory's templates may remain in it: the test reads the
``{% translate %}`` and ``{% blocktranslate %}`` texts out of the templates
themselves, so a sentence added later without a translation fails here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from cohesion.directory import views
from cohesion.directory.demo import create_demo_directory
from cohesion.directory.models import Attribute, Language, Schedule, Signpost
from cohesion.directory.taxonomy import stable_id
from cohesion.directory.tests.factories import ServiceAtLocationFactory
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "directory"
NORTH_ORMESBY = (54.5686, -1.2190)
HEADINGS = {
    "ar": "ابحث عن دعم محلي",
    "pl": "Znajdź lokalne wsparcie",
    "cy": "Dod o hyd i gymorth lleol",
}
# Texts that read the same in every language.
SAME_EVERYWHERE = {"CSV", "JSON"}
# Words a language spells as English does ("ward" is Welsh too).
SAME_IN = {"cy": {"Ward"}}


def english_texts(template: str) -> set[str]:
    """The English texts a template marks for translation, cut at its placeholders."""
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    texts = set(re.findall(r"""{% translate (?:"([^"]+)"|'([^']+)')""", source))
    found = {a or b for a, b in texts}
    for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", source, re.S):
        found.update(re.split(r"{{[^}]*}}|{% plural %}", body))
    return {t.strip(" .:") for t in found if len(t.strip(" .:")) > 2} - SAME_EVERYWHERE


def left_in_english(html: str, templates: list[str]) -> list[str]:
    page = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    # What a person reads or hears: the text between tags and the labels given to screen readers.
    labels = re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', page)
    visible = " ".join([re.sub(r"<[^>]+>", " ", page), *labels])
    language = re.search(r'<html lang="([^"]+)"', html)
    same = SAME_IN.get(language.group(1) if language else "", set())
    return sorted(
        text
        for template in templates
        for text in english_texts(template) - same
        if re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", visible)
    )


@pytest.fixture
def services() -> list:
    """25 ESOL classes in North Ormesby on Tuesdays (more than one page), one with a phone."""
    made = []
    for n in range(25):
        at = ServiceAtLocationFactory(
            service__name=f"Klub ESOL {n:02d}",
            service__minimum_age=16,
            service__maximum_age=99,
            service__email=f"klub{n}@example.org",
            service__synthetic=True,
            location__latitude=NORTH_ORMESBY[0],
            location__longitude=NORTH_ORMESBY[1],
        )
        Attribute.objects.create(
            service=at.service, taxonomy_term_id=stable_id("esol"), link_type="need"
        )
        Language.objects.create(service=at.service, code="ar", name="Arabic")
        Schedule.objects.create(
            service_at_location=at,
            freq="WEEKLY",
            byday="TU",
            opens_at=dt.time(10),
            closes_at=dt.time(12),
        )
        made.append(at.service)
    return made


def _get(client: Client, language: str, url: str, **params: object) -> str:
    page = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code in (200, 400, 404), (url, page.status_code)
    html = page.content.decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    return html


@pytest.mark.parametrize("language", ["ar", "pl", "cy"])
def test_search_results_print_and_service_pages_leave_no_english(
    language: str, services: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    search = reverse("directory-search")
    asked = {"need": "esol", "where": "North Ormesby", "within": "3", "day": "TU", "age": "30"}
    pages = {
        "empty form": _get(client, language, search),
        "first page": _get(client, language, search, **asked),
        "second page": _get(client, language, search, **asked, page="2"),
        "nothing found": _get(client, language, search, need="volunteering"),
        "bad place": _get(client, language, search, where="Atlantis"),
    }
    assert HEADINGS[language] in pages["first page"]
    english = client.get(search, {**asked, "page": "2"}, HTTP_ACCEPT_LANGUAGE="en")
    assert {"Previous", "Download", "Free", "Demo entry"} <= set(
        left_in_english(english.content.decode(), ["search.html", "_result.html"])
    )  # what the check finds when a page is left in English
    assert "Klub ESOL 00" in pages["first page"] and "Klub ESOL 24" in pages["second page"]
    for name, html in pages.items():
        assert left_in_english(html, ["search.html", "_result.html"]) == [], name

    monkeypatch.setattr(views, "PRINT_LIMIT", 5)  # to show the "only the first" line
    printed = _get(client, language, reverse("directory-print"), **asked)
    assert "Klub ESOL 00" in printed
    assert left_in_english(printed, ["print.html"]) == []
    assert (
        left_in_english(_get(client, language, reverse("directory-print"), age="x"), ["print.html"])
        == []
    )

    service = _get(client, language, reverse("directory-service", args=[services[0].pk]))
    assert "Klub ESOL 00" in service
    assert left_in_english(service, ["service.html"]) == []
    assert "Arabic" not in service  # the language it is given in is named in the reader's


@pytest.mark.parametrize("language", ["ar", "pl", "cy"])
def test_need_against_provision_pages_leave_no_english(language: str) -> None:
    create_demo_directory(say=lambda _text: None)
    client = Client()
    html = _get(client, language, reverse("directory-need", args=["E06000002", "youth"]))
    assert "North Ormesby" in html
    assert left_in_english(html, ["need.html"]) == []
    assert "Luo and Wang" not in html  # the method is stated in the reader's language
    missing = _get(client, language, reverse("directory-need", args=["E06000002", "esol"]))
    assert left_in_english(missing, ["need_missing.html"]) == []
    assert "load the indicators" not in missing


@pytest.mark.parametrize("language", ["ar", "pl", "cy"])
def test_the_signposting_page_leaves_no_english(language: str, client_for, carol) -> None:
    from cohesion.accounts.models import Organisation

    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    case = ReportFactory(channel="reporting_centre", entered_by_organisation=hub)
    at = ServiceAtLocationFactory(service__name="Klub ESOL")
    Signpost.objects.create(report=case, service=at.service, kind="signpost", by=carol)
    client = client_for(carol)
    html = _get(client, language, reverse("directory-signpost", args=[case.reference]))
    assert "Klub ESOL" in html
    assert left_in_english(html, ["signpost.html"]) == []
    refused = client.post(
        reverse("directory-signpost", args=[case.reference]),
        {"service": at.service.pk, "kind": "referral"},
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    assert "A referral needs the person's consent" not in refused


@pytest.mark.parametrize("language", ["ar", "pl", "cy"])
def test_the_signpost_counts_page_leaves_no_english(language: str, client_for, amir) -> None:
    at = ServiceAtLocationFactory(service__name="Klub ESOL")
    Signpost.objects.create(report=ReportFactory(), service=at.service, kind="signpost")
    url = reverse("directory-signpost-counts", args=["E06000002"])
    html = _get(client_for(amir), language, url)
    assert "Klub ESOL" in html and "disclosure-note" in html
    assert left_in_english(html, ["signpost_counts.html"]) == []
    refused = _get(client_for(amir), language, url, months="5")
    assert left_in_english(refused, ["signpost_counts.html"]) == []
    assert "Choose a period" not in refused
