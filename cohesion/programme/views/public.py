"""The public pages of the programme: events per council and per locality, their iCal feeds and
twins, and the programme's totals with small numbers suppressed.

Only events marked public appear here. Pages work without JavaScript and on a
phone; the text is marked for translation. The feeds are built with the
``icalendar`` package (RFC 5545); a weekly session is one ``VEVENT`` with an
``RRULE``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cohesion.audit.context import client_ip, hash_identifier
from cohesion.core.languages import language_choices, language_from_query, remember_language
from cohesion.core.twins import Twin, render_twin
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.programme.forms import TotalsForm
from cohesion.programme.models import Event
from cohesion.programme.public_forms import InterpreterRequestForm
from cohesion.programme.queries import programme_totals, public_events, still_running
from cohesion.programme.register import TooManyRequests, ask_for_interpreter
from cohesion.programme.spreadsheets import EVENT_COLUMNS, event_row

PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}


def _council(council_code: str) -> Area:
    council = Area.objects.current(Level.COUNCIL).filter(code=council_code).first()
    if council is None:
        raise Http404(_("No such council."))
    return council


def _locality(council_code: str, slug: str) -> dict[str, Any]:
    from cohesion.plans.queries import public_locality

    locality = public_locality(council_code, slug)
    if locality is None:
        raise Http404(_("No such locality."))
    return locality


def events_index(request: HttpRequest) -> HttpResponse:
    """The councils with public events, each linking to its events page."""
    codes = set(Event.objects.public().values_list("council_code", flat=True).distinct())
    councils = Area.objects.current(Level.COUNCIL).filter(code__in=codes).order_by("name")
    return render(request, "programme/public_index.html", {"councils": councils})


def _events_page(
    request: HttpRequest,
    fmt: str | None,
    council: Area,
    events: list[Event],
    locality: dict[str, Any] | None = None,
) -> HttpResponse:
    from cohesion.plans.queries import public_localities

    rows = [event_row(e) for e in events]
    name = f"{council.name} – {locality['name']}" if locality else council.name
    feed = (
        reverse("programme-public-locality-ics", args=[council.code, locality["slug"]])
        if locality
        else reverse("programme-public-ics", args=[council.code])
    )
    return render_twin(
        request,
        fmt,
        Twin(
            template="programme/public_events.html",
            context={
                "council": council,
                "locality": locality,
                "localities": [] if locality else public_localities(council.code),
                "events": events,
                "feed": feed,
                "title": name,
            },
            data={"council": council.code, "locality": locality, "events": rows},
            rows=rows,
            columns=EVENT_COLUMNS,
            filename=f"events-{council.code}" + (f"-{locality['slug']}" if locality else ""),
            extra_headers=PUBLIC_CACHE,
        ),
    )


def council_events(request: HttpRequest, council_code: str, fmt: str | None = None) -> HttpResponse:
    council = _council(council_code)
    return _events_page(request, fmt, council, public_events(council.code))


def locality_events(
    request: HttpRequest, council_code: str, slug: str, fmt: str | None = None
) -> HttpResponse:
    council = _council(council_code)
    locality = _locality(council.code, slug)
    events = public_events(council.code, ward_codes=locality["ward_codes"] or None)
    return _events_page(request, fmt, council, events, locality)


def ical_feed(events: list[Event], name: str, host: str) -> bytes:
    """The events as an RFC 5545 calendar (a weekly session as one event with a weekly rule)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Cohesion//Partnership programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"programme-event-{event.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        summary = event.title + (" [synthetic demo]" if event.synthetic else "")
        item.add("summary", summary)
        description = event.description
        if event.languages:
            description += "\n" + _("Languages: %(list)s") % {"list": ", ".join(event.languages)}
        item.add("description", description.strip())
        ward_name = event.ward.name if event.ward is not None else ""
        where = ", ".join(x for x in (event.place, ward_name) if x)
        if where:
            item.add("location", where)
        item.add("categories", [str(event.get_kind_display())])
        item.add("organizer", f"mailto:noreply@{host}", parameters={"cn": event.organiser.name})
        if event.repeat_weeks and event.repeat_weeks > 1:
            item.add("rrule", {"freq": "weekly", "count": event.repeat_weeks})
        elif event.repeat_until:
            until = dt.datetime.combine(event.repeat_until, dt.time(23, 59, 59), dt.UTC)
            item.add("rrule", {"freq": "weekly", "until": until})
        calendar.add_component(item)
    return calendar.to_ical()


