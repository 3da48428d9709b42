"""The calendar's events as CSV and XLSX files, imported in the columns they are exported in.

As for plans (:mod:`cohesion.plans.spreadsheets`):

* **the same columns both ways.** :data:`EVENT_COLUMNS` is what the calendar's ``.csv``,
  ``.json`` and ``.xlsx`` write and what an import reads; ``synthetic`` is written for
  reading only and ignored.
* **an ``id`` column says which event a row is.** A row with an id changes that event (one
  the person may change; another council's event is refused); a row without one adds an
  event. Events missing from the file are left alone.
* **a column left out leaves that field alone.**
* **the rules of the page.** Every row is checked by the event form itself
  (:class:`cohesion.programme.forms.EventForm`): the organiser must be one the person may
  add events for, the ward in the council and where the organiser works, the end after
  the start. An event that clashes with another partner's (the calendar's clash rules,
  :func:`cohesion.programme.services.clashes_for`) is not refused, since an import is a
  deliberate act, but each clash comes back as a warning on its row, on the check and
  after saving, so the organiser can talk to the other partner.
* **one transaction, every problem listed** as (row, column, value, message); one
  problem and nothing is saved. Formula cells written neutralised are read back as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import CHANGE
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.core.db import refresh_statistics
from cohesion.core.spreadsheets import Column, Outcome, Problem, file_bytes, read_table
from cohesion.core.text import identifier_key
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.programme.models import Event
from cohesion.programme.services import clash_message, clashes_for

__all__ = ["EVENT_COLUMNS", "EVENT_TABLE", "event_row", "events_file", "import_events"]

EVENT_TABLE: tuple[Column, ...] = (
    Column("id", gettext_lazy("The event's number; leave empty to add a new event.")),
    Column("title", gettext_lazy("What the event is called."), required=True),
    Column("kind", gettext_lazy("The kind of event, by its code.")),
    Column("starts_at", gettext_lazy("When it starts: YYYY-MM-DD HH:MM.")),
    Column("ends_at", gettext_lazy("When it ends: after it starts.")),
    Column("repeat_weeks", gettext_lazy("Weekly: the number of sessions.")),
    Column("repeat_until", gettext_lazy("Weekly: the last date, YYYY-MM-DD.")),
    Column("council", gettext_lazy("The council's GSS code.")),
    Column("ward", gettext_lazy("The ward, by GSS code or name; one of the council's.")),
    Column("venue", gettext_lazy("The venue's name.")),
    Column("organiser", gettext_lazy("The organising organisation, by name.")),
    Column("partners", gettext_lazy("Partner organisations by name, separated by semicolons.")),
    Column("age_from", gettext_lazy("The youngest age.")),
    Column("age_to", gettext_lazy("The oldest age.")),
    Column("audience_groups", gettext_lazy("Audience group codes, separated by semicolons.")),
    Column("languages", gettext_lazy("Languages, separated by semicolons.")),
    Column("public", gettext_lazy("yes to show it on the public events page, else no.")),
    Column("synthetic", gettext_lazy("Synthetic demo data (read only)."), read_only=True),
)
EVENT_COLUMNS = [c.name for c in EVENT_TABLE]

# The event form's fields, by the column that fills them.
_FIELD_COLUMN = {"is_public": "public", "languages_text": "languages", "__all__": ""}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


def event_row(event: Event) -> dict[str, Any]:
    """An event as one row of the calendar's twins (the same columns for the public and partners)."""
    return {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "repeat_weeks": event.repeat_weeks,
        "repeat_until": event.repeat_until,
        "council": event.council_code,
        "ward": event.ward_code,
        "venue": event.place,
        "organiser": event.organiser.name,
        "partners": "; ".join(p.name for p in event.partners.all()),
        "age_from": event.age_from,
        "age_to": event.age_to,
        "audience_groups": "; ".join(event.audience_groups),
        "languages": "; ".join(event.languages),
        "public": event.is_public,
        "synthetic": event.synthetic,
    }


def events_file(events: Iterable[Event], fmt: str) -> bytes:
    """Events as a CSV or XLSX file in :data:`EVENT_TABLE` (every formula cell neutralised)."""
    rows = []
    for event in events:
        row = event_row(event)
        for name in ("starts_at", "ends_at"):
            row[name] = row[name].isoformat()
        rows.append(row)
    return file_bytes(rows, EVENT_TABLE, fmt, title="Events")


def _instance_data(event: Event) -> dict[str, Any]:
    """What the event form would hold for ``event`` unchanged."""
    return {
        "council": event.council_id,
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "repeat_weeks": event.repeat_weeks or "",
        "repeat_until": event.repeat_until.isoformat() if event.repeat_until else "",
        "venue": event.venue,
        "ward": event.ward_id or "",
        "organiser": event.organiser_id,
        "partners": [p.pk for p in event.partners.all()],
        "age_from": "" if event.age_from is None else event.age_from,
        "age_to": "" if event.age_to is None else event.age_to,
        "is_public": "on" if event.is_public else "",
        "audience_groups": list(event.audience_groups),
        "languages_text": ", ".join(event.languages),
        "location": str(event.location_id or ""),
        "plan_action": event.plan_action_id or "",
        "services": list(event.service_ids),
        "trigger_event": event.trigger_event_id or "",
    }


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


