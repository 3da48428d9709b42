"""Languages: the council's choice, the switcher on every page, half-filled forms, and staff's own language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings
from django.urls import reverse

from cohesion.accounts.queries import language_preference, set_language_preference
from cohesion.core.forms import parse_time_of_day
from cohesion.core.languages import council_languages, languages_with_messages
from cohesion.programme.models import Application
from cohesion.programme.tests.factories_grants import GrantRoundFactory
from cohesion.tensions.models import Report
from cohesion.tensions.tests.test_public_form import valid_post

REPORT = "/report/"
ENGLISH_AND_WELSH = [("en", "English"), ("cy", "Cymraeg")]


def _html_tag(page: str) -> str:
    return re.search(r"<html [^>]*>", page).group(0)  # type: ignore[union-attr]


# The council's languages ------------------------------------------------------------------


def test_cohesion_has_english_and_every_language_with_message_files_welsh_second() -> None:
    assert languages_with_messages(Path(settings.LOCALE_PATHS[0])) == ["en", "cy", "pl", "ar"]


def test_a_language_is_added_by_adding_its_message_files(tmp_path: Path) -> None:
    for code in ("cy", "uk", "ro"):
        (tmp_path / code / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / code / "LC_MESSAGES" / "django.po").write_text("")
    assert languages_with_messages(tmp_path) == ["en", "cy", "ro", "uk"]


def test_a_council_offers_the_languages_it_names_and_all_when_it_names_none() -> None:
    available = ["en", "cy", "pl", "ar"]
    assert council_languages(None, available) == available
    assert council_languages(["en", " CY", "en"], available) == ["en", "cy"]
    with pytest.raises(ImproperlyConfigured, match="no messages for 'fr'"):
        council_languages(["en", "fr"], available)
    with pytest.raises(ImproperlyConfigured):
        council_languages([], available)


# The switcher on every page ---------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_has_the_switcher_linking_to_the_same_page_with_its_query_kept() -> None:
    page = Client().get("/directory/", {"need": "esol"}).content.decode()
    switcher = page.split('cohesion-language-switcher"')[1].split("</nav>")[0]
    assert (
        '<span class="govuk-language-navigation__text" aria-current="true" lang="en">English</span>'
        in switcher
    )
    assert (
        '<a class="govuk-language-navigation__link" href="/directory/?need=esol&amp;lang=cy" '
        'rel="alternate" lang="cy" hreflang="cy">Cymraeg</a>'
    ) in switcher
    assert 'hreflang="ar">العربية</a>' in switcher


@pytest.mark.django_db
@override_settings(LANGUAGES=ENGLISH_AND_WELSH)
def test_the_switcher_offers_only_the_councils_languages_and_ignores_any_other() -> None:
    page = Client().get(REPORT, {"lang": "ar"}).content.decode()
    assert '<html lang="en-gb" dir="ltr"' in _html_tag(page) or 'lang="en' in _html_tag(page)
    assert 'dir="ltr"' in _html_tag(page)
    assert "Cymraeg" in page and "العربية" not in page and "Polski" not in page


# A half-filled form changes language ------------------------------------------------------


@pytest.mark.django_db
def test_switching_a_half_filled_report_to_welsh_keeps_it_shows_no_errors_and_sends_nothing() -> (
    None
):
    client = Client(REMOTE_ADDR="203.0.113.20")
    half = {
        "description": "Rhywun wedi paentio geiriau cas ar wal y mosg.",
        "location_text": "Charlotte Street",
        "submission": "a-submission-key-0123456789",
        "switch_language": "cy",
    }
    before = Report.objects.count()
    response = client.post(REPORT, half)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="cy"' in _html_tag(page)
    assert "Anfon adroddiad" in page  # the form, in Welsh
    assert "Rhywun wedi paentio geiriau cas ar wal y mosg." in page
    assert 'value="Charlotte Street"' in page
    assert "govuk-error-summary" not in page and "govuk-error-message" not in page
    assert Report.objects.count() == before
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"


@pytest.mark.django_db
def test_a_complete_report_sent_with_the_switcher_is_not_sent() -> None:
    before = Report.objects.count()
    response = Client(REMOTE_ADDR="203.0.113.21").post(REPORT, valid_post(switch_language="pl"))
    assert response.status_code == 200 and 'lang="pl"' in _html_tag(response.content.decode())
    assert Report.objects.count() == before


@pytest.mark.django_db
def test_switching_the_grant_details_keeps_them_and_stores_no_application() -> None:
    grant_round = GrantRoundFactory()
    url = reverse("programme-grants-apply", args=[grant_round.pk])
    response = Client().post(
        url,
        {
            "step": "details",
            "e-q0": "yes",
            "e-q1": "no",
            "organisation_name": "Gresham Residents Together",
            "project_title": "Street lunch",
            "switch_language": "cy",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'lang="cy"' in _html_tag(page)
    assert 'value="Gresham Residents Together"' in page and 'value="Street lunch"' in page
    assert 'name="e-q0" value="yes"' in page  # still on the details step
    assert "govuk-error-summary" not in page
    assert not Application.objects.exists()


# Staff's own language ---------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_reading_a_public_page_in_arabic_still_gets_english_staff_pages(
    client_for, alice
) -> None:
    set_language_preference(alice, "en")
    client = client_for(alice)
    public = client.get(REPORT, {"lang": "ar"})
    assert 'lang="ar" dir="rtl"' in _html_tag(public.content.decode())
    assert settings.LANGUAGE_COOKIE_NAME not in public.cookies
    staff = client.get(reverse("tensions-report-list")).content.decode()
    assert 'dir="ltr"' in _html_tag(staff) and 'lang="en' in _html_tag(staff)
    assert language_preference(alice) == "en"


@pytest.mark.django_db
def test_a_residents_arabic_cookie_in_a_shared_browser_does_not_turn_staff_pages_right_to_left(
    client_for, alice
) -> None:
    client = client_for(alice)  # no language chosen: the site's default
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    staff = client.get(reverse("tensions-report-list")).content.decode()
    assert 'dir="ltr"' in _html_tag(staff) and 'lang="en' in _html_tag(staff)
    # A resident in the same browser still reads Arabic.
    resident = Client()
    resident.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert 'dir="rtl"' in _html_tag(resident.get(REPORT).content.decode())


@pytest.mark.django_db
def test_an_officer_chooses_welsh_on_her_account_page_and_every_page_follows(
    client_for, alice
) -> None:
    client = client_for(alice)
    form = client.get(reverse("accounts-profile-language")).content.decode()
    assert 'name="language"' in form and "Cymraeg" in form
    sent = client.post(reverse("accounts-profile-language"), {"language": "cy"})
    assert sent.status_code == 302 and sent["Location"] == reverse("accounts-profile")
    assert language_preference(alice) == "cy"
    profile = client.get(reverse("accounts-profile")).content.decode()
    assert 'lang="cy"' in _html_tag(profile) and "Cymraeg" in profile
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert 'lang="cy"' in _html_tag(client.get(reverse("tensions-report-list")).content.decode())
    # A later sign-in finds the choice again.
    again = client_for(alice)
    assert 'lang="cy"' in _html_tag(again.get(reverse("tensions-report-list")).content.decode())


@pytest.mark.django_db
def test_a_language_the_council_does_not_offer_is_refused_on_the_account_page(
    client_for, alice
) -> None:
    response = client_for(alice).post(reverse("accounts-profile-language"), {"language": "fr"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert language_preference(alice) == ""


@pytest.mark.django_db
def test_a_residents_choice_is_remembered_for_the_next_pages() -> None:
    client = Client()
    response = client.get("/directory/", {"lang": "cy"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    assert 'lang="cy"' in _html_tag(client.get(REPORT).content.decode())


# Times on either clock --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("14:30", dt.time(14, 30)),
        ("14.30", dt.time(14, 30)),
        ("2:30pm", dt.time(14, 30)),
        ("2.30 p.m.", dt.time(14, 30)),
        ("9pm", dt.time(21, 0)),
        ("12am", dt.time(0, 0)),
        ("12:15 PM", dt.time(12, 15)),
        ("00:05", dt.time(0, 5)),
    ],
)
def test_a_time_is_understood_on_the_24_hour_and_the_12_hour_clock(
    typed: str, time: dt.time
) -> None:
    assert parse_time_of_day(typed) == time


@pytest.mark.parametrize("typed", ["9", "13pm", "24:00", "9:75", "half two", "0am"])
def test_what_is_not_a_time_is_refused(typed: str) -> None:
    assert parse_time_of_day(typed) is None


@pytest.mark.django_db
def test_the_report_forms_time_box_takes_a_12_hour_time_and_is_wide_enough_for_one() -> None:
    from cohesion.tensions.forms.public import PublicReportForm

    form = PublicReportForm(valid_post(occurred_time="9:30pm"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_time"] == dt.time(21, 30)
    assert "govuk-input--width-10" in str(form["occurred_time"])


def test_every_switcher_made_of_form_buttons_names_a_form_on_its_page() -> None:
    """A button whose ``form=`` names no form on the page sends nothing: the switch would do nothing."""
    from django.template.loader import get_template

    switcher = re.compile(r'_language_switcher\.html" with form_id="([^"]+)"')
    included = re.compile(r'{% include "([^"]+)"')

    def page_text(name: str) -> str:
        text = Path(get_template(name).origin.name).read_text()
        return text + "".join(
            page_text(inner)
            for inner in included.findall(text)
            if "_language_switcher" not in inner
        )

    root = Path(settings.PROJECT_DIR)
    checked = 0
    for template in root.glob("*/templates/**/*.html"):
        name = str(Path(*template.parts[template.parts.index("templates") + 1 :]))
        text = page_text(name)
        for form_id in switcher.findall(template.read_text()):
            checked += 1
            assert re.search(rf'<form\b[^>]*\bid="{re.escape(form_id)}"', text), (
                f"{name}: its language switcher sends the form {form_id!r}, which the page does not have"
            )
    assert checked >= 5
