"""Repeats, keys and the hourly limit: no report is lost, none is merged into another person's.

A repeat is the same report from the same sender: it keeps the first
reference and adds only what it adds. Anything else is a report of its own.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from cohesion.accounts.models import Organisation
from cohesion.tensions.intake import ContactDetails, ReportInput, submit_report
from cohesion.tensions.models import Report, ReporterContact, ReportEvent
from cohesion.tensions.tests.factories_reports import NORTH_ORMESBY
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


@pytest.fixture(scope="module")
def database_for_processes(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database other processes can reach, holding this run's places: PostgreSQL's test
    database itself, or a file copy of SQLite's in-memory one (made before any test's
    transaction begins). What other processes commit there is removed afterwards."""
    with django_db_blocker.unblock():
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
            url = f"postgres://{auth}@{host}:{port}/{db['NAME']}"
        else:
            connection.ensure_connection()
            copy = tmp_path_factory.mktemp("concurrent") / "reports.sqlite3"
            with sqlite3.connect(copy) as target:
                connection.connection.backup(target)
            url = f"sqlite:///{copy}"
    yield url
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            ids = "SELECT id FROM tensions_report WHERE submitter_hash = %s"
            for table in ("tensions_reportevent", "tensions_reportercontact"):
                cursor.execute(f"DELETE FROM {table} WHERE report_id IN ({ids})", [SENDER])  # noqa: S608
            cursor.execute("DELETE FROM tensions_report WHERE submitter_hash = %s", [SENDER])
            cursor.execute("DELETE FROM tensions_senderwindow WHERE submitter_hash = %s", [SENDER])


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
    done = subprocess.run(
        [sys.executable, "-m", "cohesion.tensions.tests.concurrent_intake", "45", SENDER],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    stored = _stored_for(database_for_processes, SENDER)
    assert (outcome["created"], outcome["refused"], stored) == (30, 15, 30)
