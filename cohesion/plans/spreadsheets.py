"""Plans, actions and targets as CSV and XLSX files, imported in the columns they are exported in.

Decidim's accountability module taught councils to keep a plan in a spreadsheet and
load it in one go; its most requested feature was an import in exactly the export's
columns, all or nothing. So here:

* **the same columns both ways.** :data:`ACTION_COLUMNS`, :data:`TARGET_COLUMNS` and
  :data:`PLAN_COLUMNS` are what an export writes and what an import reads. Download a
  plan's actions, change statuses in Excel, upload the file: that is the round trip.
  A few columns are written for reading only (a target's computed status) and are
  ignored on import; they are marked so in the column's help.
* **an ``id`` column says which record a row is.** A row with an id changes that record
  (which must belong to the plan, and be one the person may change); a row without one
  adds a record. Records missing from the file are left alone: an import never deletes.
* **a column left out leaves that field alone**, so a file of ``id``, ``status`` and
  ``progress`` only updates statuses. A column present with an empty cell clears the
  field, or is an error where the field is required.
* **one transaction, every problem listed.** Every row is checked (and every record
  validated as the model's own ``full_clean`` would, constraints included) before
  anything is kept; the problems come back as (row, column, value, plain message), with
  the row number the person sees in their spreadsheet. If there is one problem, nothing
  is saved.
* **the same access as the pages.** Each partner changes only its own actions; the
  plan's editors change any action, its targets and the plan itself; organisations,
  people and wards named in a cell must be ones the person may name (the plan's
  partners, members of the owner organisation, the plan's wards).

Status and progress changes imported for an action are recorded as an
:class:`~cohesion.plans.models.ActionUpdate`, as on the pages, with the row's ``note``.

Cells that a spreadsheet would run as a formula are written with a leading
apostrophe (:mod:`cohesion.core.exports`) and read back without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.permissions import CHANGE, VIEW, organisation_scope, user_scope
from cohesion.core.spreadsheets import (
    LIST_SEPARATOR,
    Column,
    Problem,
    Row,
    read_table,
)
from cohesion.core.spreadsheets import Outcome as TableOutcome
from cohesion.core.text import identifier_key
from cohesion.places.models import Area
from cohesion.plans.access import organisations_acting
from cohesion.plans.choices import ActionStatus, PlanKind, PlanStatus, TargetDirection
from cohesion.plans.models import (
    Action,
    ActionUpdate,
    Locality,
    Objective,
    Plan,
    PlanTheme,
    Target,
)
from cohesion.plans.models.plans import TARGET_STATUS_CHOICES
from cohesion.plans.services import copy_council_themes


def _c(name: str, help: Any, **flags: bool) -> Column:
    return Column(name, help, **flags)


ACTION_COLUMNS: tuple[Column, ...] = (
    _c("id", gettext_lazy("The action's number; leave empty to add a new action.")),
    _c("theme", gettext_lazy("The plan's theme, by name.")),
    _c(
        "objective",
        gettext_lazy("An objective of the theme, by title; a new title adds the objective."),
    ),
    _c("title", gettext_lazy("What will be done."), required=True),
    _c("description", gettext_lazy("More about the action.")),
    _c(
        "owner_organisation",
        gettext_lazy("The partner organisation that owns it, by name."),
        required=True,
    ),
    _c("owner_person", gettext_lazy("The person who owns it: their user name or email address.")),
    _c("partners", gettext_lazy("Other partner organisations, by name, separated by semicolons.")),
    _c("ward", gettext_lazy("The ward it is for (GSS code or name), one of the plan's wards.")),
    _c("starts_on", gettext_lazy("Start date, YYYY-MM-DD or DD/MM/YYYY.")),
    _c("due_on", gettext_lazy("Due date, YYYY-MM-DD or DD/MM/YYYY; on or after the start date.")),
    _c(
        "status",
        gettext_lazy("not_started, on_track, at_risk, off_track, done or dropped (or the words)."),
    ),
    _c("progress", gettext_lazy("Per cent complete, 0 to 100.")),
    _c(
        "dropped_reason",
        gettext_lazy("Why the action was dropped (needed when the status is dropped)."),
    ),
    _c("weight", gettext_lazy("How much the action counts in the plan's progress (1 or more).")),
    _c(
        "is_public",
        gettext_lazy("yes to show the title and status on the public locality page, else no."),
    ),
    _c(
        "note",
        gettext_lazy("The latest progress note; a new note is added to the action's history."),
    ),
)

TARGET_COLUMNS: tuple[Column, ...] = (
    _c("id", gettext_lazy("The target's number; leave empty to add a new target.")),
    _c("theme", gettext_lazy("The plan's theme, by name.")),
    _c(
        "objective",
        gettext_lazy("An objective of the theme, by title; a new title adds the objective."),
    ),
    _c("title", gettext_lazy("What the target is."), required=True),
    _c(
        "indicator",
        gettext_lazy("The indicator's code, e.g. crime-month-anti-social-behaviour."),
        required=True,
    ),
    _c("area", gettext_lazy("The GSS code of the ward or council measured."), required=True),
    _c("baseline_value", gettext_lazy("The baseline value."), required=True),
    _c("baseline_start", gettext_lazy("First day of the baseline period."), required=True),
    _c("baseline_end", gettext_lazy("Last day of the baseline period."), required=True),
    _c("baseline_lower", gettext_lazy("Lower end of the baseline's interval, if it has one.")),
    _c("baseline_upper", gettext_lazy("Upper end of the baseline's interval, if it has one.")),
    _c("target_value", gettext_lazy("The value to reach."), required=True),
    _c("target_date", gettext_lazy("When to reach it; after the baseline period."), required=True),
    _c("direction", gettext_lazy("decrease or increase: which way is better."), required=True),
    _c(
        "manual_status",
        gettext_lazy("A status the partnership sets by hand, overriding the computed one."),
    ),
    _c("manual_reason", gettext_lazy("Why the manual status was set (needed with it).")),
    _c(
        "computed_status",
        gettext_lazy("Computed from the indicator's series (read only)."),
        read_only=True,
    ),
    _c("latest_value", gettext_lazy("The latest value of the series (read only)."), read_only=True),
    _c(
        "latest_period_end",
        gettext_lazy("When the latest value's period ends (read only)."),
        read_only=True,
    ),
)

PLAN_COLUMNS: tuple[Column, ...] = (
    _c("id", gettext_lazy("The plan's number; leave empty to add a new plan.")),
    _c(
        "kind",
        gettext_lazy("locality or strategy (issue plans are opened from their record)."),
        required=True,
    ),
    _c("locality", gettext_lazy("The locality's short name (slug), for a locality plan.")),
    _c("title", gettext_lazy("The plan's title."), required=True),
    _c("summary", gettext_lazy("Public: what the plan is for.")),
    _c("status", gettext_lazy("draft, active or closed.")),
    _c("starts_on", gettext_lazy("First day of the plan."), required=True),
    _c("ends_on", gettext_lazy("Last day of the plan."), required=True),
    _c(
        "wards",
        gettext_lazy(
            "Ward GSS codes or names, separated by semicolons; empty for the whole council."
        ),
    ),
    _c("partners", gettext_lazy("Partner organisations by name, separated by semicolons.")),
    _c("manager", gettext_lazy("The neighbourhood manager: user name or email address.")),
    _c("review_every_days", gettext_lazy("How many days between reviews (e.g. 31).")),
    _c(
        "is_published",
        gettext_lazy("yes to publish the public parts on the locality page, else no."),
    ),
)

TABLES: dict[str, tuple[Column, ...]] = {
    "actions": ACTION_COLUMNS,
    "targets": TARGET_COLUMNS,
    "plans": PLAN_COLUMNS,
}


@dataclass
class Outcome(TableOutcome):
    """What an import of plans, actions or targets did, with the objectives it added."""

    objectives_created: int = 0


# --------------------------------------------------------------------------- who may


def may_import_actions(plan: Plan, user: Any) -> bool:
    """The plan's editors, and officers of its partner organisations (who add and change their own)."""
    if Plan.objects.restrict(user, CHANGE).filter(pk=plan.pk).exists():
        return True
    acting = set(organisations_acting(user))
    return plan.partners.filter(pk__in=acting).exists()