class _EventImport:
    def __init__(self, user: Any) -> None:
        from cohesion.programme.views.calendar import _offers

        self.user = user
        self.offers = _offers(user)
        self.events = {e.pk: e for e in Event.objects.restrict(user, CHANGE)}
        self.councils = {a.code: a for a in Area.objects.current(Level.COUNCIL)}
        self.organisations = {identifier_key(o.name): o for o in Organisation.objects.all()}

    def _ward(self, council: Area | None, text: str) -> Area | None:
        if council is None:
            return None
        for ward in Area.objects.current(Level.WARD).filter(parent__code=council.code):
            if identifier_key(text) in (identifier_key(ward.code), identifier_key(ward.name)):
                return ward
        return None

    def row(self, number: int, cells: dict[str, str], outcome: Outcome) -> None:
        from cohesion.programme.forms import EventForm

        def problem(column: str, message: str) -> None:
            value = cells.get(column, "")[:100]
            outcome.problems.append(Problem(number, column, value, message))

        text_id = cells.get("id", "").strip()
        event: Event | None = None
        if text_id:
            pk = int(text_id) if text_id.isdigit() else 0
            event = self.events.get(pk)
            if event is None:
                problem(
                    "id", _("No event with this id that you may change; leave it empty to add one.")
                )
                return
        data = _instance_data(event) if event else {"is_public": "on"}
        for column in (
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "repeat_weeks",
            "repeat_until",
            "venue",
            "age_from",
            "age_to",
        ):
            if column in cells:
                data[column] = cells[column].strip()
        council = (
            self.councils.get(cells.get("council", "").strip())
            if "council" in cells
            else (event.council if event else None)
        )
        if "council" in cells:
            if council is None:
                problem("council", _("Not a council's GSS code."))
                return
            data["council"] = council.pk
        if "ward" in cells:
            ward_text = cells["ward"].strip()
            ward = self._ward(council, ward_text) if ward_text else None
            if ward_text and ward is None:
                problem("ward", _("Not a ward of the council."))
                return
            data["ward"] = ward.pk if ward else ""
        if "organiser" in cells:
            organiser = self.organisations.get(identifier_key(cells["organiser"]))
            if organiser is None:
                problem("organiser", _("No organisation has this name."))
                return
            data["organiser"] = organiser.pk
        if "partners" in cells:
            found: list[Any] = []
            unknown: list[Any] = []
            for name in _split(cells["partners"]):
                organisation = self.organisations.get(identifier_key(name))
                (found if organisation else unknown).append(
                    organisation.pk if organisation else name
                )
            if unknown:
                problem(
                    "partners",
                    _("No organisation has these names: %(names)s.")
                    % {"names": ", ".join(unknown)},
                )
                return
            data["partners"] = found
        if "audience_groups" in cells:
            data["audience_groups"] = _split(cells["audience_groups"])
        if "languages" in cells:
            data["languages_text"] = ", ".join(_split(cells["languages"]))
        if "public" in cells:
            answer = cells["public"].strip().lower()
            if answer not in _YES | _NO:
                problem("public", _("Write yes or no."))
                return
            data["is_public"] = "on" if answer in _YES else ""
        instance = event or Event(created_by=self.user)
        form = EventForm(data, instance=instance, user=self.user, offers=self.offers)
        if not form.is_valid():
            for field, messages in form.errors.items():
                for message in messages:
                    problem(_FIELD_COLUMN.get(field, field), str(message))
            return
        changed = event is None or form.has_changed()
        if not changed:
            outcome.unchanged += 1
            return
        candidate = form.save(commit=False)
        form.apply_links(candidate)
        candidate.save()
        form.save_m2m()
        for clash in clashes_for(candidate):
            outcome.warnings.append(Problem(number, "starts_at", "", clash_message(clash)))
        record(
            AuditAction.CREATE if event is None else AuditAction.UPDATE,
            candidate,
            actor=self.user,
            changes={"imported": True},
        )
        if event is None:
            outcome.created += 1
        else:
            outcome.changed += 1
        outcome.records.append(candidate)


def import_events(filename: str, content: bytes, user: Any, *, check_only: bool = False) -> Outcome:
    """Add and change events from a file in :data:`EVENT_TABLE`, as ``user``, all or nothing."""
    rows, problems = read_table(filename, content, EVENT_TABLE)
    outcome = Outcome(problems=problems)
    if problems:
        return outcome
    importer = _EventImport(user)
    with transaction.atomic():
        for number, cells in rows:
            importer.row(number, cells, outcome)
        if outcome.problems or check_only:
            transaction.set_rollback(True)
        else:
            outcome.saved = True
    if outcome.saved:
        refresh_statistics([Event])
    else:
        outcome.records = []
    return outcome
