"""The partners' calendar: events, adding and changing them with clash warnings, and outcomes.

Each write is one transaction (nothing half-saved), is refused with 403 to
someone who may read but not change the event (404 to an outsider), offers only
allowed choices and writes an audit event. Events hold no personal data, so
reading them is not audited.

Adding or changing an event first checks it against the calendar
(:func:`cohesion.programme.services.clashes_for`). If it clashes, nothing is
saved: the form comes back with the clashes listed and a "save anyway" box, so
the warning works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.permissions import CHANGE, VIEW, get_for_user, may
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.core.lists import choices_from, list_context, page_of
from cohesion.core.spreadsheets import XLSX_TYPE
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.places.queries import councils_of_wards
from cohesion.plans.views.spreadsheets import UploadForm
from cohesion.programme.access import adding_scope, may_request_interpreter, organisers_for
from cohesion.programme.forms import PAST, EventFilterForm, EventForm, OutcomeForm
from cohesion.programme.models import Event, Outcome
from cohesion.programme.queries import still_running
from cohesion.programme.register import languages_asked_for
from cohesion.programme.services import clashes_for, session_dates
from cohesion.programme.spreadsheets import (
    EVENT_COLUMNS,
    EVENT_TABLE,
    event_row,
    events_file,
    import_events,
)

PRIVATE = {"Cache-Control": "private, no-store"}


def _filtered(request: HttpRequest) -> tuple[EventFilterForm, Any]:
    """The calendar's events for the person, narrowed by the filters in the address.

    Upcoming events (the default) are checked session by session, so a weekly
    series that began long ago still shows while it runs: that list is cut in Python.
    """
    visible = Event.objects.restrict(request.user, VIEW)
    form = EventFilterForm(
        request.GET,
        wards=choices_from(visible, "ward_code", "ward__name"),
        organisers=choices_from(visible, "organiser_id", "organiser__name"),
    )
    events = (
        form.filtered(visible, request.user)
        .select_related("organiser", "ward", "council")
        .prefetch_related("partners")
    )
    if form.upcoming:
        return form, still_running(events, timezone.now())
    return form, events


@login_required
def event_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The calendar: the events of the councils and wards the person works in, upcoming first."""
    user = request.user
    form, events = _filtered(request)
    listed = page_of(request, events, fmt)
    rows = [event_row(e) for e in listed.shown]
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/event_list.html",
            context=list_context(
                form,
                listed,
                events=listed.shown,
                past=form.data_ok.get("when") == PAST,
                can_add=organisers_for(user).exists(),
            ),
            data={"count": listed.total, "shown": len(rows), "events": rows},
            rows=rows,
            columns=EVENT_COLUMNS,
            filename="programme-events",
            extra_headers=PRIVATE,
        ),
    )


@login_required
def event_page(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    user = request.user
    event = get_for_user(
        Event.objects.select_related("organiser", "ward", "council"), user, VIEW, pk=pk
    )
    outcomes = list(event.outcomes.all())
    row = event_row(event)
    asked = languages_asked_for(event)
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/event_detail.html",
            context={
                "event": event,
                "outcomes": outcomes,
                "can_change": may(Event.objects, user, CHANGE, event),
                "clashes": clashes_for(event),
                "dates": session_dates(event),
                "interpreters_asked": asked,
                "may_book": may_request_interpreter(user),
            },
            data={
                **row,
                "outcomes": [o.as_row() for o in outcomes],
                "interpreters_asked": [{"language": lang, "requests": n} for lang, n in asked],
            },
            rows=[o.as_row() for o in outcomes] if fmt == "csv" else [row],
            filename=f"programme-event-{event.pk}",
            extra_headers=PRIVATE,
        ),
    )


def _offers(user: Any, event: Event | None = None) -> dict[str, Any]:
    """The councils, directory entries and plan actions the event form may offer ``user``."""
    from cohesion.directory.lookups import locations_offered, services_offered
    from cohesion.plans.queries import actions_readable

    councils: set[str] = set()
    for organisation in organisers_for(user):
        scope = adding_scope(user, organisation.pk)
        if scope.everywhere:
            councils |= set(Area.objects.current(Level.COUNCIL).values_list("code", flat=True))
            break
        councils |= set(scope.councils)
        councils |= councils_of_wards(scope.wards)
    if event is not None and event.council_id:
        councils.add(event.council.code)
    locations: list[tuple[str, str, str]] = []
    services: list[tuple[str, str]] = []
    actions: list[tuple[int, str]] = []
    for code in sorted(councils):
        locations += locations_offered(user, code)
        services += services_offered(user, code)
        actions += actions_readable(user, code)
    return {
        "councils": sorted(councils),
        "locations": locations,
        "services": services,
        "actions": actions,
    }


