"""The upload and download pages, the API's writes and the command-line verbs, as people use them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from cohesion.audit.models import AuditEvent
from cohesion.plans.choices import ActionStatus
from cohesion.plans.models import Action, ActionUpdate
from cohesion.plans.spreadsheets import ACTION_COLUMNS
from cohesion.plans.tests.factories import HUB, ActionFactory, PlanFactory, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory()
    ActionFactory(plan=plan, title="Weekly patrols on Newport Road")
    return plan


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_the_manager_downloads_the_actions_as_a_workbook_in_the_import_columns(
    plan, nadia, client_for
):
    response = client_for(nadia).get(f"/plans/{plan.pk}/export/actions.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert list(rows[0]) == [c.name for c in ACTION_COLUMNS]
    assert rows[1][3] == "Weekly patrols on Newport Road"
    assert AuditEvent.objects.filter(actor=nadia, action="export").exists()


def test_a_bad_row_is_shown_with_its_row_column_and_message_and_nothing_is_saved(
    plan, nadia, client_for
):
    before = Action.objects.count()
    response = client_for(nadia).post(
        f"/plans/{plan.pk}/import/actions/",
        {
            "file": upload(
                "actions.csv",
                "title,owner_organisation,starts_on,due_on\n"
                "Litter pick,Middlesbrough Council,2026-05-01,2026-05-02\n"
                "Youth club,Middlesbrough Council,2026-07-01,2026-06-01\n",
            )
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "The due date must be on or after the start date." in page
    assert response.context["outcome"].problems[0].row == 3
    assert Action.objects.count() == before


def test_a_clean_file_is_saved_and_the_page_says_what_changed(plan, carol, client_for):
    client = client_for(carol)
    response = client.post(
        f"/plans/{plan.pk}/import/actions/",
        {
            "file": upload(
                "hub.csv", f"title,owner_organisation,status\nCoffee morning,{HUB},on_track\n"
            )
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "1 added, 0 changed" in response.content.decode()
    action = Action.objects.get(title="Coffee morning")
    assert action.owner_organisation == organisation(HUB)
    assert action.created_by == carol
    assert action.updates.get().by == carol


def test_the_api_adds_an_action_for_the_partners_own_organisation_with_its_history(
    plan, bob, client_for
):
    response = client_for(bob).post(
        f"/api/v1/plans/{plan.pk}/actions/",
        {
            "title": "Station patrols",
            "owner_organisation": "Cleveland Police",
            "partners": ["Middlesbrough Council"],
            "starts_on": "2026-05-01",
            "due_on": "2026-09-30",
            "status": "on_track",
            "note": "Agreed at the steering group.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["partners"] == ["Middlesbrough Council"]
    update = ActionUpdate.objects.get(action_id=body["id"])
    assert (update.new_status, update.note, update.by) == (
        "on_track",
        "Agreed at the steering group.",
        bob,
    )


def test_the_api_answers_bad_fields_with_the_spreadsheets_messages_and_saves_nothing(
    plan, nadia, client_for
):
    action = plan.actions.get()
    response = client_for(nadia).patch(
        f"/api/v1/plans/actions/{action.pk}/",
        {"status": "dropped", "starts_on": "2026-09-01", "due_on": "2026-08-01"},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["due_on"] == ["The due date must be on or after the start date."]
    assert errors["dropped_reason"] == ["Say why the action was dropped."]
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK


def test_the_api_flattens_a_bad_list_item_into_plain_messages(plan, nadia, client_for):
    response = client_for(nadia).post(
        f"/api/v1/plans/{plan.pk}/actions/",
        {"title": "X", "owner_organisation": "Cleveland Police", "partners": ["Nobody Ltd"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "partners": ["Not among the plan's partner organisations (Nobody Ltd)"]
    }


def test_the_command_line_imports_a_file_exported_by_the_command_line(plan, tmp_path, capsys):
    path = tmp_path / "actions.csv"
    call_command("export_plans", "actions", "--plan", str(plan.pk), "--output", str(path))
    text = path.read_text(encoding="utf-8-sig").replace("on_track", "done")
    path.write_text(text, encoding="utf-8")
    call_command("import_plan_actions", str(path), "--plan", str(plan.pk), "--as", "nadia")
    assert "0 added, 1 changed" in capsys.readouterr().out
    assert plan.actions.get().status == ActionStatus.DONE


def test_the_command_line_lists_every_problem_and_saves_nothing(plan, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("title,owner_organisation,progress\nA,Middlesbrough Council,120\n")
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_plan_actions", str(path), "--plan", str(plan.pk))
    assert "row 2, column progress ('120'): Write a whole number from 0 to 100." in (
        capsys.readouterr().err
    )
    assert not Action.objects.filter(title="A").exists()