def councils_for_plan_import(user: Any) -> list[Area]:
    """The councils whose plans ``user`` may add or change: where they coordinate, or manage a locality."""
    from cohesion.places.choices import Level

    scope = user_scope(user, min_role=Role.COORDINATOR, kinds=(OrganisationKind.COUNCIL,))
    councils = Area.objects.current(Level.COUNCIL)
    if not scope.everywhere:
        managed = Locality.objects.restrict(user, "add").values_list("council_code", flat=True)
        plans = Plan.objects.restrict(user, CHANGE).values_list("council_code", flat=True)
        councils = councils.filter(code__in={*scope.councils, *managed, *plans})
    return list(councils.order_by("name"))


# --------------------------------------------------------------------------- writing


def _names(organisations: Iterable[Organisation]) -> str:
    return f"{LIST_SEPARATOR} ".join(sorted(o.name for o in organisations))


def _person(user: Any) -> str:
    return user.get_username() if user is not None else ""


def action_rows(actions: Iterable[Action]) -> list[dict[str, Any]]:
    """Actions as rows in :data:`ACTION_COLUMNS` (from :func:`actions_for_export`)."""
    rows = []
    for action in actions:
        updates = list(action.updates.all())
        rows.append(
            {
                "id": action.pk,
                "theme": action.theme.name if action.theme else "",
                "objective": action.objective.title if action.objective else "",
                "title": action.title,
                "description": action.description,
                "owner_organisation": action.owner_organisation.name,
                "owner_person": _person(action.owner_person),
                "partners": _names(action.partners.all()),
                "ward": action.area_code,
                "starts_on": action.starts_on,
                "due_on": action.due_on,
                "status": action.status,
                "progress": action.progress,
                "dropped_reason": action.dropped_reason,
                "weight": action.weight,
                "is_public": action.is_public,
                "note": updates[-1].note if updates else "",
            }
        )
    return rows


