"""The volunteer and interpreter register: the register and its twins, a volunteer's record,
checks, hours, and interpreter bookings.

A volunteer's record is personal data: only the officers of the coordinating
organisation that holds it open it (anyone else gets 404), and every page or
download that shows one writes an audit event. Other partners request an
interpreter and see whether one is booked, never who. Each write is one
transaction and is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

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
from cohesion.audit.log import record, record_many, view_or_export
from cohesion.core.twins import Twin, render_twin
from cohesion.places.queries import get_area
from cohesion.programme.access import (
    keeps_a_register,
    may_cancel_booking,
    may_request_interpreter,
    register_organisations,
    requesting_memberships,
    sees_interpreter,
)
from cohesion.programme.choices import BookingStatus
from cohesion.programme.models import Event, HoursLogged, InterpreterBooking, Volunteer
from cohesion.programme.register import (
    BOOKING_COLUMNS,
    VOLUNTEER_COLUMNS,
    available_interpreters,
    booking_row,
    filter_register,
    languages_on_registers,
    reminder_days,
    volunteer_row,
    with_checks,
)
from cohesion.programme.views.calendar import PRIVATE
from cohesion.programme.volunteer_forms import (
    AssignForm,
    BookingRequestForm,
    CheckForm,
    HoursForm,
    RegisterFilterForm,
    VolunteerForm,
)


def _private(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """A page of personal data: never kept by a browser's or proxy's cache."""
    response = render(request, template, context, status=status)
    for key, value in PRIVATE.items():
        response[key] = value
    return response


def _form_page(
    request: HttpRequest, form: Any, title: str, caption: str, back_to: Volunteer | Event
) -> HttpResponse:
    """A form about one volunteer or event, with a way back to its page."""
    return _private(
        request,
        "programme/volunteer_form.html",
        {"form": form, "caption": caption, "title": title, "cancel": back_to.get_absolute_url()},
    )


@login_required
def register_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """The register: the volunteers the person may see, filtered by language, accreditation and
    checks expiring soon. Someone who keeps no register sees an empty list and the way to book."""
    user = request.user
    form = RegisterFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "language": form.cleaned_data["language"] or "",
            "accreditation": form.cleaned_data["accreditation"] or "",
            "expiring_within": form.cleaned_data["expiring_within"],
            "include_inactive": form.cleaned_data["include_inactive"],
        }
    volunteers = filter_register(Volunteer.objects.restrict(user, VIEW), **filters)
    record_many(view_or_export(fmt), volunteers, "volunteer register", actor=user, fmt=fmt)
    rows = [volunteer_row(v) for v in volunteers]
    soon = timezone.localdate() + dt.timedelta(days=reminder_days())
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/volunteer_list.html",
            context={
                "form": form,
                "volunteers": volunteers,
                "keeps_register": keeps_a_register(user),
                "may_book": may_request_interpreter(user),
                "soon": soon,
                "reminder_days": reminder_days(),
                "query": request.GET.urlencode(),
            },
            data={"volunteers": rows},
            rows=rows,
            columns=VOLUNTEER_COLUMNS,
            filename="programme-volunteers",
            extra_headers=PRIVATE,
        ),
    )


@login_required
def volunteer_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    volunteer = with_checks(Volunteer.objects.restrict(user, VIEW).filter(pk=pk))
    if not volunteer:
        get_for_user(Volunteer.objects.all(), user, VIEW, pk=pk)  # 404
    shown = volunteer[0]
    record(AuditAction.VIEW, shown, actor=user)
    return _private(
        request,
        "programme/volunteer_detail.html",
        {
            "volunteer": shown,
            "hours": list(shown.hours.select_related("event")[:100]),
            "bookings": list(shown.bookings.select_related("event").order_by("-starts_at")[:50]),
            "soon": timezone.localdate() + dt.timedelta(days=reminder_days()),
            "today": timezone.localdate(),
            "can_change": may(Volunteer.objects, user, CHANGE, shown),
        },
    )


def _volunteer_form(request: HttpRequest, volunteer: Volunteer | None) -> HttpResponse:
    user = request.user
    creating = volunteer is None
    form = VolunteerForm(request.POST or None, instance=volunteer, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            record(
                AuditAction.CREATE if creating else AuditAction.UPDATE,
                saved,
                actor=user,
                changes={"fields": sorted(form.changed_data)},
            )
        messages.success(request, _("Volunteer saved."))
        return redirect("programme-volunteer", pk=saved.pk)
    if volunteer is not None:
        record(AuditAction.VIEW, volunteer, actor=user)
    return _private(
        request,
        "programme/volunteer_form.html",
        {
            "form": form,
            "title": _("Add a volunteer") if creating else _("Change a volunteer's details"),
            "privacy": True,
            "cancel": reverse("programme-volunteer-list")
            if creating
            else reverse("programme-volunteer", args=[volunteer.pk]),  # type: ignore[union-attr]
        },
    )


@login_required
def volunteer_add(request: HttpRequest) -> HttpResponse:
    if not keeps_a_register(request.user):
        raise PermissionDenied(_("Only officers of a partner organisation keep a register."))
    return _volunteer_form(request, None)


@login_required
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_for_user(Volunteer.objects.all(), request.user, CHANGE, pk=pk)
    return _volunteer_form(request, volunteer)


@login_required
def check_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a check of a volunteer (DBS, enhanced DBS, reference, training)."""
    user = request.user
    volunteer = get_for_user(Volunteer.objects.all(), user, CHANGE, pk=pk)
    form = CheckForm(request.POST or None, volunteer=volunteer)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            check = form.save(commit=False)
            check.recorded_by = user
            check.save()
            record(
                AuditAction.UPDATE,
                volunteer,
                actor=user,
                changes={
                    "check": check.kind,
                    "checked_on": check.checked_on.isoformat(),
                    "expires_on": check.expires_on.isoformat() if check.expires_on else None,
                },
            )
        messages.success(request, _("Check recorded."))
        return redirect("programme-volunteer", pk=volunteer.pk)
    record(AuditAction.VIEW, volunteer, actor=user)
    return _form_page(request, form, _("Record a check"), volunteer.name, volunteer)


