"""The public report form at /report/: it accepts reports, and defends itself."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from cohesion.places.models import Area
from cohesion.tensions.models import Report, ReporterContact, ReportEvent
from cohesion.tensions.tests.factories_reports import MIDDLESBROUGH, NORTH_ORMESBY

URL = "/report/"


def valid_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "category": "hate_incident",
        "motivations": ["religion"],
        "description": "A man shouted at my sister because of her headscarf.",
        "occurred_on_0": "3",
        "occurred_on_1": "11",
        "occurred_on_2": str(timezone.localdate().year - 1),
        "location_text": "Outside the shop on Charlotte Street",
        "area": NORTH_ORMESBY,
        "reporter_role": "witness",
        "told_police": "no",
        "submission": "k" * 32,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def anonymous() -> Client:
    return Client(REMOTE_ADDR="203.0.113.9")


@pytest.mark.django_db
def test_the_form_offers_every_ward_and_a_somewhere_in_option_for_each_council(
    anonymous: Client,
) -> None:
    response = anonymous.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'value="{NORTH_ORMESBY}"' in html
    assert f'value="{MIDDLESBROUGH}"' in html  # "Somewhere in Middlesbrough"
    assert html.count('<option value="E05') == Area.objects.current("ward").count()
    assert 'name="website"' in html  # the honeypot is there, hidden
    assert 'name="submission"' in html


@pytest.mark.django_db
def test_a_valid_report_is_saved_with_its_ward_council_and_deadlines_and_the_reference_shown(
    anonymous: Client,
) -> None:
    response = anonymous.post(URL, follow=True, data=valid_post())
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.reference in response.content.decode()
    assert report.ward_code == NORTH_ORMESBY and report.council_code == MIDDLESBROUGH
    assert report.ward_name == "North Ormesby" and report.council_name == "Middlesbrough"
    assert report.location_source == "ward_list"
    assert report.motivations == ["religion"]
    assert report.channel == "public_online"
    assert report.status == "new"
    assert report.occurred_approximate  # a date without a time is approximate
    # Hate incidents: first contact in 24 hours, senior contact in 7 days (Rotherham).
    assert report.first_contact_due - report.created_at == dt.timedelta(hours=24)
    assert report.senior_contact_due.date() - timezone.localtime(
        report.created_at
    ).date() == dt.timedelta(days=7)
    assert ReportEvent.objects.filter(report=report, kind="created").count() == 1
    assert not ReporterContact.objects.exists()  # anonymous
    assert report.submitter_hash and "203.0.113.9" not in report.submitter_hash
    html = response.content.decode()
    assert "999" in html and "101" in html and "report-it.org.uk" in html


@pytest.mark.django_db
def test_submitting_the_same_form_twice_makes_one_report_and_shows_the_same_reference(
    anonymous: Client,
) -> None:
    first = anonymous.post(URL, follow=True, data=valid_post())
    second = anonymous.post(URL, follow=True, data=valid_post())
    assert Report.objects.count() == 1
    reference = Report.objects.get().reference
    assert reference in first.content.decode() and reference in second.content.decode()


@pytest.mark.django_db
def test_the_same_words_sent_again_from_a_fresh_form_are_still_one_report(
    anonymous: Client,
) -> None:
    anonymous.post(URL, follow=True, data=valid_post(submission="a" * 32))
    anonymous.post(URL, follow=True, data=valid_post(submission="b" * 32))
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_filled_honeypot_saves_nothing_and_says_so(anonymous: Client) -> None:
    response = anonymous.post(URL, follow=True, data=valid_post(website="http://spam.example"))
    assert response.status_code == 400
    assert not Report.objects.exists()
    assert "must be left empty" in response.content.decode()


@pytest.mark.django_db
@override_settings(REPORT_RATE_LIMIT_PER_HOUR=2)
def test_a_third_report_in_an_hour_from_one_address_is_refused_and_not_saved(
    anonymous: Client,
) -> None:
    for n in range(2):
        ok = anonymous.post(
            URL,
            follow=True,
            data=valid_post(submission=f"{n}" * 32, description=f"Report number {n}"),
        )
        assert ok.status_code == 200
    refused = anonymous.post(
        URL, follow=True, data=valid_post(submission="z" * 32, description="Report number 3")
    )
    assert refused.status_code == 429
    assert "Too many reports" in refused.content.decode()
    assert Report.objects.count() == 2
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.7").post(
        URL, follow=True, data=valid_post(submission="y" * 32, description="From elsewhere")
    )
    assert other.status_code == 200
    assert Report.objects.count() == 3


@pytest.mark.django_db
def test_a_resubmission_after_the_limit_still_shows_the_first_reference(anonymous: Client) -> None:
    with override_settings(REPORT_RATE_LIMIT_PER_HOUR=1):
        first = anonymous.post(URL, follow=True, data=valid_post())
        again = anonymous.post(URL, follow=True, data=valid_post())
    reference = Report.objects.get().reference
    assert reference in first.content.decode() and reference in again.content.decode()
    assert again.status_code == 200


@pytest.mark.django_db
def test_an_overlong_description_is_refused_with_a_plain_message_and_nothing_saved(
    anonymous: Client,
) -> None:
    response = anonymous.post(URL, follow=True, data=valid_post(description="x" * 5001))
    assert response.status_code == 400
    assert "5000 characters or fewer" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_huge_request_body_is_refused_before_it_is_read(anonymous: Client) -> None:
    response = anonymous.post(URL, follow=True, data=valid_post(location_text="y" * 300_000))
    assert response.status_code == 413
    assert "too long" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_missing_answers_give_friendly_errors_and_nothing_is_saved(anonymous: Client) -> None:
    response = anonymous.post(URL, follow=True, data={"submission": "q" * 32})
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem with your report" in html
    assert "Tell us what happened." in html
    assert "Choose what you want to report." in html
    assert "Choose the area where it happened, or mark it on the map." in html
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2024", "must be a real date"),
        ("1", "1", "2999", "today or in the past"),
        ("1", "", "2024", "must include a day, month and year"),
    ],
)
def test_bad_dates_are_explained_and_nothing_is_saved(
    anonymous: Client, day: str, month: str, year: str, message: str
) -> None:
    response = anonymous.post(
        URL,
        follow=True,
        data=valid_post(occurred_on_0=day, occurred_on_1=month, occurred_on_2=year),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_markup_in_a_report_is_shown_as_text_never_run(
    anonymous: Client, alice: Any, client_for: Any
) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    anonymous.post(URL, follow=True, data=valid_post(description=attack, location_text=attack))
    report = Report.objects.get()
    assert report.description == attack  # stored as given...
    html = client_for(alice).get(report.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html  # ...escaped on output
    assert "&lt;script&gt;alert" in html


@pytest.mark.django_db
def test_the_form_refuses_a_post_without_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    response = client.post(URL, follow=True, data=valid_post())
    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_point_on_the_map_places_the_report_in_the_ward_holding_it(anonymous: Client) -> None:
    ward = Area.objects.current("ward").get(code=NORTH_ORMESBY)
    from cohesion.places.spatial import polygon_from_geojson

    inside = polygon_from_geojson(ward.geometry).representative_point()
    response = anonymous.post(
        URL,
        follow=True,
        data=valid_post(area="", longitude=f"{inside.x:.6f}", latitude=f"{inside.y:.6f}"),
    )
    assert response.status_code == 200
    report = Report.objects.get()
    assert (report.ward_code, report.council_code, report.location_source) == (
        NORTH_ORMESBY,
        MIDDLESBROUGH,
        "point",
    )
    assert report.longitude == pytest.approx(inside.x, abs=1e-6)


@pytest.mark.django_db
def test_a_point_outside_every_ward_is_refused_with_a_plain_message(anonymous: Client) -> None:
    response = anonymous.post(
        URL, follow=True, data=valid_post(area="", longitude="-0.1276", latitude="51.5072")
    )
    assert response.status_code == 400
    assert "outside the areas this service covers" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_somewhere_in_a_council_places_the_report_in_the_council_without_a_ward(
    anonymous: Client,
) -> None:
    anonymous.post(URL, follow=True, data=valid_post(area=MIDDLESBROUGH))
    report = Report.objects.get()
    assert (report.council_code, report.ward_code) == (MIDDLESBROUGH, "")


@pytest.mark.django_db
def test_contact_details_are_kept_apart_and_encrypted_at_rest(anonymous: Client) -> None:
    anonymous.post(
        URL,
        follow=True,
        data=valid_post(name="Fatima Example", email="fatima@example.org", phone="07700 900982"),
    )
    contact = ReporterContact.objects.get()
    assert (contact.name, contact.email, contact.phone) == (
        "Fatima Example",
        "fatima@example.org",
        "07700 900982",
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, phone FROM tensions_reportercontact WHERE id = %s", [contact.pk]
        )
        raw = cursor.fetchone()
    for stored, plain in zip(
        raw, ("Fatima Example", "fatima@example.org", "07700 900982"), strict=True
    ):
        assert plain not in stored
        assert stored.startswith("gAAAA")  # a Fernet token
    # Nothing of the contact is in the report row either.
    report_row = Report.objects.filter(pk=contact.report_id).values().get()
    assert "fatima" not in str(report_row).lower()


@pytest.mark.django_db
@override_settings(CONTACT_ENCRYPTION_KEY="")
def test_without_the_contact_key_a_report_with_contact_details_is_refused_whole(
    anonymous: Client,
) -> None:
    response = anonymous.post(URL, follow=True, data=valid_post(email="someone@example.org"))
    assert response.status_code == 503
    assert "not saved" in response.content.decode()
    assert not Report.objects.exists() and not ReporterContact.objects.exists()


@pytest.mark.django_db
def test_an_unexpected_failure_gives_a_plain_page_that_says_nothing_was_saved(
    anonymous: Client,
) -> None:
    with mock.patch(
        "cohesion.tensions.views.public.submit_report", side_effect=RuntimeError("boom")
    ):
        response = anonymous.post(URL, follow=True, data=valid_post())
    assert response.status_code == 503
    assert "Your report was not saved" in response.content.decode()
    assert not Report.objects.exists()


def _refuse_inserts_into(table: str) -> None:
    """A database trigger that fails every insert into ``table`` (undone with the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'the disk is full'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER test_refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION test_refuse()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER test_refuse BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(FAIL, 'the disk is full'); END"
            )