def actions_for_export(plan: Plan, user: Any, *, everything: bool = False) -> list[Action]:
    """The plan's actions ``user`` may see (``everything``: the operator's command line), with what
    their rows need, in a constant number of queries."""
    actions = Action.objects.all() if everything else Action.objects.restrict(user, VIEW)
    return list(
        actions.filter(plan=plan)
        .select_related("theme", "objective", "owner_organisation", "owner_person")
        .prefetch_related(
            "partners", Prefetch("updates", queryset=ActionUpdate.objects.order_by("at", "pk"))
        )
        .order_by("theme__order", "theme__name", "pk")
    )


def target_rows(targets: Iterable[Target]) -> list[dict[str, Any]]:
    """Targets as rows in :data:`TARGET_COLUMNS`."""
    return [
        {
            "id": t.pk,
            "theme": t.theme.name if t.theme else "",
            "objective": t.objective.title if t.objective else "",
            "title": t.title,
            "indicator": t.indicator_code,
            "area": t.area_code,
            "baseline_value": t.baseline_value,
            "baseline_start": t.baseline_start,
            "baseline_end": t.baseline_end,
            "baseline_lower": t.baseline_lower,
            "baseline_upper": t.baseline_upper,
            "target_value": t.target_value,
            "target_date": t.target_date,
            "direction": t.direction,
            "manual_status": t.manual_status,
            "manual_reason": t.manual_reason,
            "computed_status": t.computed_status,
            "latest_value": t.computed_latest_value,
            "latest_period_end": t.computed_latest_end,
        }
        for t in targets
    ]


def targets_for_export(plan: Plan) -> list[Target]:
    return list(plan.targets.select_related("theme", "objective").order_by("order", "pk"))


def plan_rows(plans: Iterable[Plan]) -> list[dict[str, Any]]:
    """Plans as rows in :data:`PLAN_COLUMNS` (from :func:`plans_for_export`)."""
    return [
        {
            "id": p.pk,
            "kind": p.kind,
            "locality": p.locality.slug if p.locality else "",
            "title": p.title,
            "summary": p.summary,
            "status": p.status,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "wards": f"{LIST_SEPARATOR} ".join(sorted(w.code for w in p.wards.all())),
            "partners": _names(p.partners.all()),
            "manager": _person(p.manager),
            "review_every_days": p.review_every_days,
            "is_published": p.is_published,
        }
        for p in plans
    ]


def plans_for_export(user: Any, council_code: str = "") -> list[Plan]:
    plans = Plan.objects.restrict(user, VIEW)
    if council_code:
        plans = plans.filter(council_code=council_code)
    return list(
        plans.select_related("locality", "manager")
        .prefetch_related("wards", "partners")
        .order_by("council_code", "title", "pk")
    )


# --------------------------------------------------------------------------- reading


def _validate(row: Row, obj: Model, fields: Mapping[str, str]) -> None:
    """The model's own validation of the fields a file sets (their checks, ``clean`` and the
    constraints on them), each message put on its column."""
    exclude = [f.name for f in obj._meta.fields if f.name not in fields]
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                row.problem(fields.get(name, ""), message)