def _ics_response(
    request: HttpRequest, events: list[Event], name: str, filename: str
) -> HttpResponse:
    body = ical_feed(events, name, request.get_host().split(":")[0] or "cohesion")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    for key, value in PUBLIC_CACHE.items():
        response[key] = value
    return response


def council_ics(request: HttpRequest, council_code: str) -> HttpResponse:
    council = _council(council_code)
    return _ics_response(
        request, public_events(council.code), council.name, f"events-{council.code}"
    )


def locality_ics(request: HttpRequest, council_code: str, slug: str) -> HttpResponse:
    council = _council(council_code)
    locality = _locality(council.code, slug)
    events = public_events(council.code, ward_codes=locality["ward_codes"] or None)
    return _ics_response(
        request,
        events,
        f"{council.name} – {locality['name']}",
        f"events-{council.code}-{locality['slug']}",
    )


def totals_page(request: HttpRequest, council_code: str, fmt: str | None = None) -> HttpResponse:
    """A council's programme totals for a period, by kind, ward, quarter or month, small numbers suppressed."""
    council = _council(council_code)
    form = TotalsForm(request.GET or None)
    start = end = None
    by = "kind"
    refused = form.is_bound and not form.is_valid()
    if form.is_bound and not refused:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        by = form.cleaned_data["by"] or "kind"
    result = programme_totals(council.code, start, end, by)
    ward_names: dict[str, str] = {}
    if by == "ward":
        ward_names = dict(
            Area.objects.filter(code__in=[g["group"] for g in result["groups"]]).values_list(
                "code", "name"
            )
        )
    from cohesion.programme.choices import EventKind

    kinds = dict(EventKind.choices)
    for group in result["groups"]:
        key = group["group"]
        group["label"] = (
            str(kinds.get(key, key))
            if by == "kind"
            else (ward_names.get(key) or _("No ward"))
            if by == "ward"
            else key
        )
    rows = [
        {"group": g["group"], **{k: v for k, v in g.items() if k not in ("group", "label")}}
        for g in result["groups"]
    ]
    response = render_twin(
        request,
        fmt,
        Twin(
            template="programme/totals.html",
            context={"council": council, "form": form, "result": result, "by": by},
            data={"council": council.code, "by": by, **result},
            rows=rows,
            columns=[
                "group",
                "sessions",
                "attendance",
                "languages",
                "interpreters",
                "pledges",
                "volunteers",
                "referrals",
                "signposting",
            ],
            filename=f"programme-totals-{council.code}",
            extra_headers=PUBLIC_CACHE,
        ),
    )
    if refused:
        response.status_code = 400  # the form says what was wrong; the totals shown are all time
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def interpreter_request(request: HttpRequest, council_code: str, pk: int) -> HttpResponse:
    """A resident asks for an interpreter at an upcoming public event; its organisers see it."""
    lang = language_from_query(request)
    council = _council(council_code)
    found = still_running(
        Event.objects.public()
        .filter(council_code=council.code, pk=pk)
        .select_related("organiser", "ward"),
        timezone.now(),
    )
    if not found:
        raise Http404(_("No such upcoming event."))
    event = found[0]
    form = InterpreterRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                ask_for_interpreter(
                    event,
                    form.cleaned_data["language"],
                    submitter_hash=hash_identifier(client_ip(request)),
                )
            except TooManyRequests:
                form.add_error(
                    None,
                    _(
                        "Too many requests have been sent from this connection in the last "
                        "hour. What you typed is still below: please try again later."
                    ),
                )
                status = 429
            else:
                url = reverse("programme-public-interpreter", args=[council.code, event.pk])
                return redirect(f"{url}?sent=1")
    context = {
        "council": council,
        "event": event,
        "form": form,
        "sent": request.method != "POST" and request.GET.get("sent") == "1",
        "languages": language_choices(),
    }
    return remember_language(
        render(request, "programme/public_interpreter.html", context, status=status), lang
    )
