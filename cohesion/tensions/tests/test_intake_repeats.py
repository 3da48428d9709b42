"""Repeats, keys and the hourly limit: no report is lost, none is merged into another person's.

A repeat is the same report from the same sender: it keeps the first
reference and adds only what it adds. Anything else is a report of its own.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.utils import timezone

from cohesion.accounts.models import Organisation
from cohesion.tensions.intake import ContactDetails, ReportInput, submit_report
from cohesion.tensions.models import Report, ReporterContact, ReportEvent, ReportLink
from cohesion.tensions.tests.factories_reports import NORTH_ORMESBY, ReportFactory
from cohesion.tensions.tests.test_public_form import URL, valid_post

INTAKE = "/tensions/reports/record/"


@pytest.fixture
def anonymous() -> Client:
    return Client(REMOTE_ADDR="203.0.113.9")


def _reference_shown(response: Any) -> str:
    return str(Report.objects.get(reference__in=_references_in(response)).reference)


def _references_in(response: Any) -> list[str]:
    html = response.content.decode()
    return [r for r in Report.objects.values_list("reference", flat=True) if r in html]


# --- Trust 6: the key is bound to its sender and to what the report says -----------------


@pytest.mark.django_db
def test_a_resend_with_the_same_key_and_edited_words_is_a_new_report(anonymous: Client) -> None:
    """Trust 6: an edited resend is never dropped in favour of the first report."""
    first = anonymous.post(URL, follow=True, data=valid_post())
    edited = anonymous.post(
        URL,
        follow=True,
        data=valid_post(description="A man shouted at my sister and pushed her, at the bus stop."),
    )
    assert Report.objects.count() == 2
    assert _reference_shown(first) != _reference_shown(edited)
    assert Report.objects.filter(description__contains="pushed her").exists()


@pytest.mark.django_db
def test_another_persons_key_makes_a_new_report_not_the_first_reference(
    anonymous: Client,
) -> None:
    """Trust 6: a key sent from another address is no proof of a repeat."""
    mine = anonymous.post(URL, follow=True, data=valid_post())
    theirs = Client(REMOTE_ADDR="198.51.100.7").post(URL, follow=True, data=valid_post())
    assert Report.objects.count() == 2
    assert _reference_shown(mine) != _reference_shown(theirs)


@pytest.mark.django_db
def test_partner_intake_with_another_officers_key_or_other_words_makes_new_reports(
    carol: Any, alice: Any, client_for: Any
) -> None:
    """Trust 6: partner intake binds the key to the officer and the report too."""
    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    council = Organisation.objects.get(name="Middlesbrough Council")
    form = {
        "submission": "intake-" + "k" * 20,
        "category": "hate_incident",
        "motivations": ["race"],
        "description": "He was spat at on the bus and called names.",
        "area": NORTH_ORMESBY,
        "reporter_role": "victim",
    }
    assert client_for(carol).post(INTAKE, {**form, "organisation": hub.pk}).status_code == 302
    edited = {**form, "description": "He was spat at on the 36 bus and called names."}
    assert client_for(carol).post(INTAKE, {**edited, "organisation": hub.pk}).status_code == 302
    assert client_for(alice).post(INTAKE, {**form, "organisation": council.pk}).status_code == 302
    again = client_for(carol).post(INTAKE, {**form, "organisation": hub.pk})
    assert again.status_code == 302
    assert Report.objects.count() == 3  # the true repeat (last) made none


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("details", "promised"),
    [
        ({}, False),
        ({"name": "Sam"}, False),
        ({"name": "Sam", "safe_contact_notes": "after 6pm"}, False),
        ({"email": "sam@example.org"}, True),
        ({"phone": "07700 900982"}, True),
    ],
)
def test_the_confirmation_promises_contact_only_when_an_email_or_phone_was_given(
    anonymous: Client, details: dict[str, str], promised: bool
) -> None:
    """Trust 6: "we will contact you using the details you gave" must be true."""
    page = anonymous.post(URL, follow=True, data=valid_post(**details)).content.decode()
    assert ("using the contact details you gave" in page) is promised
    if details and not promised:
        assert "did not leave an email address or phone number" in page


# --- Trust 7: a repeat merges what it adds; another victim is another report ---------------


@pytest.mark.django_db
def test_consent_and_contact_added_on_a_resend_are_kept_and_recorded_in_the_history(
    anonymous: Client,
) -> None:
    """Trust 7: consent added on a resend is not lost."""
    anonymous.post(URL, follow=True, data=valid_post())
    again = anonymous.post(
        URL,
        follow=True,
        data=valid_post(
            consent_police="on", told_police="yes", wants_support="on", email="sam@example.org"
        ),
    )
    report = Report.objects.get()
    assert report.reference in again.content.decode()
    assert (report.consent_police, report.told_police, report.wants_support) == (True, "yes", True)
    assert ReporterContact.objects.get(report=report).email == "sam@example.org"
    assert "using the contact details you gave" in again.content.decode()
    resent = ReportEvent.objects.get(report=report, kind="resent")
    assert resent.changes == {
        "consent_police": [False, True],
        "wants_support": [False, True],
        "told_police": ["no", "yes"],
        "contact_added": ["email"],
    }
    assert "sam@example.org" not in json.dumps(resent.changes)  # which details, never values


@pytest.mark.django_db
def test_a_resend_never_takes_away_consent_or_contact_already_given(anonymous: Client) -> None:
    """Trust 7: a repeat only adds."""
    anonymous.post(URL, follow=True, data=valid_post(consent_partners="on", phone="07700 900982"))
    anonymous.post(URL, follow=True, data=valid_post())
    report = Report.objects.get()
    assert report.consent_partners
    assert ReporterContact.objects.get(report=report).phone == "07700 900982"
    assert not ReportEvent.objects.filter(report=report, kind="resent").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second",
    [
        {"on_behalf_of": "Her brother, by phone"},
        {"phone": "01632 960002"},
        {"reporter_role": "witness"},
    ],
)
def test_a_centre_recording_two_victims_in_the_same_words_makes_two_reports(
    carol: Any, client_for: Any, second: dict[str, str]
) -> None:
    """Trust 7: who the report is for tells two reports apart, even with the same key and words."""
    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    form = {
        "submission": "intake-" + "v" * 20,
        "organisation": hub.pk,
        "on_behalf_of": "The victim, in person at the hub",
        "category": "hate_incident",
        "motivations": ["race"],
        "description": "Called names and spat at on the bus home.",
        "area": NORTH_ORMESBY,
        "reporter_role": "victim",
        "phone": "01632 960001",
    }
    client = client_for(carol)
    assert client.post(INTAKE, form).status_code == 302
    assert client.post(INTAKE, {**form, **second}).status_code == 302
    assert Report.objects.count() == 2
    # Each is found again by its own repeat, not merged into the other.
    client.post(INTAKE, {**form, **second, "consent_police": "on"})
    assert Report.objects.count() == 2
    assert Report.objects.filter(consent_police=True).count() == 1


def test_two_people_behind_one_address_are_told_apart_by_their_contact_details(db: None) -> None:
    """Trust 7: the same words, same sender, other contact details: another person's report."""

    def send(email: str, key: str) -> Any:
        return submit_report(
            ReportInput(
                category="hate_incident",
                description="Shouted at outside the mosque on Friday.",
                reporter_role="victim",
                area_code=NORTH_ORMESBY,
                contact=ContactDetails(email=email),
            ),
            idempotency_key=key,
            submitter_hash="p" * 32,
        )

    first = send("first@example.org", "k" * 20)
    second = send("second@example.org", "k" * 20)  # even the same key
    second_again = send("second@example.org", "j" * 20)
    assert first.created and second.created and not second_again.created
    assert second_again.report.pk == second.report.pk != first.report.pk