@pytest.mark.django_db
def test_if_the_history_cannot_be_written_the_report_is_not_half_saved(anonymous: Client) -> None:
    _refuse_inserts_into(ReportEvent._meta.db_table)
    response = anonymous.post(URL, follow=True, data=valid_post(email="someone@example.org"))
    assert response.status_code == 503
    assert "Your report was not saved" in response.content.decode()
    assert not Report.objects.exists() and not ReporterContact.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "direction", "heading"),
    [
        ("pl", "ltr", "Zgłoś incydent z nienawiści lub napięcie w społeczności"),
        ("ar", "rtl", "الإبلاغ عن حادثة كراهية أو توتر مجتمعي"),
    ],
)
def test_the_form_speaks_polish_and_arabic_and_remembers_the_choice(
    anonymous: Client, lang: str, direction: str, heading: str
) -> None:
    response = anonymous.get(f"{URL}?lang={lang}")
    html = response.content.decode()
    assert f'lang="{lang}"' in html and f'dir="{direction}"' in html
    assert heading in html
    assert response.cookies["django_language"].value == lang
    # The choice sticks for the next page without ?lang=.
    again = anonymous.get(URL).content.decode()
    assert heading in again


@pytest.mark.django_db
def test_errors_are_translated_too(anonymous: Client) -> None:
    anonymous.get(f"{URL}?lang=pl")
    response = anonymous.post(URL, follow=True, data=valid_post(description=""))
    assert "Opisz, co się stało." in response.content.decode()


