"""The audit log page and its CSV and JSON twins: administrators see their organisation's events only."""

import csv
import io

import pytest
from django.urls import reverse

from cohesion.accounts.models import Organisation
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.audit.models import AuditEvent
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db

PAGE = reverse("audit-event-list")
CSV = reverse("audit-event-list-twin", args=["csv"])
JSON = reverse("audit-event-list-twin", args=["json"])


@pytest.fixture
def events(alice, dave):
    """One event in Middlesbrough, one in Darlington and one for no organisation."""
    middlesbrough = Organisation.objects.get(name="Middlesbrough Council")
    darlington = Organisation.objects.get(name="Darlington Borough Council")
    return {
        "middlesbrough": record(
            AuditAction.VIEW,
            alice,
            actor=alice,
            organisation=middlesbrough,
            object_repr="case MB-1",
        ),
        "darlington": record(
            AuditAction.VIEW, dave, actor=dave, organisation=darlington, object_repr="case DL-1"
        ),
        "nobody": record(AuditAction.SIGN_IN_FAILED, username="mallory", object_repr="mallory"),
    }


def _csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_administrator_sees_only_her_organisations_events(client_for, erin, events):
    response = client_for(erin).get(PAGE)
    assert response.status_code == 200
    shown = list(response.context["page"].object_list)
    assert events["middlesbrough"] in shown
    assert {e.organisation_name for e in shown} == {"Middlesbrough Council"}
    assert "case MB-1" in response.text
    assert "case DL-1" not in response.text
    assert "mallory" not in response.text


def test_the_administrators_csv_export_holds_only_her_organisations_events(
    client_for, erin, events
):
    rows = _csv_rows(client_for(erin).get(CSV))
    assert "case MB-1" in {row["object"] for row in rows}
    assert {row["organisation"] for row in rows} == {"Middlesbrough Council"}
    assert not {"case DL-1", "mallory"} & {row["object"] for row in rows}


def test_the_json_export_holds_the_same_events_as_the_csv(client_for, erin, events):
    client = client_for(erin)
    from_json = [e["object"] for e in client.get(JSON).json()["events"]]
    from_csv = [row["object"] for row in _csv_rows(client.get(CSV))]
    # The CSV was asked for after the JSON, so its first row is the JSON export itself.
    assert from_csv[1:] == from_json
    assert from_csv[0].startswith("audit log (")


def test_a_superuser_sees_every_organisations_events(client_for, superuser, events):
    rows = _csv_rows(client_for(superuser).get(CSV))
    objects = {row["object"] for row in rows}
    assert {"case MB-1", "case DL-1", "mallory"} <= objects
    page = client_for(superuser).get(PAGE)
    assert "case DL-1" in page.text


def test_exporting_the_audit_log_is_itself_audited(client_for, erin, events, superuser):
    client_for(erin).get(CSV + "?action=view")
    client_for(superuser).get(JSON)
    exports = list(AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("id"))
    assert [(e.actor_username, e.organisation_name) for e in exports] == [
        ("erin", "Middlesbrough Council"),
        ("root", ""),
    ]
    assert exports[0].object_repr == "audit log (1 rows, csv)"
    assert exports[0].path == CSV
    assert exports[1].object_repr.endswith(", json)")
    # Erin sees her own export in the log afterwards.
    assert "audit log (1 rows, csv)" in client_for(erin).get(PAGE).text


def test_the_page_can_be_filtered_by_action_and_person(client_for, erin, events):
    record(AuditAction.EXPORT, actor=erin, object_repr="an export")
    client = client_for(erin)
    viewed = client.get(PAGE, {"action": "view"}).context["page"].object_list
    assert [e.object_repr for e in viewed] == ["case MB-1"]
    by_erin = client.get(PAGE, {"who": "eri"}).context["page"].object_list
    assert {e.actor_username for e in by_erin} == {"erin"}


def test_bad_filter_values_are_ignored_rather_than_failing(client_for, erin, events):
    response = client_for(erin).get(
        PAGE, {"action": "nonsense", "from": "yesterday", "to": "32/13"}
    )
    assert response.status_code == 200
    assert "case MB-1" in response.text


# Only organisation administrators (erin) may read the log; everyone else is refused outright.
CASES = [
    Case(name, url, {ANONYMOUS: 302, "erin": 200}, default=403)
    for name, url in (("audit page", PAGE), ("audit csv", CSV), ("audit json", JSON))
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_audit_log_answers_each_persona_as_the_matrix_says(
    case, persona, client_for, django_user_model, events
):
    user = None if persona == ANONYMOUS else django_user_model.objects.get(username=persona)
    check_case(case, persona, client_for(user))


def test_a_refused_export_is_not_recorded_as_an_export(client_for, alice, events):
    assert client_for(alice).get(CSV).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_details_column_reads_as_words_not_python(client_for, erin):
    middlesbrough = Organisation.objects.get(name="Middlesbrough Council")
    record(
        AuditAction.MEMBERSHIP,
        actor=erin,
        organisation=middlesbrough,
        object_repr="amir at Middlesbrough Council",
        changes={"event": "changed", "role": ["administrator", "viewer"]},
    )
    page = client_for(erin).get(PAGE).text
    assert "role: administrator \u2192 viewer" in page
    assert "{&#x27;event&#x27;" not in page
    assert "[&#x27;administrator&#x27;" not in page


def test_the_csv_and_json_keep_the_structured_changes(client_for, erin):
    middlesbrough = Organisation.objects.get(name="Middlesbrough Council")
    changes = {"event": "changed", "role": ["administrator", "viewer"]}
    record(AuditAction.MEMBERSHIP, actor=erin, organisation=middlesbrough, changes=changes)
    events = client_for(erin).get(JSON).json()["events"]
    assert changes in [e["changes"] for e in events]


def test_a_malformed_date_filter_is_shown_as_an_error(client_for, erin, events):
    response = client_for(erin).get(PAGE, {"from": "2026-13-45"})
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "&#x27;From&#x27; must be a real date, like 2026-03-27" in response.text
    assert 'value="2026-13-45"' in response.text
    assert "<title>Error:" in response.text


def test_a_to_date_before_the_from_date_is_an_error(client_for, erin, events):
    response = client_for(erin).get(PAGE, {"from": "2026-03-27", "to": "2026-03-01"})
    assert "&#x27;To&#x27; must be the same as or after &#x27;From&#x27;" in response.text


def test_a_good_date_filter_shows_no_error(client_for, erin, events):
    response = client_for(erin).get(PAGE, {"from": "2000-01-01", "to": "2100-01-01"})
    assert "There is a problem" not in response.text
    assert "case MB-1" in response.text


def test_an_export_with_a_malformed_date_is_refused_not_widened(client_for, erin, events):
    response = client_for(erin).get(CSV, {"to": "yesterday"})
    assert response.status_code == 400
    assert "must be a real date" in response.content.decode()