# --- Trust 8: the hourly limit holds under concurrency -------------------------------------


SENDER = "c" * 32


def _forget_committed(url: str) -> None:
    """Remove what the other process committed to PostgreSQL's test database (on its own
    connection: this test's transaction is rolled back, and the rows are not in it)."""
    if url.startswith("sqlite:///"):
        return  # a file copy, thrown away with the test's folder
    import psycopg

    ids = "SELECT id FROM tensions_report WHERE submitter_hash = %s"
    with psycopg.connect(url, autocommit=True) as db:
        for table in ("tensions_reportevent", "tensions_reportercontact"):
            db.execute(f"DELETE FROM {table} WHERE report_id IN ({ids})", [SENDER])  # noqa: S608
        db.execute("DELETE FROM tensions_report WHERE submitter_hash = %s", [SENDER])
        db.execute("DELETE FROM tensions_senderwindow WHERE submitter_hash = %s", [SENDER])


def _stored_for(url: str, sender: str) -> int:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return int(
                db.execute(
                    "SELECT count(*) FROM tensions_report WHERE submitter_hash = ?", [sender]
                ).fetchone()[0]
            )
    return Report.objects.filter(submitter_hash=sender).count()


def test_sqlite_transactions_take_the_write_lock_when_they_begin() -> None:
    """Trust 8: on SQLite the limit's check and the report's writes are one locked step."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite's setting")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_45_reports_posted_at_once_from_one_sender_store_exactly_the_hourly_limit(
    database_for_processes: str, tmp_path: Path
) -> None:
    """Trust 8: 45 parallel posts against a limit of 30 once stored 32-35; now exactly 30.

    The posts come from another process, each thread on its own connection to
    the real database, all released at once.
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_for_processes,
        "REPORT_RATE_LIMIT_PER_HOUR": "30",
        "COHESION_VAR_DIR": str(tmp_path),
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cohesion.tensions.tests.concurrent_intake", "45", SENDER],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        stored = _stored_for(database_for_processes, SENDER)
    finally:
        _forget_committed(database_for_processes)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert (outcome["created"], outcome["refused"], stored) == (30, 15, 30)