def _need(row: Row, columns: Sequence[Column], new: bool) -> None:
    for column in columns:
        if column.read_only or not column.required:
            continue
        if (new or row.has(column.name)) and not row.text(column.name):
            row.problem(column.name, _("This column needs a value."))


def _lookup_by(objects: Iterable[Any], *keys: Callable[[Any], str]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for obj in objects:
        for key in keys:
            text = key(obj)
            if text:
                table.setdefault(identifier_key(text), obj)
    return table


def _people_of(organisations: Iterable[Organisation]) -> dict[int, dict[str, Any]]:
    """Active members of each organisation, by user name and email address."""
    people: dict[int, dict[str, Any]] = {}
    for m in (
        Membership.objects.active()
        .filter(organisation__in=list(organisations))
        .select_related("user")
    ):
        lookup = people.setdefault(m.organisation_id, {})
        for text in (m.user.get_username(), m.user.email):
            if text:
                lookup.setdefault(identifier_key(text), m.user)
    return people


def _ward_lookup(wards: Iterable[Area]) -> dict[str, Area]:
    return _lookup_by(wards, lambda w: w.code, lambda w: w.name)


class _Objectives:
    """A plan's objectives by theme and title; an import adds the ones it names that are new."""

    def __init__(self, plan: Plan) -> None:
        self.by_key = {
            (o.theme_id, identifier_key(o.title)): o
            for o in Objective.objects.filter(theme__plan=plan)
        }
        self.created = 0

    def find_or_add(self, row: Row, theme: PlanTheme | None, title: str) -> Objective | None:
        if not title:
            return None
        if theme is None:
            row.problem("objective", _("Name the theme the objective belongs to."))
            return None
        key = (theme.pk, identifier_key(title))
        if key not in self.by_key:
            if len(title) > 300:
                row.problem("objective", _("An objective's title is at most 300 characters."))
                return None
            self.by_key[key] = Objective.objects.create(theme=theme, title=title)
            self.created += 1
        return self.by_key[key]


def _run(
    rows: list[tuple[int, dict[str, str]]],
    problems: list[Problem],
    check_only: bool,
    apply: Callable[[Row, Outcome], None],
) -> Outcome:
    """Apply every row in one transaction; keep it only if every row was accepted."""
    outcome = Outcome(problems=problems)
    if problems:
        return outcome
    with transaction.atomic():
        for number, cells in rows:
            row = Row(number, cells, outcome.problems)
            apply(row, outcome)
        if outcome.problems or check_only:
            transaction.set_rollback(True)
        else:
            outcome.saved = True
    if not outcome.saved:
        outcome.records = []
    return outcome


def _count(outcome: Outcome, obj: Model, new: bool, changed: bool) -> None:
    if new:
        outcome.created += 1
    elif changed:
        outcome.changed += 1
    else:
        outcome.unchanged += 1
    outcome.records.append(obj)


def _snapshot(obj: Model, names: Sequence[str]) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in names)


ACTION_FIELDS = {
    "title": "title",
    "description": "description",
    "theme": "theme",
    "objective": "objective",
    "owner_organisation": "owner_organisation",
    "owner_person": "owner_person",
    "area_code": "ward",
    "starts_on": "starts_on",
    "due_on": "due_on",
    "status": "status",
    "progress": "progress",
    "dropped_reason": "dropped_reason",
    "weight": "weight",
    "is_public": "is_public",
}
_ACTION_SNAPSHOT = (
    "title",
    "description",
    "theme_id",
    "objective_id",
    "owner_organisation_id",
    "owner_person_id",
    "area_code",
    "starts_on",
    "due_on",
    "status",
    "progress",
    "dropped_reason",
    "weight",
    "is_public",
)


def import_actions(
    plan: Plan,
    filename: str,
    content: bytes,
    user: Any,
    *,
    check_only: bool = False,
) -> Outcome:
    """Add and change a plan's actions from a file in :data:`ACTION_COLUMNS`, all or nothing.

    ``user`` is who acts: a plan editor adds and changes any action for any partner;
    an officer of a partner adds and changes its own organisation's actions. ``user``
    None is the operator at the command line, who may change everything.
    """
    rows, problems = read_table(filename, content, ACTION_COLUMNS)
    return _run(
        rows, problems, check_only, _ActionImport(plan, user, note=f"Imported from {filename}")
    )