@pytest.mark.django_db
def test_the_map_gets_the_ward_outlines_as_geojson(anonymous: Client) -> None:
    response = anonymous.get("/report/areas.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    codes = {f["properties"]["code"] for f in data["features"]}
    assert NORTH_ORMESBY in codes
    assert len(codes) == Area.objects.current("ward").exclude(boundary="").count()


@pytest.mark.django_db
def test_two_people_behind_one_address_with_the_same_words_but_different_contacts_make_two_reports(
    anonymous: Client,
) -> None:
    anonymous.post(
        URL, follow=True, data=valid_post(submission="a" * 32, email="first@example.org")
    )
    anonymous.post(
        URL, follow=True, data=valid_post(submission="b" * 32, email="second@example.org")
    )
    assert Report.objects.count() == 2
    assert sorted(ReporterContact.objects.values_list("email", flat=True)) == [
        "first@example.org",
        "second@example.org",
    ]


@pytest.mark.django_db
def test_a_shared_connection_such_as_a_hub_wifi_can_send_more_than_ten_reports_an_hour(
    anonymous: Client,
) -> None:
    for n in range(12):
        response = anonymous.post(
            URL,
            follow=True,
            data=valid_post(submission=f"hub{n:02d}" + "s" * 20, description=f"Hub report {n}"),
        )
        assert response.status_code == 200
    assert Report.objects.count() == 12


@pytest.mark.django_db
@override_settings(
    REPORT_RATE_LIMIT_PER_HOUR=1, TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["192.0.2.10"]
)
def test_behind_a_trusted_proxy_people_are_told_apart_by_their_forwarded_address() -> None:
    proxy = "192.0.2.10"
    first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert first.post(URL, follow=True, data=valid_post(submission="p" * 32)).status_code == 200
    response = second.post(
        URL, follow=True, data=valid_post(submission="q" * 32, description="Someone else")
    )
    assert response.status_code == 200
    assert Report.objects.count() == 2


@pytest.mark.django_db
@override_settings(REPORT_RATE_LIMIT_PER_HOUR=1)
def test_a_refused_report_keeps_what_was_typed_and_says_how_else_to_report(
    anonymous: Client,
) -> None:
    anonymous.post(URL, follow=True, data=valid_post(submission="a" * 32))
    words = "Stones were thrown at the mosque windows on Sunday night."
    refused = anonymous.post(URL, data=valid_post(submission="b" * 32, description=words))
    html = refused.content.decode()
    assert refused.status_code == 429
    assert words in html
    assert "101" in html and "report-it.org.uk" in html and "reporting centre" in html


@pytest.mark.django_db
def test_asking_for_support_without_an_email_or_phone_is_refused_on_the_email_question(
    anonymous: Client,
) -> None:
    response = anonymous.post(URL, data=valid_post(wants_support="on"))
    assert response.status_code == 400
    assert not Report.objects.exists()
    html = response.content.decode()
    assert "Enter an email address or phone number so that someone can contact you" in html
    assert 'href="#id_email"' in html
    ok = anonymous.post(URL, follow=True, data=valid_post(wants_support="on", phone="07700 900982"))
    assert ok.status_code == 200 and Report.objects.get().wants_support


@pytest.mark.django_db
def test_the_support_error_is_translated(anonymous: Client) -> None:
    anonymous.get(f"{URL}?lang=pl")
    response = anonymous.post(URL, data=valid_post(wants_support="on"))
    assert "Podaj adres e-mail lub numer telefonu" in response.content.decode()


@pytest.mark.django_db
def test_the_confirmation_has_its_own_address_that_keeps_the_reference_on_refresh_and_language_switch(
    anonymous: Client,
) -> None:
    response = anonymous.post(URL, data=valid_post())
    assert response.status_code == 302 and response["Location"] == "/report/sent/"
    reference = Report.objects.get().reference
    assert reference in anonymous.get("/report/sent/").content.decode()
    polish = anonymous.get("/report/sent/?lang=pl")
    assert reference in polish.content.decode()
    assert 'lang="pl"' in polish.content.decode()


@pytest.mark.django_db
def test_the_confirmation_address_without_a_report_sends_people_to_the_form(
    anonymous: Client,
) -> None:
    response = anonymous.get("/report/sent/")
    assert response.status_code == 302 and response["Location"] == "/report/"


@pytest.mark.django_db
def test_sending_a_report_keeps_no_session_and_a_forged_confirmation_is_refused(
    anonymous: Client,
) -> None:
    from django.contrib.sessions.models import Session

    response = anonymous.post(URL, data=valid_post())
    assert response.status_code == 302
    assert Session.objects.count() == 0  # the reference travels in a signed cookie
    cookie = anonymous.cookies["cohesion_report_sent"]
    assert cookie["httponly"] and cookie["path"] == "/report/sent/"
    assert not cookie["max-age"]  # gone when the browser closes
    reference = Report.objects.get().reference
    assert cookie.value.startswith(reference + ":h")  # signed, not encrypted: it holds no secret
    anonymous.cookies["cohesion_report_sent"] = cookie.value.replace(reference, "CHN-AAAA-AAAA")
    forged = anonymous.get("/report/sent/")
    assert forged.status_code == 302 and forged["Location"] == "/report/"


@pytest.mark.django_db
def test_a_pasted_description_over_the_limit_is_refused_whole_not_cut_short(
    anonymous: Client,
) -> None:
    pasted = "ا" * 6000  # Arabic letters: two bytes each, six characters percent-encoded
    response = anonymous.post(URL, data=valid_post(description=pasted))
    html = response.content.decode()
    assert response.status_code == 400
    assert "You have entered 6000 characters" in html
    assert pasted in html  # every character kept for them to shorten
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_description_states_its_limit_and_counts_characters_without_cutting_a_paste(
    anonymous: Client,
) -> None:
    html = anonymous.get(URL).content.decode()
    group = html[html.index('id="id_description-group"') :]
    group = group[: group.index("</textarea>")]
    assert 'data-module="govuk-character-count"' in group
    assert 'data-maxlength="5000"' in group
    assert "maxlength=" not in group.replace("data-maxlength=", "")
    assert "You can enter up to 5000 characters" in html


@pytest.mark.django_db
def test_the_confirmation_tells_a_resident_plainly_when_they_will_hear_back(
    anonymous: Client,
) -> None:
    html = anonymous.post(
        URL, follow=True, data=valid_post(email="fatima@example.org")
    ).content.decode()
    assert "Someone from the council will get in touch with you within 24 hours" in html
    assert "Within 7 days, a senior member of staff will also get in touch" in html
    assert "True Vision:" not in html  # the link alone names True Vision
    assert "True Vision (opens in new tab)" in html


@pytest.mark.django_db
def test_without_contact_details_the_confirmation_says_officers_read_every_report_once(
    anonymous: Client,
) -> None:
    html = anonymous.post(URL, follow=True, data=valid_post()).content.decode()
    assert html.count("officers read every report") + html.count("Officers read every report") == 1


@pytest.mark.django_db
def test_the_officer_sees_the_date_with_time_not_known_and_the_language_of_the_report(
    anonymous: Client, alice: Any, client_for: Any
) -> None:
    anonymous.get(f"{URL}?lang=pl")
    anonymous.post(URL, follow=True, data=valid_post())
    report = Report.objects.get()
    assert not report.occurred_time_known and report.language == "pl"
    html = client_for(alice).get(report.get_absolute_url()).content.decode()
    year = timezone.localdate().year - 1
    when = html[html.index(">When</dt>") :].split("</dd>")[0]
    assert when.endswith(f"3 November {year} (approximate), time not known")
    assert "12:00" not in when
    language = html[html.index('id="report-language"') :]
    assert language.split("</dd>")[0].endswith("Polish (polski)")


@pytest.mark.django_db
def test_a_time_that_was_given_is_shown(anonymous: Client, alice: Any, client_for: Any) -> None:
    anonymous.post(URL, follow=True, data=valid_post(occurred_time="21:30"))
    report = Report.objects.get()
    assert report.occurred_time_known
    html = client_for(alice).get(report.get_absolute_url()).content.decode()
    assert "21:30" in html and "time not known" not in html


@pytest.mark.django_db
def test_the_character_count_speaks_the_residents_language(anonymous: Client) -> None:
    html = anonymous.get(f"{URL}?lang=pl").content.decode()
    assert 'characters-under-limit.other="Liczba pozostałych znaków: %{count}"' in html
    assert "Możesz wpisać do 5000 znaków" in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "pl", "ar"])
