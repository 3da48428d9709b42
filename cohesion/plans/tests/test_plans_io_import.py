"""Plans, actions and targets imported in the columns they export: all or nothing, every problem by row."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from cohesion.core.spreadsheets import file_bytes
from cohesion.indicators.models import Dataset, Indicator, IndicatorValue
from cohesion.places.queries import get_area
from cohesion.plans.choices import ActionStatus
from cohesion.plans.models import Action, ActionUpdate, CouncilTheme, Objective, Plan, Target
from cohesion.plans.spreadsheets import (
    ACTION_COLUMNS,
    PLAN_COLUMNS,
    TARGET_COLUMNS,
    action_rows,
    actions_for_export,
    import_actions,
    import_plans,
    import_targets,
    plan_rows,
    plans_for_export,
    target_rows,
    targets_for_export,
)
from cohesion.plans.tests.factories import (
    HUB,
    MIDDLESBROUGH,
    NEWPORT,
    POLICE,
    ActionFactory,
    LocalityFactory,
    PlanFactory,
    PlanThemeFactory,
    organisation,
)

pytestmark = pytest.mark.django_db

ACTION_HEADINGS = ",".join(c.name for c in ACTION_COLUMNS)


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def table(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def export_actions(plan, user, fmt="csv") -> bytes:
    return file_bytes(action_rows(actions_for_export(plan, user)), ACTION_COLUMNS, fmt)


@pytest.fixture
def plan():
    plan = PlanFactory()
    theme = PlanThemeFactory(plan=plan, name="Making people feel safe")
    ActionFactory(plan=plan, theme=theme, title="Weekly patrols on Newport Road")
    ActionFactory(plan=plan, theme=theme, title="Hub drop-in", owner_organisation=organisation(HUB))
    return plan


def test_an_exported_file_imported_unchanged_changes_nothing(plan, nadia):
    updates = ActionUpdate.objects.count()
    outcome = import_actions(plan, "actions.csv", export_actions(plan, nadia), nadia)
    assert outcome.ok, outcome.problems
    assert (outcome.created, outcome.changed, outcome.unchanged) == (0, 0, 2)
    assert ActionUpdate.objects.count() == updates


def test_statuses_changed_in_excel_come_back_with_a_dated_history(plan, nadia):
    workbook = load_workbook(io.BytesIO(export_actions(plan, nadia, "xlsx")))
    sheet = workbook.active
    headings = [cell.value for cell in sheet[1]]
    sheet.cell(2, headings.index("status") + 1, "At risk")
    sheet.cell(2, headings.index("note") + 1, "Two patrols missed in October.")
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = import_actions(plan, "actions.xlsx", buffer.getvalue(), nadia)
    assert outcome.ok, outcome.problems
    assert (outcome.changed, outcome.unchanged) == (1, 1)
    patrols = Action.objects.get(title="Weekly patrols on Newport Road")
    assert patrols.status == ActionStatus.AT_RISK
    update = patrols.updates.get()
    assert (update.old_status, update.new_status, update.by) == ("on_track", "at_risk", nadia)
    assert update.note == "Two patrols missed in October."


def test_a_file_with_one_bad_row_saves_nothing_and_names_the_row_column_and_problem(plan, nadia):
    content = csv_file(
        "title,owner_organisation,starts_on,due_on,status",
        "Street lighting survey,Middlesbrough Council,2026-05-01,2026-06-01,not_started",
        "",
        "Youth club evenings,Middlesbrough Council,2026-07-01,2026-06-01,on_track",
        "Clean-up day,Nobody Ltd,2026-07-01,2026-08-01,maybe",
    )
    before = Action.objects.count()
    outcome = import_actions(plan, "actions.csv", content, nadia)
    assert not outcome.saved
    assert Action.objects.count() == before
    found = {(p.row, p.column) for p in outcome.problems}
    # The blank line is row 3 in the spreadsheet, so the dates out of order are row 4.
    assert (4, "due_on") in found
    assert (5, "owner_organisation") in found
    assert (5, "status") in found
    dates = next(p for p in outcome.problems if p.column == "due_on")
    assert dates.message == "The due date must be on or after the start date."


def test_checking_a_file_only_saves_nothing_even_when_it_is_clean(plan, nadia):
    content = csv_file("title,owner_organisation", "Street lighting survey,Middlesbrough Council")
    outcome = import_actions(plan, "a.csv", content, nadia, check_only=True)
    assert outcome.ok and not outcome.saved and outcome.created == 1
    assert not Action.objects.filter(title="Street lighting survey").exists()


def test_a_partner_changes_and_adds_only_its_own_actions(plan, carol):
    police = Action.objects.get(title="Weekly patrols on Newport Road")
    hub = Action.objects.get(title="Hub drop-in")
    content = csv_file(
        "id,title,owner_organisation,status",
        f"{police.pk},Weekly patrols on Newport Road,{POLICE},done",
        f"{hub.pk},Hub drop-in,{HUB},done",
        f",Police surgery,{POLICE},not_started",
    )
    outcome = import_actions(plan, "a.csv", content, carol)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "id"), (4, "owner_organisation")]
    assert "Cleveland Police" in outcome.problems[0].message
    hub.refresh_from_db()
    assert hub.status == ActionStatus.ON_TRACK  # nothing saved

    allowed = csv_file(
        "id,title,owner_organisation,status",
        f"{hub.pk},Hub drop-in,{HUB},done",
        f",Coffee morning,{HUB},not_started",
    )
    outcome = import_actions(plan, "a.csv", allowed, carol)
    assert outcome.ok and outcome.saved and (outcome.created, outcome.changed) == (1, 1)
    hub.refresh_from_db()
    assert (hub.status, hub.progress) == (ActionStatus.DONE, 100)


def test_an_action_of_another_plan_is_not_found(plan, nadia):
    other = ActionFactory()
    outcome = import_actions(plan, "a.csv", csv_file("id,status", f"{other.pk},done"), nadia)
    assert outcome.problems[0].column == "id"
    assert "No action with this id" in outcome.problems[0].message


def test_text_that_would_run_as_a_formula_is_written_safe_and_read_back_as_typed(plan, nadia):
    action = Action.objects.get(title="Hub drop-in")
    action.title = "=HYPERLINK(1)"
    action.save()
    exported = export_actions(plan, nadia)
    assert "'=HYPERLINK(1)" in exported.decode("utf-8-sig")
    outcome = import_actions(plan, "a.csv", exported, nadia)
    assert outcome.ok and outcome.changed == 0
    action.refresh_from_db()
    assert action.title == "=HYPERLINK(1)"


def test_an_unknown_column_is_a_problem_with_the_heading_row(plan, nadia):
    outcome = import_actions(plan, "a.csv", csv_file("title,staus", "X,done"), nadia)
    assert [(p.row, p.column) for p in outcome.problems] == [(1, "staus")]
    assert "not one of the columns" in outcome.problems[0].message


def test_new_objectives_are_added_under_the_named_theme(plan, nadia):
    content = csv_file(
        "title,theme,objective,owner_organisation,ward",
        "Lighting audit,making people feel safe,Safer streets after dark,Middlesbrough Council,Newport",
        "Alley gates,Making people feel safe,Safer streets after dark,Middlesbrough Council,E05009866",
    )
    outcome = import_actions(plan, "a.csv", content, nadia)
    assert outcome.ok, outcome.problems
    assert outcome.objectives_created == 1
    objective = Objective.objects.get(title="Safer streets after dark")
    assert set(objective.actions.values_list("area_code", flat=True)) == {NEWPORT}


def test_exporting_a_plans_actions_takes_a_constant_number_of_queries(
    plan, nadia, django_assert_max_num_queries
):
    for _ in range(20):
        ActionFactory(plan=plan, owner_organisation=organisation(HUB))
    with django_assert_max_num_queries(12):
        rows = action_rows(actions_for_export(plan, nadia))
    assert len(rows) == 22


# ------------------------------------------------------------------ targets


@pytest.fixture
def asb_series():
    indicator = Indicator.objects.create(
        code="crime-month-anti-social-behaviour",
        title="Anti-social behaviour",
        definition="Police-recorded anti-social behaviour incidents.",
        unit="count",
    )
    dataset = Dataset.objects.create(source="test", title="police.uk", values_count=1)
    IndicatorValue.objects.create(
        indicator=indicator,
        dataset=dataset,
        area_code=NEWPORT,
        area_level="ward",
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2025, 4, 30),
        value=60,
    )
    return indicator


TARGET_HEADINGS = "title,indicator,area,baseline_value,baseline_start,baseline_end,target_value,target_date,direction"


def test_targets_import_with_their_series_and_export_in_the_same_columns(plan, nadia, asb_series):
    content = csv_file(
        TARGET_HEADINGS,
        "Less anti-social behaviour,crime-month-anti-social-behaviour,E05009866,60,2025-04-01,30/04/2025,45,2027-03-31,decrease",
    )
    outcome = import_targets(plan, "t.csv", content, nadia)
    assert outcome.ok, outcome.problems
    target = Target.objects.get(plan=plan)
    assert (target.baseline_end, target.target_value) == (dt.date(2025, 4, 30), 45.0)
    exported = file_bytes(target_rows(targets_for_export(plan)), TARGET_COLUMNS, "csv")
    assert list(table(exported)[0]) == [c.name for c in TARGET_COLUMNS]
    again = import_targets(plan, "t.csv", exported, nadia)
    assert again.ok and (again.changed, again.unchanged) == (0, 1)


def test_a_target_with_no_values_for_its_area_or_the_wrong_way_saves_nothing(
    plan, nadia, asb_series
):
    content = csv_file(
        TARGET_HEADINGS,
        "A,crime-month-anti-social-behaviour,E06000002,60,2025-04-01,2025-04-30,45,2027-03-31,decrease",
        "B,crime-month-anti-social-behaviour,E05009866,60,2025-04-01,2025-04-30,75,2027-03-31,decrease",
        "C,no-such-indicator,E05009866,60,2025-04-01,2025-04-30,45,2027-03-31,decrease",
        "D,crime-month-anti-social-behaviour,E05009866,60,2025-04-01,2025-04-30,45,2025-01-01,decrease",
    )
    outcome = import_targets(plan, "t.csv", content, nadia)
    assert [(p.row, p.column) for p in outcome.problems] == [
        (2, "area"),
        (3, "target_value"),
        (4, "indicator"),
        (5, "target_date"),
    ]
    assert outcome.problems[1].message == (
        "The target asks for a decrease: it must be below the baseline."
    )
    assert not Target.objects.filter(plan=plan).exists()


# ------------------------------------------------------------------ plans


def test_a_coordinator_imports_a_strategy_and_a_locality_plan_that_copies_its_locality(
    alice,
):
    locality = LocalityFactory(slug="north-ormesby", name="North Ormesby")
    CouncilTheme.objects.create(
        council=get_area(MIDDLESBROUGH), name="Healthier population", lead_service="Public Health"
    )
    content = csv_file(
        "kind,locality,title,starts_on,ends_on",
        "strategy,,Cohesion strategy 2026-29,2026-04-01,2029-03-31",
        "locality,north-ormesby,North Ormesby plan,2026-04-01,2027-03-31",
    )
    outcome = import_plans(get_area(MIDDLESBROUGH), "p.csv", content, alice)
    assert outcome.ok, outcome.problems
    made = Plan.objects.get(title="North Ormesby plan")
    assert made.manager == locality.manager
    assert set(made.wards.all()) == set(locality.wards.all())
    assert set(made.partners.all()) == set(locality.partners.all())
    assert list(made.themes.values_list("name", "lead_service")) == [
        ("Healthier population", "Public Health")
    ]
    exported = file_bytes(plan_rows(plans_for_export(alice, MIDDLESBROUGH)), PLAN_COLUMNS, "csv")
    again = import_plans(get_area(MIDDLESBROUGH), "p.csv", exported, alice)
    assert again.ok and again.unchanged == 2, again.problems


def test_a_neighbourhood_manager_cannot_add_a_council_strategy(nadia):
    content = csv_file("kind,title,starts_on,ends_on", "strategy,S,2026-04-01,2027-03-31")
    outcome = import_plans(get_area(MIDDLESBROUGH), "p.csv", content, nadia)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "kind")]
    assert not Plan.objects.filter(title="S").exists()


def test_an_issue_plan_is_not_imported_and_a_plan_of_another_council_is_not_found(alice, dave):
    darlington_plan = PlanFactory()
    content = csv_file(
        "id,kind,title,starts_on,ends_on",
        ",issue,Issue,2026-04-01,2027-03-31",
    )
    outcome = import_plans(get_area(MIDDLESBROUGH), "p.csv", content, alice)
    assert outcome.problems[0].column == "kind"
    outcome = import_plans(
        get_area(MIDDLESBROUGH), "p.csv", csv_file("id,title", f"{darlington_plan.pk},X"), dave
    )
    assert outcome.problems[0].column == "id"
    assert "No plan with this id" in outcome.problems[0].message