def import_action_cells(plan: Plan, cells: Mapping[str, str], user: Any) -> Outcome:
    """Add or change one action (``id`` among the cells) from cells of the actions table: the REST
    API's writes, checked and recorded exactly as a row of a file."""
    return _run([(1, dict(cells))], [], False, _ActionImport(plan, user, note=""))


class _ActionImport:
    """What checking an action row needs to know about the plan and the person, read once."""

    def __init__(self, plan: Plan, user: Any, note: str) -> None:
        self.plan = plan
        self.user = user
        self.note = note
        everything = user is None
        self.edits_plan = (
            everything or Plan.objects.restrict(user, CHANGE).filter(pk=plan.pk).exists()
        )
        visible = Action.objects.filter(plan=plan)
        if not everything:
            visible = Action.objects.restrict(user, VIEW).filter(plan=plan)
        self.actions = {a.pk: a for a in visible.prefetch_related("partners", "updates")}
        self.changeable = (
            set(self.actions)
            if everything
            else set(
                Action.objects.restrict(user, CHANGE).filter(plan=plan).values_list("pk", flat=True)
            )
        )
        partners = list(plan.partners.all())
        self.partners = _lookup_by(partners, lambda o: o.name)
        acting = set(organisations_acting(user)) if user is not None else set()
        self.own = _lookup_by(
            [o for o in partners if self.edits_plan or o.pk in acting], lambda o: o.name
        )
        self.people = _people_of(partners)
        self.themes = _lookup_by(plan.themes.all(), lambda t: t.name)
        self.wards = _ward_lookup(plan.wards.all())
        self.objectives = _Objectives(plan)

    def __call__(self, row: Row, outcome: Outcome) -> None:
        plan = self.plan
        action_id = row.whole("id", 1, 2**31 - 1)
        new = action_id is None and not row.text("id")
        action: Action | None
        if new:
            action = Action(plan=plan, council=plan.council, created_by=self.user)
        else:
            action = self.actions.get(action_id) if action_id else None
            if action is None:
                if action_id:
                    row.problem(
                        "id",
                        _("No action with this id in the plan; leave the id empty to add one."),
                    )
                return
            if action.pk not in self.changeable:
                row.problem(
                    "id",
                    _("You may not change this action: it is %(owner)s's.")
                    % {"owner": action.owner_organisation.name},
                )
                return
        _need(row, ACTION_COLUMNS, new)
        before = _snapshot(action, _ACTION_SNAPSHOT)
        old_status, old_progress = action.status, action.progress
        for name in ("title", "description", "dropped_reason"):
            if row.has(name):
                setattr(action, name, row.text(name))
        if row.has("theme"):
            action.theme = row.one_of(
                "theme", self.themes, _("Not one of the plan's themes; check the spelling.")
            )
        if row.has("objective"):
            action.objective = self.objectives.find_or_add(row, action.theme, row.text("objective"))
        elif action.objective and action.objective.theme_id != action.theme_id:
            action.objective = None
        if row.has("owner_organisation") and row.text("owner_organisation"):
            owner = row.one_of(
                "owner_organisation",
                self.partners,
                _("Not one of the plan's partner organisations."),
            )
            if owner is not None and identifier_key(owner.name) not in self.own:
                row.problem(
                    "owner_organisation",
                    _("You may add and change actions only for your own organisation."),
                )
            elif owner is not None:
                action.owner_organisation = owner
        if row.has("owner_person"):
            people = self.people.get(action.owner_organisation_id or 0, {})
            action.owner_person = row.one_of(
                "owner_person",
                people,
                _("Not a member of the owner organisation: give their user name or email address."),
            )
        if row.has("ward"):
            ward = row.one_of("ward", self.wards, _("Not one of the plan's wards."))
            action.area_code = ward.code if ward is not None else ""
        for name in ("starts_on", "due_on"):
            if row.has(name):
                setattr(action, name, row.date(name))
        if row.has("status"):
            action.status = row.choice("status", ActionStatus.choices) or ActionStatus.NOT_STARTED
        if row.has("progress"):
            progress = row.whole("progress", 0, 100)
            action.progress = progress if progress is not None else 0
        if row.has("weight"):
            action.weight = row.whole("weight", 1, 1000) or 1
        if row.has("is_public"):
            shown = row.yes_no("is_public")
            action.is_public = True if shown is None else shown
        partners = None
        if row.has("partners"):
            partners = row.many_of(
                "partners", self.partners, _("Not among the plan's partner organisations")
            )
        if not row.ok:
            return
        _validate(row, action, ACTION_FIELDS)
        if not row.ok:
            return
        note = row.text("note")
        updates = list(action.updates.all()) if action.pk else []
        new_note = bool(note) and (not updates or updates[-1].note != note)
        changed = before != _snapshot(action, _ACTION_SNAPSHOT)
        old_partners = {o.pk for o in action.partners.all()} if action.pk else set()
        partners_changed = partners is not None and {o.pk for o in partners} != old_partners
        if new or changed:
            action.save()
        if partners is not None and (new or partners_changed):
            action.partners.set(partners)
        if new or old_status != action.status or old_progress != action.progress or new_note:
            action.note_change(
                by=self.user,
                old_status="" if new else old_status,
                old_progress=None if new else old_progress,
                note=note or self.note,
            )
        _count(outcome, action, new, changed or partners_changed or new_note)
        outcome.objectives_created = self.objectives.created


