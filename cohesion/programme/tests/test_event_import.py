"""Importing events in the calendar's export columns: round trip, row problems, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cohesion.programme.models import Event
from cohesion.programme.spreadsheets import EVENT_COLUMNS, import_events
from cohesion.programme.tests.factories import (
    COUNCIL,
    DARLINGTON,
    HUB,
    NORTH_ORMESBY,
    EventFactory,
    organisation,
)

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def to_csv(rows: list[dict[str, str]], columns: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or EVENT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


NEW_ROW = {
    "title": "Coffee morning",
    "kind": "youth",
    "starts_at": "2030-08-03 10:00",
    "ends_at": "2030-08-03 12:00",
    "council": "E06000002",
    "ward": NORTH_ORMESBY,
    "venue": "The hub",
    "organiser": HUB,
    "public": "yes",
}


def test_export_change_a_title_and_import_changes_one_event(client, carol):
    event = EventFactory()
    EventFactory(title="Another session", starts_at=event.starts_at.replace(hour=15))
    client.force_login(carol)
    exported = client.get(reverse("programme-event-list-twin", args=["csv"])).content
    rows = rows_of(exported)
    assert [r for r in rows if r["id"] == str(event.pk)]
    for row in rows:
        if row["id"] == str(event.pk):
            row["title"] = "Summer session"
    outcome = import_events("events.csv", to_csv(rows), carol)
    assert outcome.problems == []
    assert (outcome.changed, outcome.created) == (1, 0)
    event.refresh_from_db()
    assert event.title == "Summer session"
    assert Event.objects.filter(title="Another session").count() == 1


def test_the_xlsx_export_reads_back_unchanged(client, carol):
    EventFactory()
    client.force_login(carol)
    response = client.get(reverse("programme-event-list-xlsx"))
    assert response.status_code == 200
    outcome = import_events("events.xlsx", response.content, carol, check_only=True)
    assert outcome.problems == []
    assert (outcome.unchanged, outcome.changed) == (1, 0)


def test_a_new_row_adds_an_event(carol):
    outcome = import_events("events.csv", to_csv([NEW_ROW]), carol)
    assert outcome.problems == [] and outcome.created == 1
    event = Event.objects.get(title="Coffee morning")
    assert event.organiser.name == HUB and event.ward_code == NORTH_ORMESBY


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_saved(carol):
    rows = [
        NEW_ROW,
        {**NEW_ROW, "title": "Backwards", "ends_at": "2030-08-03 09:00"},
        {**NEW_ROW, "title": "Nowhere", "ward": "Atlantis"},
        {**NEW_ROW, "title": "Not ours", "organiser": COUNCIL},
        {**NEW_ROW, "title": "Bad date", "starts_at": "31/31/2030"},
    ]
    outcome = import_events("events.csv", to_csv(rows), carol)
    found = {(p.row, p.column) for p in outcome.problems}
    assert (3, "ends_at") in found
    assert (4, "ward") in found
    assert (5, "organiser") in found
    assert (6, "starts_at") in found
    assert not any(p.row == 2 for p in outcome.problems)
    assert not outcome.saved
    assert not Event.objects.filter(title="Coffee morning").exists()


def test_formula_cells_are_neutralised_and_read_back(client, carol):
    EventFactory(title="=HYPERLINK(1)")
    client.force_login(carol)
    exported = client.get(reverse("programme-event-list-twin", args=["csv"])).content
    assert b"'=HYPERLINK(1)" in exported
    outcome = import_events("events.csv", exported, carol)
    assert outcome.problems == [] and outcome.unchanged == 1


def test_another_councils_event_id_is_refused(carol):
    from cohesion.places.models import Area

    ward = Area.objects.filter(parent__code=DARLINGTON, level="ward").first()
    theirs = EventFactory(
        council=Area.objects.get(code=DARLINGTON, level="council"),
        ward=ward,
        organiser=organisation(COUNCIL),
    )
    outcome = import_events(
        "events.csv", to_csv([{"id": str(theirs.pk), "title": "Taken"}], ["id", "title"]), carol
    )
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "id")]
    theirs.refresh_from_db()
    assert theirs.title != "Taken"


def test_the_command_imports_and_dry_run_saves_nothing(tmp_path, carol, capsys):
    path = tmp_path / "events.csv"
    path.write_bytes(to_csv([NEW_ROW]))
    call_command("import_events", str(path), "--as", "carol", "--dry-run")
    assert not Event.objects.filter(title="Coffee morning").exists()
    call_command("import_events", str(path), "--as", "carol")
    assert "1 added" in capsys.readouterr().out
    assert Event.objects.filter(title="Coffee morning").exists()
    path.write_bytes(to_csv([{**NEW_ROW, "ends_at": "2030-08-02 10:00"}]))
    with pytest.raises(CommandError):
        call_command("import_events", str(path), "--as", "carol")
    assert "ends_at" in capsys.readouterr().err


def test_the_import_page_for_a_partner_officer(client, carol):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(carol)
    assert "Import events" in client.get(reverse("programme-event-list")).content.decode()
    assert client.get(reverse("programme-event-import")).status_code == 200
    bad = SimpleUploadedFile("e.csv", to_csv([{**NEW_ROW, "ward": "Atlantis"}]))
    response = client.post(reverse("programme-event-import"), {"file": bad})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "Atlantis" in response.content.decode()
    good = SimpleUploadedFile("e.csv", to_csv([NEW_ROW]))
    response = client.post(reverse("programme-event-import"), {"file": good})
    assert response.status_code == 302
    assert Event.objects.filter(title="Coffee morning").exists()


def test_the_import_page_is_refused_to_a_viewer_and_the_anonymous(client, amir):
    response = client.get(reverse("programme-event-import"))
    assert response.status_code == 302 and "sign-in" in response["Location"]
    client.force_login(amir)
    assert client.get(reverse("programme-event-import")).status_code == 403
    assert "Import events" not in client.get(reverse("programme-event-list")).content.decode()


def test_a_row_that_clashes_with_another_partners_session_is_saved_with_a_warning(
    tmp_path, client, carol, capsys
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # The council's own youth session at the hub, at the same time as the hub's imported one.
    EventFactory(
        title="Feast of Fun",
        organiser=organisation(COUNCIL),
        starts_at=dt.datetime(2030, 8, 3, 9, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 8, 3, 11, 30, tzinfo=dt.UTC),
    )
    checked = import_events("events.csv", to_csv([NEW_ROW]), carol, check_only=True)
    assert checked.problems == [] and not checked.saved
    assert [(w.row, w.column) for w in checked.warnings] == [(2, "starts_at")]
    assert "Feast of Fun" in checked.warnings[0].message
    # The page lists the warning on the check, and after saving keeps it as a message.
    client.force_login(carol)
    page = client.post(
        reverse("programme-event-import"),
        {"file": SimpleUploadedFile("e.csv", to_csv([NEW_ROW])), "check_only": "on"},
    )
    assert page.status_code == 200
    assert 'id="warnings"' in page.text and "Feast of Fun" in page.text
    saved = client.post(
        reverse("programme-event-import"),
        {"file": SimpleUploadedFile("e.csv", to_csv([NEW_ROW]))},
        follow=True,
    )
    assert Event.objects.filter(title="Coffee morning").count() == 1
    assert "Row 2: Clashes with Feast of Fun" in saved.text
    # The afternoon of the same day is no clash.
    path = tmp_path / "events.csv"
    later = {"starts_at": "2030-08-03 14:00", "ends_at": "2030-08-03 16:00"}
    path.write_bytes(to_csv([{**NEW_ROW, "title": "Afternoon", **later}]))
    call_command("import_events", str(path), "--as", "carol", "--dry-run")
    assert "warning" not in capsys.readouterr().out