def _save_hours(request: HttpRequest, form: HoursForm, back: str) -> HttpResponse | None:
    if request.method != "POST" or not form.is_valid():
        return None
    with transaction.atomic():
        hours: HoursLogged = form.save(commit=False)
        hours.logged_by = request.user  # type: ignore[assignment]
        hours.save()
        record(
            AuditAction.UPDATE,
            hours.volunteer,
            actor=request.user,
            changes={
                "hours": str(hours.hours),
                "event": hours.event_id,
                "session_on": hours.session_on.isoformat(),
                "role": hours.role,
            },
        )
    messages.success(request, _("Hours logged."))
    return redirect(back)


@login_required
def volunteer_hours_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a volunteer's hours at a session of an event the person can see."""
    user = request.user
    volunteer = get_for_user(Volunteer.objects.all(), user, CHANGE, pk=pk)
    form = HoursForm(request.POST or None, user=user, volunteer=volunteer)
    done = _save_hours(request, form, reverse("programme-volunteer", args=[volunteer.pk]))
    if done is not None:
        return done
    record(AuditAction.VIEW, volunteer, actor=user)
    return _form_page(request, form, _("Log volunteer hours"), volunteer.name, volunteer)


@login_required
def event_hours_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Log the hours a volunteer of the person's register gave at a session of this event."""
    user = request.user
    event = get_for_user(Event.objects.select_related("organiser"), user, VIEW, pk=pk)
    if not keeps_a_register(user):
        raise PermissionDenied(_("Only the keepers of a volunteer register log volunteers' hours."))
    form = HoursForm(request.POST or None, user=user, event=event)
    done = _save_hours(request, form, reverse("programme-event", args=[event.pk]))
    if done is not None:
        return done
    return _form_page(request, form, _("Log volunteer hours"), event.title, event)


@login_required
def booking_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    """Interpreter bookings: a register's keepers see all theirs with the interpreter; a partner
    sees its own requests and whether each is booked."""
    user = request.user
    bookings = list(
        InterpreterBooking.objects.restrict(user, VIEW)
        .select_related("event", "organisation", "requesting_organisation", "volunteer")
        .order_by("-starts_at")[:500]
    )
    keepers = set(register_organisations(user))
    superuser = getattr(user, "is_superuser", False)
    rows = [
        booking_row(b, with_interpreter=superuser or b.organisation_id in keepers) for b in bookings
    ]
    record_many(view_or_export(fmt), bookings, "interpreter bookings", actor=user, fmt=fmt)
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/booking_list.html",
            context={
                "rows": rows,
                "may_book": may_request_interpreter(user),
            },
            data={"bookings": rows},
            rows=rows,
            columns=BOOKING_COLUMNS,
            filename="programme-interpreter-bookings",
            extra_headers=PRIVATE,
        ),
    )