TARGET_FIELDS = {
    "title": "title",
    "theme": "theme",
    "objective": "objective",
    "indicator_code": "indicator",
    "area_code": "area",
    "baseline_value": "baseline_value",
    "baseline_start": "baseline_start",
    "baseline_end": "baseline_end",
    "baseline_lower": "baseline_lower",
    "baseline_upper": "baseline_upper",
    "target_value": "target_value",
    "target_date": "target_date",
    "direction": "direction",
    "manual_status": "manual_status",
    "manual_reason": "manual_reason",
}


def import_targets(
    plan: Plan, filename: str, content: bytes, user: Any, *, check_only: bool = False
) -> Outcome:
    """Add and change a plan's targets from a file in :data:`TARGET_COLUMNS`, all or nothing.

    Only the plan's editors change its targets. A target must name an indicator that
    has values for its area (else its status could never be computed).
    """
    rows, problems = read_table(filename, content, TARGET_COLUMNS)
    outcome = _run(rows, problems, check_only, _TargetImport(plan, user))
    if outcome.saved:
        # Imported targets are judged against their series at once, not at the next release.
        from cohesion.plans.services import refresh_target_statuses

        refresh_target_statuses(targets=[r for r in outcome.records if isinstance(r, Target)])
    return outcome


def _areas_of(plan: Plan) -> dict[str, Area]:
    return {a.code: a for a in [plan.council, *plan.wards.all()]}


class _TargetImport:
    def __init__(self, plan: Plan, user: Any) -> None:
        from cohesion.indicators.queries import areas_holding_values

        self.plan = plan
        self.user = user
        self.targets = {t.pk: t for t in plan.targets.all()}
        self.themes = _lookup_by(plan.themes.all(), lambda t: t.name)
        self.objectives = _Objectives(plan)
        self.areas = _lookup_by(_areas_of(plan).values(), lambda a: a.code, lambda a: a.name)
        self.areas_holding_values = areas_holding_values
        self.held: dict[str, set[str]] = {}

    def _held(self, indicator: str) -> set[str] | None:
        if indicator not in self.held:
            found = self.areas_holding_values(indicator, list(_areas_of(self.plan)))
            if found is None:
                return None
            self.held[indicator] = found
        return self.held[indicator]

    def __call__(self, row: Row, outcome: Outcome) -> None:
        target_id = row.whole("id", 1, 2**31 - 1)
        new = target_id is None and not row.text("id")
        target: Target | None
        if new:
            target = Target(plan=self.plan)
        else:
            target = self.targets.get(target_id) if target_id else None
            if target is None:
                if target_id:
                    row.problem(
                        "id",
                        _("No target with this id in the plan; leave the id empty to add one."),
                    )
                return
        _need(row, TARGET_COLUMNS, new)
        before = _snapshot(target, [f for f in TARGET_FIELDS if f not in ("theme", "objective")])
        before_links = (target.theme_id, target.objective_id)
        for name, column in (("title", "title"), ("manual_reason", "manual_reason")):
            if row.has(column):
                setattr(target, name, row.text(column))
        if row.has("theme"):
            target.theme = row.one_of(
                "theme", self.themes, _("Not one of the plan's themes; check the spelling.")
            )
        if row.has("objective"):
            target.objective = self.objectives.find_or_add(row, target.theme, row.text("objective"))
        if row.has("indicator"):
            target.indicator_code = row.text("indicator")
        if row.has("area"):
            area = row.one_of("area", self.areas, _("Not the plan's council or one of its wards."))
            target.area_code = area.code if area is not None else ""
        for name in ("baseline_value", "baseline_lower", "baseline_upper", "target_value"):
            if row.has(name):
                setattr(target, name, row.number(name))
        for name in ("baseline_start", "baseline_end", "target_date"):
            if row.has(name):
                setattr(target, name, row.date(name))
        if row.has("direction"):
            target.direction = row.choice("direction", TargetDirection.choices) or ""
        if row.has("manual_status"):
            target.manual_status = row.choice("manual_status", TARGET_STATUS_CHOICES) or ""
        if not row.ok:
            return
        if row.has("indicator") or row.has("area"):
            held = self._held(target.indicator_code)
            if held is None:
                row.problem("indicator", _("No indicator has this code."))
            elif target.area_code not in held:
                row.problem(
                    "area",
                    _("The indicator has no values for this area, so no status could be computed."),
                )
        if not row.ok:
            return
        _validate(row, target, TARGET_FIELDS)
        if not row.ok:
            return
        changed = before != _snapshot(
            target, [f for f in TARGET_FIELDS if f not in ("theme", "objective")]
        ) or before_links != (target.theme_id, target.objective_id)
        if target.manual_status and (new or changed):
            from django.utils import timezone

            target.manual_set_by = self.user
            target.manual_set_at = timezone.now()
        if new or changed:
            target.save()
        _count(outcome, target, new, changed)
        outcome.objectives_created = self.objectives.created


