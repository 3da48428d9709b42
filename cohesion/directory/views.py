"""The public directory: search, a service's page, a list to print, and their twins.

Published entries are public (the issue and Open Referral UK both require it), so
these pages need no sign-in and hold no personal data; a partner signed in also
sees their own drafts, through ``Service.objects.restrict(user, "view")``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cohesion.accounts.permissions import get_for_user
from cohesion.audit.log import record_view
from cohesion.core.twins import Twin, render_twin
from cohesion.directory.calculations.schedules import sessions_per_week
from cohesion.directory.forms import DAY_CHOICES, SearchForm, SignpostForm
from cohesion.directory.models import Service, Signpost
from cohesion.directory.need import MEASURES, NeedDataMissing, need_page
from cohesion.directory.permissions import VIEW
from cohesion.directory.search import (
    Match,
    SearchError,
    SearchQuery,
    SearchResult,
    find_matches,
    place_from_point,
    place_from_text,
    recurrence,
    results_for,
    service_schedules,
    with_details,
)
from cohesion.directory.signposting import (
    DEFAULT_PERIOD_MONTHS,
    PERIOD_MONTHS,
    SignpostError,
    services_for_case,
    signpost,
    signpost_counts_by_service,
)
from cohesion.places.choices import Level
from cohesion.places.postcodes import postcodes_loaded
from cohesion.places.queries import get_area
from cohesion.plans.queries import actions_delivering

PAGE_SIZE = 20
PRINT_LIMIT = 100


def _query_from(form: SearchForm) -> SearchQuery:
    data = form.cleaned_data
    place = None
    if data.get("lat") is not None and data.get("lon") is not None:
        place = place_from_point(data["lat"], data["lon"])
    elif data.get("where"):
        place = place_from_text(data["where"])
    return SearchQuery(
        need=data.get("need") or "",
        language=data.get("language") or "",
        age=data.get("age"),
        cost=data.get("cost") or "",
        day=data.get("day") or "",
        place=place,
        within_km=float(data["within"]) if place is not None and data.get("within") else None,
    )


def _search(request: HttpRequest) -> tuple[SearchForm, SearchQuery | None, list[Match]]:
    """The form and, when it is valid, every match in order (details are loaded per page)."""
    form = SearchForm(request.GET or None)
    if not request.GET:
        return form, None, []
    if not form.is_valid():
        return form, None, []
    try:
        query = _query_from(form)
    except SearchError as exc:
        form.add_error("where", str(exc))
        return form, None, []
    return form, query, find_matches(request.user, query)


def _schedule_text(result: SearchResult) -> str:
    days = dict(DAY_CHOICES)
    parts = []
    for schedule in result.sessions:
        names = [str(days.get(d.strip()[-2:], d)) for d in schedule.byday.split(",") if d.strip()]
        times = (
            f"{schedule.opens_at:%H:%M}–{schedule.closes_at:%H:%M}"
            if schedule.opens_at and schedule.closes_at
            else ""
        )
        text = " ".join(p for p in (", ".join(names), times) if p) or schedule.description
        if text:
            parts.append(text)
    return "; ".join(dict.fromkeys(parts))


def _row(result: SearchResult, request: HttpRequest) -> dict[str, Any]:
    service = result.service
    nearest = result.nearest or (result.locations[0] if result.locations else None)
    return {
        "id": str(service.pk),
        "name": service.name,
        "organisation": service.organisation.name,
        "description": service.description,
        "distance_km": round(result.distance_km, 2) if result.distance_km is not None else None,
        "walking_minutes": result.walking_minutes,
        "location": nearest.name if nearest else "",
        "latitude": nearest.latitude if nearest else None,
        "longitude": nearest.longitude if nearest else None,
        "when": _schedule_text(result),
        "languages": " ".join(lang.code for lang in service.languages.all()),
        "free": result.is_free,
        "url": request.build_absolute_uri(reverse("directory-service", args=[service.pk])),
        "synthetic": service.synthetic,
    }


def _geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": {
                    "code": row["id"],
                    "name": row["name"],
                    "label": f"{row['name']} – {row['location']}",
                    "url": row["url"],
                    "fill": "#ffdd00",
                },
            }
            for row in rows
            if row["latitude"] is not None and row["longitude"] is not None
        ],
    }


def search(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    form, query, matches = _search(request)
    if fmt and form.errors:
        return JsonResponse({"error": form.errors.get_json_data()}, status=400)
    paginator = Paginator(matches, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    # The page shows one page of results; the downloads hold every one.
    on_page = results_for(request.user, list(page.object_list)) if fmt is None else []
    page_rows = [_row(r, request) for r in on_page]
    rows = [_row(r, request) for r in results_for(request.user, matches)] if fmt else page_rows
    query_string = urlencode(
        sorted((k, v) for k, v in request.GET.items() if k != "page" and isinstance(v, str))
    )
    status = 400 if form.errors else 200
    twin = Twin(
        template="directory/search.html",
        context={
            "form": form,
            "query": query,
            "results": list(zip(on_page, page_rows, strict=True)),
            "page": page,
            "count": len(matches),
            "query_string": query_string,
            "postcodes_loaded": postcodes_loaded(),
            "geojson_url": f"{reverse('directory-search-twin', args=['geojson'])}?{query_string}",
        },
        data={
            "count": len(matches),
            "place": query.place.name if query and query.place else None,
            "results": rows,
        },
        rows=rows,
        columns=[
            "name",
            "organisation",
            "location",
            "distance_km",
            "walking_minutes",
            "when",
            "languages",
            "free",
            "url",
            "synthetic",
        ],
        filename="directory-search",
        geojson=_geojson(rows),
    )
    response = render_twin(request, fmt, twin)
    if fmt is None and status == 400:
        response.status_code = 400
    return response


def print_list(request: HttpRequest) -> HttpResponse:
    """The same search as a plain list to print and hand over: names, where, when, how to contact."""
    form, query, matches = _search(request)
    results = results_for(request.user, matches[:PRINT_LIMIT])
    context = {
        "form": form,
        "query": query,
        "results": [(r, _row(r, request)) for r in results],
        "count": len(matches),
        "limit": PRINT_LIMIT,
    }
    return render(request, "directory/print.html", context, status=400 if form.errors else 200)


def service_detail(request: HttpRequest, pk: uuid.UUID, fmt: str | None = None) -> HttpResponse:
    service = get_for_user(
        with_details(Service.objects.all(), request.user), request.user, VIEW, pk=pk
    )
    result = SearchResult(
        service,
        [at.location for at in service.at_locations.all()],
        None,
        None,
        service_schedules(service),
    )
    row = _row(result, request)
    plan_actions = actions_delivering(request.user, service.council_code, str(service.pk))
    sessions = [
        {"schedule": s, "per_week": round(sessions_per_week(recurrence(s)), 2)}
        for s in result.sessions
    ]
    data = {
        **row,
        "needs": [a.taxonomy_term.name for a in service.attributes.all()],
        "locations": [
            {
                "name": loc.name,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
                "ward": loc.ward_code,
            }
            for loc in result.locations
        ],
        "eligibility": service.eligibility_description,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "referral_route": service.referral_route,
        "application_process": service.application_process,
        "last_checked": service.last_checked,
    }
    return render_twin(
        request,
        fmt,
        Twin(
            template="directory/service.html",
            context={
                "service": service,
                "row": row,
                "result": result,
                "sessions": sessions,
                "plan_actions": plan_actions,
            },
            data={**data, "plan_actions": plan_actions},
            rows=[row],
            filename=f"directory-service-{service.pk}",
            geojson=_geojson([row]),
        ),
    )


def need_provision(
    request: HttpRequest, council: str, need: str, fmt: str | None = None
) -> HttpResponse:
    """A council's wards: people in need beside the provision within walking distance, and the gap."""
    from cohesion.indicators.charts import colour_for, quantile_classes

    if need not in MEASURES:
        raise Http404(_("There is no need-against-provision measure for this need."))
    area = get_area(council)
    if area.level != Level.COUNCIL:
        raise Http404(_("Choose a council."))
    try:
        page = need_page(area, need)
    except NeedDataMissing as exc:
        return render(
            request,
            "directory/need_missing.html",
            {"council": area, "message": str(exc)},
            status=404,
        )
    gaps = [r.gap for r in page.result.areas if r.gap is not None]
    classes = quantile_classes(gaps) if gaps else []
    rows = []
    for rank, r in enumerate(
        sorted(page.result.areas, key=lambda r: -(r.unmet_need or 0)), start=1
    ):
        ward = page.wards[r.area]
        rows.append(
            {
                "code": r.area,
                "name": ward.name,
                "need": round(r.need),
                "services_in_reach": r.services_in_reach,
                "sessions_in_reach": round(r.sessions_in_reach, 1),
                "access_per_1000": round(r.access_per_1000, 2)
                if r.access_per_1000 is not None
                else None,
                "gap": round(r.gap, 3) if r.gap is not None else None,
                "unmet_need": round(r.unmet_need) if r.unmet_need is not None else None,
                "rank": rank,
                "colour": colour_for(r.gap, classes) if classes else "",
            }
        )
    features = [
        {
            "type": "Feature",
            "id": row["code"],
            "geometry": page.wards[str(row["code"])].geometry,
            "properties": {
                "code": row["code"],
                "name": row["name"],
                "label": _("%(name)s: gap %(gap)s") % {"name": row["name"], "gap": row["gap"]},
                "fill": row["colour"],
            },
        }
        for row in rows
    ]
    columns = [
        "code",
        "name",
        "need",
        "services_in_reach",
        "sessions_in_reach",
        "access_per_1000",
        "gap",
        "unmet_need",
        "rank",
    ]
    return render_twin(
        request,
        fmt,
        Twin(
            template="directory/need.html",
            context={
                "page": page,
                "rows": rows,
                "council": area,
                "need": need,
                "measures": MEASURES,
                "overall": page.result.overall_per_1000,
                "geojson_url": reverse("directory-need-twin", args=[area.code, need, "geojson"]),
            },
            data={
                "council": area.code,
                "need": need,
                "measure": str(page.measure.measure),
                "source": str(page.measure.source),
                "method": page.method,
                "catchment_km": page.result.catchment_km,
                "overall_per_1000": page.result.overall_per_1000,
                "services": page.services,
                "sessions_per_week": round(page.sessions, 1),
                "wards": [{k: v for k, v in row.items() if k != "colour"} for row in rows],
            },
            rows=rows,
            columns=columns,
            filename=f"need-provision-{need}-{area.code}",
            geojson={"type": "FeatureCollection", "features": features},
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def signpost_case(request: HttpRequest, reference: str) -> HttpResponse:
    """From a case: signpost or refer the person to a service; recorded on the case."""
    from cohesion.tensions.models import Report

    report = get_for_user(Report.objects.all(), request.user, "note", reference=reference)
    record_view(request.user, report)
    services = services_for_case(report)
    form = SignpostForm(request.POST or None, services=services)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                signpost(
                    report,
                    form.cleaned_data["service"],
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    consent=form.cleaned_data["consent"],
                    note=form.cleaned_data["note"],
                )
            except SignpostError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Recorded on the case."))
                return redirect("tensions-report-detail", reference=report.reference)
        status = 400
    return render(
        request,
        "directory/signpost.html",
        {
            "report": report,
            "form": form,
            "earlier": Signpost.objects.filter(report=report).select_related("service"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def signpost_counts(request: HttpRequest, council: str, fmt: str | None = None) -> HttpResponse:
    """How often people were signposted or referred to each of a council's services, by month.

    The council's directory coordinators see the counts as they are; other
    members covering the council (viewers among them) see them through
    disclosure control, since the counts describe cases they may not open.
    """
    from django.utils import timezone

    from cohesion.accounts.choices import OrganisationKind, Role
    from cohesion.accounts.permissions import user_scope

    area = get_area(council)
    if area.level != Level.COUNCIL or not user_scope(request.user).covers(area.code):
        raise Http404(_("Choose a council you work in."))
    exact = user_scope(
        request.user, min_role=Role.COORDINATOR, kinds=(OrganisationKind.COUNCIL,)
    ).covers(area.code)
    # Under disclosure control, one period only: every period ends this month, so a shorter
    # period's table would share months with a longer one's, and each protected on its own
    # hides different counts; read side by side, they would give a hidden count away.
    periods = PERIOD_MONTHS if exact else (DEFAULT_PERIOD_MONTHS,)
    asked = request.GET.get("months", str(DEFAULT_PERIOD_MONTHS))
    if asked not in {str(m) for m in periods}:
        if exact:
            message = _("Choose a period of %(choices)s months.") % {
                "choices": ", ".join(str(m) for m in PERIOD_MONTHS)
            }
        else:
            message = _(
                "These counts cover the last %(months)s months only, so that no hidden "
                "count can be worked out from the tables of two periods."
            ) % {"months": DEFAULT_PERIOD_MONTHS}
        if fmt:
            return JsonResponse({"error": {"months": message}}, status=400)
        return render(
            request,
            "directory/signpost_counts.html",
            {"council": area, "error": message, "periods": periods},
            status=400,
        )
    counts = signpost_counts_by_service(area.code, int(asked), timezone.localdate(), exact=exact)
    month_keys = [f"{m:%Y-%m}" for m in counts.months]
    rows = [
        {
            "service_id": str(r.service_id),
            "service": r.name,
            "organisation": r.organisation,
            **dict(zip(month_keys, r.months, strict=True)),
            "signposted": r.signposted,
            "referred": r.referred,
            "total": r.total,
        }
        for r in [*counts.rows, counts.totals]
    ]
    rows[-1].update(service_id="", service=str(_("All services")))
    return render_twin(
        request,
        fmt,
        Twin(
            template="directory/signpost_counts.html",
            context={
                "council": area,
                "counts": counts,
                "months": int(asked),
                "periods": periods,
            },
            data={
                "council": area.code,
                "months": month_keys,
                "disclosure_controlled": counts.disclosure_controlled,
                "rule": counts.rule or None,
                "threshold": counts.threshold,
                "services": rows[:-1],
                "totals": rows[-1],
            },
            rows=rows,
            columns=[
                "service_id",
                "service",
                "organisation",
                *month_keys,
                "signposted",
                "referred",
                "total",
            ],
            filename=f"signposts-{area.code}",
        ),
    )