def _event_form(request: HttpRequest, event: Event | None) -> HttpResponse:
    user = request.user
    creating = event is None
    instance = event or Event(created_by=user if user.is_authenticated else None)
    offers = _offers(user, event)
    form = EventForm(request.POST or None, instance=instance, user=user, offers=offers)
    form.fields["save_anyway"].widget = forms.HiddenInput()
    found: list[Any] = []
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        form.apply_links(candidate)
        candidate.trigger_event_id = form.cleaned_data.get("trigger_event")
        candidate.trigger_event_label = getattr(form, "trigger_label", "")
        if candidate.trigger_event_id and form.trigger_council != candidate.council.code:
            form.add_error("trigger_event", _("That trigger event is in another council."))
        else:
            found = clashes_for(candidate)
            if not found or form.cleaned_data.get("save_anyway"):
                with transaction.atomic():
                    candidate.save()
                    form.save_m2m()
                    record(
                        AuditAction.CREATE if creating else AuditAction.UPDATE,
                        candidate,
                        actor=user,
                        changes={"clashes": [c.other.key for c in found]} if found else None,
                    )
                messages.success(request, _("Event saved."))
                return redirect("programme-event", pk=candidate.pk)
            form.fields["save_anyway"].widget = forms.CheckboxInput()
            form.style_widgets()
    return render(
        request,
        "programme/event_form.html",
        {
            "form": form,
            "clashes": found,
            "title": _("Add an event or session") if creating else _("Change an event"),
            "cancel": reverse("programme-event-list")
            if creating
            else reverse("programme-event", args=[instance.pk]),
        },
        status=200,
    )


@login_required
def event_add(request: HttpRequest) -> HttpResponse:
    if not organisers_for(request.user).exists():
        raise PermissionDenied(_("Only officers of a partner organisation add events."))
    return _event_form(request, None)


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_for_user(
        Event.objects.select_related("organiser", "council", "ward"), request.user, CHANGE, pk=pk
    )
    return _event_form(request, event)


@login_required
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record (or correct) the outcome of one of an event's sessions."""
    user = request.user
    event = get_for_user(Event.objects.select_related("organiser"), user, CHANGE, pk=pk)
    dates = session_dates(event)
    form = OutcomeForm(request.POST or None, event=event, dates=dates)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "session_on"}
        with transaction.atomic():
            outcome, created = Outcome.objects.update_or_create(
                event=event,
                session_on=form.cleaned_data["session_on"],
                defaults={
                    **data,
                    "attendance_by_group": form.instance.attendance_by_group,
                    "languages_spoken": form.instance.languages_spoken,
                    "recorded_by": user,
                },
            )
            record(
                AuditAction.CREATE if created else AuditAction.UPDATE,
                event,
                actor=user,
                changes={
                    "outcome": outcome.session_on.isoformat(),
                    "attendance": outcome.attendance,
                },
            )
        messages.success(request, _("Outcome recorded."))
        return redirect("programme-event", pk=event.pk)
    past = [d for d in dates if d <= timezone.localdate()]
    return render(
        request,
        "programme/outcome_form.html",
        {"form": form, "event": event, "dates": past},
    )


@login_required
def event_list_xlsx(request: HttpRequest) -> HttpResponse:
    """The calendar as an XLSX workbook, in the columns the import reads."""
    listed = page_of(request, _filtered(request)[1], "xlsx")
    response = HttpResponse(events_file(listed.shown, "xlsx"), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="programme-events.xlsx"'
    for key, value in PRIVATE.items():
        response[key] = value
    return response


@login_required
def event_import(request: HttpRequest) -> HttpResponse:
    """Add and change events from a CSV or XLSX file in the calendar's columns, all or nothing."""
    user = request.user
    if not organisers_for(user).exists():
        raise PermissionDenied(_("Only officers of a partner organisation add events."))
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        outcome = import_events(
            upload.name or "", upload.read(), user, check_only=form.cleaned_data["check_only"]
        )
        if outcome.saved:
            messages.success(
                request,
                _("Events imported: %(created)s added, %(changed)s changed.")
                % {"created": outcome.created, "changed": outcome.changed},
            )
            for warning in outcome.warnings:
                messages.warning(
                    request,
                    _("Row %(row)s: %(message)s")
                    % {"row": warning.row, "message": warning.message},
                )
            return redirect("programme-event-list")
    downloads = [
        ("CSV", reverse("programme-event-list-twin", args=["csv"])),
        ("XLSX", reverse("programme-event-list-xlsx")),
    ]
    return render(
        request,
        "core/spreadsheet_upload.html",
        {
            "title": _("Import events"),
            "form": form,
            "outcome": outcome,
            "downloads": downloads,
            "columns": EVENT_TABLE,
        },
        status=400 if (outcome and outcome.problems) else 200,
    )