# --- Trust 16: the public form and the case page ---------------------------------------------


@pytest.mark.django_db
def test_a_person_whose_browser_filled_the_honeypot_sees_it_explained_and_gets_through(
    anonymous: Client,
) -> None:
    """Trust 16: autofill in the trap box is a way through, not a silent drop."""
    trapped = anonymous.post(URL, data=valid_post(website="sam@example.org"))
    assert trapped.status_code == 400
    html = trapped.content.decode()
    assert '<div id="honeypot-check">' in html  # shown, not hidden
    assert 'href="#id_website"' in html  # the summary leads to it
    assert "password manager may have filled it in" in html
    assert "A man shouted at my sister" in html  # what was typed is kept
    assert not Report.objects.exists()
    sent = anonymous.post(URL, follow=True, data=valid_post(website=""))
    assert sent.status_code == 200 and Report.objects.count() == 1


@pytest.mark.django_db
def test_an_error_on_a_hidden_box_is_named_in_the_error_summary(anonymous: Client) -> None:
    """Trust 16: the map's hidden point, when unreadable, gets a message people understand."""
    response = anonymous.post(URL, data=valid_post(longitude="abc", latitude="54.5"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The place marked on the map could not be read" in html
    assert "Enter a number" not in html


@pytest.mark.django_db
def test_a_csrf_failure_shows_the_form_again_with_what_was_typed_and_a_fresh_token() -> None:
    """Trust 16: an expired page loses no text."""
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    response = client.post(
        URL, data=valid_post(description="Words I do not want to type again, please.")
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Words I do not want to type again, please." in html
    assert "has not been sent yet" in html
    assert 'name="csrfmiddlewaretoken"' in html and "csrftoken" in response.cookies
    assert "govuk-template" in html or "govuk-header" in html  # the site's layout
    assert not Report.objects.exists()
    token = response.cookies["csrftoken"].value
    again = client.post(
        URL,
        follow=True,
        data={
            **valid_post(description="Words I do not want to type again, please."),
            "csrfmiddlewaretoken": token,
        },
    )
    assert again.status_code == 200 and Report.objects.count() == 1


@pytest.mark.django_db
def test_a_csrf_failure_elsewhere_gets_a_page_in_the_sites_layout(
    alice: Any, client_for: Any
) -> None:
    """Trust 16: never Django's bare CSRF page."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(INTAKE, {"description": "x"})
    assert response.status_code == 403
    assert "Nothing was sent" in response.content.decode()
    assert "CSRF verification failed" not in response.content.decode()


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_upload_limit_gets_a_friendly_413(anonymous: Client) -> None:
    """Trust 16: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused in the site's layout."""
    response = anonymous.post(URL, data=valid_post(description="x" * 2000))
    assert response.status_code == 413
    assert "Your report is too long" in response.content.decode()
    other = anonymous.post("/accounts/sign-in/", data={"username": "x" * 2000})
    assert other.status_code == 413
    assert "too large" in other.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text", ["\u200b\u200b\u200b\u200b\u200b", "\u2060 \u00ad \u200e\u202e\u202c", " \t \u3000 "]
)
def test_a_description_of_only_invisible_characters_is_refused(
    anonymous: Client, text: str
) -> None:
    """Trust 16: zero-width, format characters and spaces are not a report."""
    response = anonymous.post(URL, data=valid_post(description=text))
    assert response.status_code == 400
    assert "Tell us what happened." in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"occurred_on_2": "0001"}, "must be after 1 January 2000"),
        ({"occurred_on_2": "9999"}, "today or in the past"),
        ({"occurred_on_2": "99999"}, "must be a real date"),
        ({"occurred_on_0": "TODAY", "occurred_time": "23:59"}, "now or in the past"),
    ],
)
def test_dates_out_of_bounds_or_in_the_future_are_refused_with_a_clear_message(
    anonymous: Client, fields: dict[str, str], message: str
) -> None:
    """Trust 16: year 0001, 9999 and an incident later today are refused, with a 400."""
    if fields.get("occurred_on_0") == "TODAY":
        today = timezone.localdate()
        if timezone.localtime().time() > dt.time(23, 58):
            pytest.skip("too close to midnight")
        fields = {
            "occurred_on_0": str(today.day),
            "occurred_on_1": str(today.month),
            "occurred_on_2": str(today.year),
            "occurred_time": "23:59",
        }
    response = anonymous.post(URL, data=valid_post(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_bidi_overrides_are_removed_and_user_text_is_isolated_on_the_case_page(
    anonymous: Client, alice: Any, client_for: Any
) -> None:
    """Trust 16: an officer never sees text reversed by an override character."""
    anonymous.post(URL, data=valid_post(description="Paid \u202eKCOLB\u202c the fine", name="Sam"))
    report = Report.objects.get()
    assert "\u202e" not in report.description
    # A report stored before this check: removed on the way out as well.
    Report.objects.filter(pk=report.pk).update(location_text="Corner \u202eTEERTS\u202c shop")
    html = client_for(alice).get(report.get_absolute_url()).content.decode()
    assert "\u202e" not in html
    assert 'id="report-description" dir="auto"' in html
    assert 'class="cohesion-user-text" dir="auto">Corner TEERTS shop</bdi>' in html


@pytest.mark.django_db
def test_a_very_long_word_wraps_instead_of_covering_the_case_actions(
    alice: Any, client_for: Any
) -> None:
    """Trust 16: user text wraps anywhere (the style is in the stylesheet every page loads)."""
    report = ReportFactory(description="A" * 5000)
    html = client_for(alice).get(report.get_absolute_url()).content.decode()
    assert 'class="govuk-inset-text cohesion-report-text cohesion-user-text"' in html
    scss = Path(settings.PROJECT_DIR, "static/src/cohesion.scss").read_text()
    assert ".cohesion-user-text { overflow-wrap: anywhere;" in scss


@pytest.mark.django_db
def test_linking_b_to_a_after_a_to_b_is_refused_and_the_link_is_listed_once(
    alice: Any, client_for: Any
) -> None:
    """Trust 16: links are symmetric: stored once, the reverse duplicate is a form error."""
    a, b = ReportFactory(), ReportFactory()
    client = client_for(alice)
    first = client.post(
        f"/tensions/reports/{a.reference}/link/",
        {"reference": b.reference, "kind": "same_incident"},
    )
    assert first.status_code == 302
    reverse = client.post(
        f"/tensions/reports/{b.reference}/link/",
        {"reference": a.reference, "kind": "same_incident"},
    )
    assert reverse.status_code == 400
    assert "already linked" in reverse.content.decode()
    assert ReportLink.objects.count() == 1
    for one, other in ((a, b), (b, a)):
        html = client.get(one.get_absolute_url()).content.decode()
        links = html.split('id="case-links"')[1].split("</ul>")[0]
        assert links.count(f">{other.reference}</a>") == 1


@pytest.mark.django_db
def test_the_database_refuses_a_reverse_duplicate_link_too() -> None:
    """Trust 16: two officers linking at the same moment still make one link."""
    a, b = ReportFactory(), ReportFactory()
    ReportLink.objects.create(report=a, to_report=b, kind="same_incident")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportLink.objects.create(report=b, to_report=a, kind="same_incident")


@pytest.mark.django_db
def test_invalid_public_and_intake_forms_answer_400(carol: Any, client_for: Any) -> None:
    """Trust 16: a refused form is a 400 with the form shown again."""
    assert Client().post(URL, data={"description": ""}).status_code == 400
    response = client_for(carol).post(INTAKE, {"description": "\u200b\u200b\u200b"})
    assert response.status_code == 400
    assert "Tell us what happened." in response.content.decode()


@pytest.mark.django_db
def test_the_retention_run_forgets_hourly_windows_that_have_ended() -> None:
    """Trust 8: the limit's per-sender rows (a hashed address) are not kept once they are of no use."""
    from cohesion.tensions.models import SenderWindow
    from cohesion.tensions.retention import purge_contact_details

    now = timezone.now()
    SenderWindow.objects.create(submitter_hash="o" * 32, started_at=now - dt.timedelta(hours=3))
    SenderWindow.objects.create(submitter_hash="n" * 32, started_at=now - dt.timedelta(minutes=5))
    purge_contact_details(now)
    assert list(SenderWindow.objects.values_list("submitter_hash", flat=True)) == ["n" * 32]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "expected"),
    [("pl", "menedżer haseł"), ("ar", "مدير كلمات المرور"), ("cy", "rheolwr cyfrineiriau")],
)
def test_the_spam_trap_explanation_is_translated(
    anonymous: Client, lang: str, expected: str
) -> None:
    """Trust 16: the way through speaks the resident's language."""
    anonymous.get(f"{URL}?lang={lang}")
    response = anonymous.post(URL, data=valid_post(website="autofilled"))
    assert expected in response.content.decode()