@login_required
def booking_add(request: HttpRequest) -> HttpResponse:
    """Request an interpreter, for an event (``?event=``) or a home visit in a ward."""
    user = request.user
    if not may_request_interpreter(user):
        raise PermissionDenied(_("Only officers of a partner organisation book interpreters."))
    initial: dict[str, Any] = {}
    event_pk = request.GET.get("event", "")
    if event_pk.isdigit():
        event = Event.objects.restrict(user, VIEW).filter(pk=int(event_pk)).first()
        if event is not None:
            initial = {
                "event": event.pk,
                "starts_at": timezone.localtime(event.starts_at),
                "ends_at": timezone.localtime(event.ends_at),
            }
    # From a case that asked for an interpreter: its language and ward, never the resident.
    language = request.GET.get("language", "").strip()[:60]
    if language:
        initial["language"] = language
    ward = get_area(request.GET.get("ward", "").strip()[:12]) if request.GET.get("ward") else None
    if ward is not None and not initial.get("event"):
        initial["ward"] = ward.pk
    form = BookingRequestForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            booking = form.save(commit=False)
            booking.requested_by = user
            own = requesting_memberships(user)
            booking.requesting_organisation = own[0].organisation if own else None
            booking.save()
            record(AuditAction.CREATE, booking, actor=user, changes={"language": booking.language})
        messages.success(request, _("Interpreter requested."))
        return redirect("programme-booking", pk=booking.pk)
    offered: Any = form.fields["organisation"]
    return _private(
        request,
        "programme/volunteer_form.html",
        {
            "form": form,
            "title": _("Book an interpreter"),
            "intro": _(
                "Ask a register for an interpreter. Its coordinators find someone who speaks the "
                "language and is free; you will see here when an interpreter is booked."
            ),
            "languages": languages_on_registers(offered.queryset.values_list("pk", flat=True)),
            "cancel": reverse("programme-booking-list"),
        },
    )


@login_required
def booking_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A booking; its register's keepers see who is free, book one of them, or cancel."""
    user = request.user
    booking = get_for_user(
        InterpreterBooking.objects.select_related(
            "event", "organisation", "requesting_organisation", "volunteer"
        ),
        user,
        VIEW,
        pk=pk,
    )
    keeper = sees_interpreter(user, booking.organisation_id)
    available = available_interpreters(booking) if keeper else []
    form = AssignForm(request.POST or None, available=available)
    refused = ""
    if request.method == "POST":
        if request.POST.get("cancel"):
            return _cancel_booking(request, booking)
        if not may(InterpreterBooking.objects, user, CHANGE, booking):
            raise PermissionDenied(_("Only the register's coordinators fill a booking."))
        if booking.status == BookingStatus.CANCELLED:
            refused = _(
                "This booking was cancelled, so no interpreter can be booked on it. "
                "Ask for a new booking instead."
            )
        elif form.is_valid():
            with transaction.atomic():
                booking.volunteer = form.cleaned_data["volunteer"]
                booking.status = BookingStatus.CONFIRMED
                booking.full_clean()
                booking.save()
                record(
                    AuditAction.UPDATE,
                    booking,
                    actor=user,
                    changes={"status": "confirmed", "volunteer": booking.volunteer_id},
                )
            messages.success(request, _("Interpreter booked."))
            return redirect("programme-booking", pk=booking.pk)
    record(AuditAction.VIEW, booking, actor=user)
    return _private(
        request,
        "programme/booking_detail.html",
        {
            "booking": booking,
            "keeper": keeper,
            "form": form,
            "available": available,
            "can_change": keeper and booking.status != BookingStatus.CANCELLED,
            "can_cancel": booking.status != BookingStatus.CANCELLED
            and may_cancel_booking(user, booking),
            "refused": refused,
        },
        status=400 if refused else 200,
    )


def _cancel_booking(request: HttpRequest, booking: InterpreterBooking) -> HttpResponse:
    """Cancel a booking: its register's keepers, or the organisation that asked for it."""
    if not may_cancel_booking(request.user, booking):
        raise PermissionDenied(
            _("Only the register's coordinators and the organisation that asked may cancel.")
        )
    if booking.status != BookingStatus.CANCELLED:
        with transaction.atomic():
            booking.status = BookingStatus.CANCELLED
            booking.save()
            record(AuditAction.UPDATE, booking, actor=request.user, changes={"status": "cancelled"})
    messages.success(request, _("Booking cancelled."))
    return redirect("programme-booking", pk=booking.pk)