@pytest.mark.parametrize(
    ("overrides", "flags"),
    [
        ({}, ":h"),
        ({"wants_support": "on", "email": "sam@example.org"}, ":hc"),
        ({"category": "tension", "motivations": None, "tension_type": "dispute"}, ":"),
    ],
)
def test_the_confirmation_served_from_memory_is_the_page_rendered_afresh(
    anonymous: Client, lang: str, overrides: dict[str, Any], flags: str
) -> None:
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.utils import translation

    from cohesion.tensions.views.public import _render_sent

    anonymous.post(URL, data=valid_post(**overrides))
    reference = Report.objects.get().reference
    assert anonymous.cookies["cohesion_report_sent"].value.startswith(reference + flags + ":")
    anonymous.get(f"/report/sent/?lang={lang}")  # the first visit renders and keeps the page
    served = anonymous.get(f"/report/sent/?lang={lang}").content.decode()

    request = RequestFactory().get("/report/sent/")
    request.user = AnonymousUser()
    with translation.override(lang):
        fresh = _render_sent(request, reference, "h" in flags, "c" in flags).content.decode()
    assert served == fresh
    assert reference in served and f'lang="{lang}"' in served


@pytest.mark.django_db
def test_a_signed_in_officer_recording_a_public_report_sees_their_own_header_not_a_shared_page(
    client_for: Any, carol: Any
) -> None:
    officer = client_for(carol)
    officer.post(URL, data=valid_post(), REMOTE_ADDR="198.51.100.4")
    html = officer.get("/report/sent/").content.decode()
    assert Report.objects.get().reference in html
    assert "Sign out" in html and (carol.get_full_name() or carol.username) in html