PLAN_FIELDS = {
    "kind": "kind",
    "locality": "locality",
    "title": "title",
    "summary": "summary",
    "status": "status",
    "starts_on": "starts_on",
    "ends_on": "ends_on",
    "manager": "manager",
    "review_every_days": "review_every_days",
    "is_published": "is_published",
}
_PLAN_SNAPSHOT = (
    "kind",
    "locality_id",
    "title",
    "summary",
    "status",
    "starts_on",
    "ends_on",
    "manager_id",
    "review_every_days",
    "is_published",
)


def import_plans(
    council: Area, filename: str, content: bytes, user: Any, *, check_only: bool = False
) -> Outcome:
    """Add and change a council's plans from a file in :data:`PLAN_COLUMNS`, all or nothing.

    A plan's editors change it. A new locality plan needs someone who may edit plans of
    its locality (its manager, a council coordinator); a new strategy needs a council
    coordinator. A new plan takes the locality's wards, partners and manager where
    those cells are empty, and the council's themes. Issue-based plans are opened
    from their alert, assessment, trigger event or rumour, not imported.
    """
    rows, problems = read_table(filename, content, PLAN_COLUMNS)
    return _run(rows, problems, check_only, _PlanImport(council, user))


class _PlanImport:
    def __init__(self, council: Area, user: Any) -> None:
        from cohesion.places.queries import children_of

        self.council = council
        self.user = user
        everything = user is None
        plans = Plan.objects.filter(council_code=council.code)
        self.plans = {p.pk: p for p in plans.prefetch_related("wards", "partners")}
        self.changeable = (
            set(self.plans)
            if everything
            else set(
                Plan.objects.restrict(user, CHANGE)
                .filter(council_code=council.code)
                .values_list("pk", flat=True)
            )
        )
        self.visible = (
            set(self.plans)
            if everything
            else set(
                Plan.objects.restrict(user, VIEW)
                .filter(council_code=council.code)
                .values_list("pk", flat=True)
            )
        )
        localities = Locality.objects.filter(council_code=council.code)
        self.localities = _lookup_by(
            localities.prefetch_related("wards", "partners"),
            lambda loc: loc.slug,
            lambda loc: loc.name,
        )
        self.localities_editable = (
            {loc.pk for loc in localities}
            if everything
            else set(
                Locality.objects.restrict(user, "add")
                .filter(council_code=council.code)
                .values_list("pk", flat=True)
            )
        )
        self.coordinates = everything or user_scope(
            user, min_role=Role.COORDINATOR, kinds=(OrganisationKind.COUNCIL,)
        ).covers(council.code)
        self.wards = _ward_lookup(children_of(council))
        working_here = [
            o
            for o in Organisation.objects.prefetch_related("areas")
            if organisation_scope(o).covers(council.code)
            or any(w in organisation_scope(o).wards for w in (a.code for a in self.wards.values()))
        ]
        self.organisations = _lookup_by(working_here, lambda o: o.name)
        self.councils = [
            o
            for o in working_here
            if o.kind == OrganisationKind.COUNCIL and organisation_scope(o).covers(council.code)
        ]
        self.people = _people_of(working_here)

    def __call__(self, row: Row, outcome: Outcome) -> None:
        plan_id = row.whole("id", 1, 2**31 - 1)
        new = plan_id is None and not row.text("id")
        plan: Plan | None
        if new:
            plan = Plan(council=self.council, created_by=self.user)
        else:
            plan = self.plans.get(plan_id) if plan_id and plan_id in self.visible else None
            if plan is None:
                if plan_id:
                    row.problem(
                        "id",
                        _("No plan with this id in the council; leave the id empty to add one."),
                    )
                return
            if plan.pk not in self.changeable:
                row.problem(
                    "id",
                    _(
                        "You may not change this plan: only its manager and the council's coordinators may."
                    ),
                )
                return
        _need(row, PLAN_COLUMNS, new)
        before = _snapshot(plan, _PLAN_SNAPSHOT)
        if row.has("kind"):
            kind = row.choice("kind", PlanKind.choices)
            if kind == PlanKind.ISSUE and plan.kind != PlanKind.ISSUE:
                row.problem(
                    "kind",
                    _(
                        "Issue-based plans are opened from their alert, assessment, trigger event or rumour, not imported."
                    ),
                )
            elif kind:
                plan.kind = kind
        locality: Locality | None = plan.locality if plan.locality_id else None
        if row.has("locality"):
            locality = row.one_of(
                "locality", self.localities, _("Not one of the council's localities.")
            )
            plan.locality = locality
        if plan.kind == PlanKind.LOCALITY and locality is None and row.ok:
            row.problem("locality", _("A locality plan names its locality."))
        for name in ("title", "summary"):
            if row.has(name):
                setattr(plan, name, row.text(name))
        if row.has("status"):
            plan.status = row.choice("status", PlanStatus.choices) or PlanStatus.ACTIVE
        for name in ("starts_on", "ends_on"):
            if row.has(name):
                setattr(plan, name, row.date(name))
        if row.has("review_every_days"):
            plan.review_every_days = row.whole("review_every_days", 1, 366) or 31
        if row.has("is_published"):
            plan.is_published = bool(row.yes_no("is_published"))
        people = {k: v for lookup in self.people.values() for k, v in lookup.items()}
        if row.has("manager"):
            plan.manager = row.one_of(
                "manager",
                people,
                _(
                    "Not a member of an organisation working in the council: give their user name or email address."
                ),
            )
        wards = partners = None
        if row.has("wards"):
            wards = row.many_of("wards", self.wards, _("Not wards of the council"))
        if row.has("partners"):
            partners = row.many_of(
                "partners", self.organisations, _("Not organisations working in the council")
            )
        if new and row.ok:
            if plan.kind == PlanKind.STRATEGY and not self.coordinates:
                row.problem("kind", _("Only the council's coordinators add a council strategy."))
            elif locality is not None and locality.pk not in self.localities_editable:
                row.problem(
                    "locality",
                    _(
                        "You may not add plans to this locality: its manager and the council's coordinators may."
                    ),
                )
            if locality is None and not partners:
                # A strategy is the council's own: its council organisations are the first partners.
                partners = self.councils
            if locality is not None:
                wards = wards if wards else list(locality.wards.all())
                partners = partners if partners else list(locality.partners.all())
                if not row.has("manager") or not row.text("manager"):
                    plan.manager = locality.manager
        if not row.ok:
            return
        _validate(row, plan, PLAN_FIELDS)
        if not row.ok:
            return
        changed = before != _snapshot(plan, _PLAN_SNAPSHOT)
        old_wards = {w.pk for w in plan.wards.all()} if plan.pk else set()
        old_partners = {o.pk for o in plan.partners.all()} if plan.pk else set()
        if wards is not None and {w.pk for w in wards} != old_wards:
            changed = True
        if partners is not None and {o.pk for o in partners} != old_partners:
            changed = True
        if new or changed:
            plan.save()
        if wards is not None:
            plan.wards.set(wards)
        if partners is not None:
            plan.partners.set(partners)
        if new:
            copy_council_themes(plan)
        _count(outcome, plan, new, changed)
