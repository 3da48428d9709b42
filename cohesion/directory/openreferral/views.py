"""The Open Referral UK API: one stub (``/openreferral/``) for the council's published directory.

It follows the UK profile's compliance rules (``uk_profile/docs/profile_compliance.md``):
open GET endpoints with no keys, ``Access-Control-Allow-Origin: *`` on every
response (``CorsMiddleware``), ORUK paging (``page``, ``per_page``; the page
says ``total_items``, ``total_pages``, ``page_number``, ``size``,
``first_page``, ``last_page``, ``empty`` and ``contents``), the filters the
profile names, and ``format=ndjson`` to stream every result without paging.
Only published entries appear, whoever asks, so the feed is the same for a
signed-in maintainer as for the public.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from cohesion.core.params import (
    BadParameter,
    bool_param,
    choice_param,
    datetime_param,
    int_param,
    text_param,
)
from cohesion.directory.choices import PublicationState
from cohesion.directory.models import (
    Attribute,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    TermMapping,
)
from cohesion.directory.openreferral import HSDS_VERSION, PROFILE_URL, serialise
from cohesion.directory.openreferral.openapi import openapi_document
from cohesion.directory.taxonomy import term_and_narrower

PER_PAGE = 50
MAX_PER_PAGE = 1000
MAX_PAGE = 1_000_000
NDJSON_CHUNK = 200
MAX_PROXIMITY_METRES = 200_000
DAYS = {
    "MO": "MO",
    "TU": "TU",
    "WE": "WE",
    "TH": "TH",
    "FR": "FR",
    "SA": "SA",
    "SU": "SU",
    "MONDAY": "MO",
    "TUESDAY": "TU",
    "WEDNESDAY": "WE",
    "THURSDAY": "TH",
    "FRIDAY": "FR",
    "SATURDAY": "SA",
    "SUNDAY": "SU",
}
PUBLISHED = PublicationState.PUBLISHED


def oruk_endpoint(view: Callable[..., Any]) -> Callable[..., HttpResponseBase]:
    """Answers in JSON: a bad parameter is 400 and an unknown id 404, each as ``{"error": ...}``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except BadParameter as exc:
            return JsonResponse({"error": str(exc.message), "parameter": exc.name}, status=400)
        except Http404 as exc:
            return JsonResponse({"error": str(exc) or _("Not found.")}, status=404)

    return wrapped


# --------------------------------------------------------------------------- parameters


def uuid_param(params: Any, name: str) -> uuid.UUID | None:
    text = text_param(params, name)
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise BadParameter(
            name, _("“%(name)s” must be an Open Referral identifier (a UUID).") % {"name": name}
        ) from None


def time_param(params: Any, name: str) -> str:
    text = text_param(params, name)
    if text and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?", text):
        raise BadParameter(
            name, _("“%(name)s” must be a time written HH:MM, for example 09:30.") % {"name": name}
        )
    return text[:5]


def one_of(queryset: QuerySet[Any], value: str, what: str) -> Any:
    """The record of ``queryset`` with the Open Referral id ``value``, or a 404 that says so."""
    try:
        found = queryset.filter(id=uuid.UUID(value)).first()
    except ValueError:
        found = None
    if found is None:
        raise Http404(_("No published %(what)s has the id %(id)s.") % {"what": what, "id": value})
    return found


# --------------------------------------------------------------------------- answers


def paged(
    request: HttpRequest,
    queryset: QuerySet[Any],
    render: Callable[[Any], dict[str, Any]],
    *,
    total: int | None = None,
) -> HttpResponseBase:
    """An ORUK page of ``queryset`` (or every row as newline-delimited JSON with ``format=ndjson``)."""
    fmt = choice_param(request.GET, "format", ("json", "ndjson"), default="json")
    if fmt == "ndjson":
        return StreamingHttpResponse(_ndjson(queryset, render), content_type="application/x-ndjson")
    per_page = int_param(request.GET, "per_page", default=PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    page = int_param(request.GET, "page", default=1, minimum=1, maximum=MAX_PAGE)
    total_items = queryset.count() if total is None else total
    total_pages = math.ceil(total_items / per_page)
    start = (page - 1) * per_page
    contents = (
        [render(row) for row in queryset[start : start + per_page]] if start < total_items else []
    )
    return JsonResponse(
        {
            "total_items": total_items,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _ndjson(queryset: QuerySet[Any], render: Callable[[Any], dict[str, Any]]) -> Iterator[bytes]:
    for row in queryset.iterator(chunk_size=NDJSON_CHUNK):
        yield json.dumps(render(row), ensure_ascii=False).encode() + b"\n"


def one(data: dict[str, Any]) -> HttpResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# --------------------------------------------------------------------------- filters


def published_services() -> QuerySet[Service]:
    return Service.objects.published()


def terms_meaning(term_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The terms and every narrower term, and terms of other taxonomies mapped onto any of them."""
    found = term_and_narrower(term_ids)
    found |= set(TermMapping.objects.filter(target__in=found).values_list("term_id", flat=True))
    return found


def filter_services(queryset: QuerySet[Any], params: Any, prefix: str = "") -> QuerySet[Any]:
    """The ORUK service filters, on services or on rows ``prefix`` away from a service."""
    service_id = f"{prefix}id" if prefix else "id"
    search = text_param(params, "search")
    if search:
        queryset = queryset.filter(
            Q(**{f"{prefix}name__icontains": search})
            | Q(**{f"{prefix}description__icontains": search})
            | Q(**{f"{prefix}organisation__name__icontains": search})
        )
    term = uuid_param(params, "taxonomy_term_id")
    if term is not None:
        tagged = Attribute.objects.filter(taxonomy_term__in=terms_meaning([term]))
        queryset = queryset.filter(**{f"{service_id}__in": tagged.values("service_id")})
    taxonomy_id = uuid_param(params, "taxonomy_id")
    if taxonomy_id is not None:
        tagged = Attribute.objects.filter(taxonomy_term__taxonomy_id=taxonomy_id)
        queryset = queryset.filter(**{f"{service_id}__in": tagged.values("service_id")})
    organisation_id = uuid_param(params, "organization_id")
    if organisation_id is not None:
        queryset = queryset.filter(**{f"{prefix}organisation_id": organisation_id})
    modified_after = datetime_param(params, "modified_after")
    if modified_after is not None:
        queryset = queryset.filter(**{f"{prefix}last_modified__gte": modified_after})
    minimum_age = int_param(params, "minimum_age", default=-1, minimum=0, maximum=130)
    if minimum_age >= 0:
        queryset = queryset.filter(
            Q(**{f"{prefix}maximum_age__isnull": True})
            | Q(**{f"{prefix}maximum_age__gte": minimum_age})
        )
    maximum_age = int_param(params, "maximum_age", default=-1, minimum=0, maximum=130)
    if maximum_age >= 0:
        queryset = queryset.filter(
            Q(**{f"{prefix}minimum_age__isnull": True})
            | Q(**{f"{prefix}minimum_age__lte": maximum_age})
        )
    sessions = Schedule.objects.all()
    narrowed = False
    day = text_param(params, "day").upper()
    if day:
        if day not in DAYS:
            raise BadParameter(
                "day", _("“day” must be a day of the week, for example Tuesday or TU.")
            )
        sessions, narrowed = sessions.filter(byday__contains=DAYS[day]), True
    start_time = time_param(params, "start_time")
    if start_time:
        sessions, narrowed = sessions.filter(closes_at__gt=start_time), True
    end_time = time_param(params, "end_time")
    if end_time:
        sessions, narrowed = sessions.filter(opens_at__lt=end_time), True
    if narrowed:
        # A session belongs to the service, or to the service at one of its locations.
        queryset = queryset.filter(
            Q(**{f"{service_id}__in": sessions.values("service_id")})
            | Q(**{f"{service_id}__in": sessions.values("service_at_location__service_id")})
        )
    return queryset


# --------------------------------------------------------------------------- endpoints


@oruk_endpoint
def api_root(request: HttpRequest) -> HttpResponse:
    return one(
        {
            "version": HSDS_VERSION,
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("directory-oruk-openapi")),
        }
    )


@oruk_endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri(reverse("directory-oruk-root"))
    return one(openapi_document(base))


@oruk_endpoint
def service_list(request: HttpRequest) -> HttpResponseBase:
    services = filter_services(published_services(), request.GET).order_by("name", "id")
    if bool_param(request.GET, "full"):
        return paged(request, serialise.with_full_services(services), serialise.service_full)
    return paged(request, services.select_related("organisation"), serialise.service_summary)


@oruk_endpoint
def service_detail(request: HttpRequest, id: str) -> HttpResponse:
    service = one_of(serialise.with_full_services(published_services()), id, "service")
    return one(serialise.service_full(service))


def published_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(state=PUBLISHED)


@oruk_endpoint
def organisation_list(request: HttpRequest) -> HttpResponseBase:
    organisations = published_organisations().order_by("name", "id")
    search = text_param(request.GET, "search")
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(description__icontains=search)
        )
    if bool_param(request.GET, "full") or bool_param(request.GET, "full_service"):
        organisations = organisations.prefetch_related(*serialise.organisation_prefetches())
        return paged(request, organisations, serialise.organisation_nested)
    return paged(request, organisations, serialise.organisation_summary)


@oruk_endpoint
def organisation_detail(request: HttpRequest, id: str) -> HttpResponse:
    organisations = published_organisations().prefetch_related(*serialise.organisation_prefetches())
    organisation = one_of(organisations, id, "organisation")
    services = list(published_services().filter(organisation=organisation).order_by("name", "id"))
    for service in services:
        service.organisation = organisation
    return one(serialise.organisation_full(organisation, services))


def published_services_at_locations() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(
        service__state=PUBLISHED,
        service__organisation__state=PUBLISHED,
        location__state=PUBLISHED,
    )


@oruk_endpoint
def service_at_location_list(request: HttpRequest) -> HttpResponseBase:
    rows = filter_services(published_services_at_locations(), request.GET, prefix="service__")
    rows = rows.select_related("service__organisation", "location").order_by(
        "service__name", "location__name", "id"
    )
    postcode = text_param(request.GET, "postcode")
    proximity = int_param(
        request.GET, "proximity", default=0, minimum=1, maximum=MAX_PROXIMITY_METRES
    )
    if proximity and not postcode:
        raise BadParameter("proximity", _("“proximity” needs a “postcode” to measure from."))
    if postcode:
        from cohesion.directory.openreferral.nearby import near_postcode

        rows = near_postcode(rows, postcode, proximity)
    return paged(request, rows, serialise.service_at_location_summary)


@oruk_endpoint
def service_at_location_detail(request: HttpRequest, id: str) -> HttpResponse:
    queryset = published_services_at_locations().select_related("location")
    queryset = queryset.prefetch_related(*serialise.location_prefetches("location__"))
    row = one_of(queryset, id, "service at location")
    row.service = serialise.with_full_services(
        Service.objects.filter(id=row.service_id), locations=False
    ).get()
    return one(serialise.service_at_location_full(row))


@oruk_endpoint
def taxonomy_list(request: HttpRequest) -> HttpResponseBase:
    taxonomies = Taxonomy.objects.order_by("name", "id")
    search = text_param(request.GET, "search")
    if search:
        taxonomies = taxonomies.filter(name__icontains=search)
    return paged(request, taxonomies, serialise.taxonomy)


@oruk_endpoint
def taxonomy_detail(request: HttpRequest, id: str) -> HttpResponse:
    taxonomy = one_of(Taxonomy.objects.prefetch_related("terms__taxonomy"), id, "taxonomy")
    return one(serialise.taxonomy(taxonomy, terms=True))


@oruk_endpoint
def taxonomy_term_list(request: HttpRequest) -> HttpResponseBase:
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "order", "name", "id"
    )
    taxonomy_id = uuid_param(request.GET, "taxonomy_id")
    if taxonomy_id is not None:
        terms = terms.filter(taxonomy_id=taxonomy_id)
    parent_id = uuid_param(request.GET, "parent_id")
    if parent_id is not None:
        terms = terms.filter(parent_id=parent_id)
    search = text_param(request.GET, "search")
    if search:
        terms = terms.filter(Q(name__icontains=search) | Q(code__icontains=search))
    return paged(request, terms, serialise.taxonomy_term)


@oruk_endpoint
def taxonomy_term_detail(request: HttpRequest, id: str) -> HttpResponse:
    term = one_of(TaxonomyTerm.objects.select_related("taxonomy"), id, "taxonomy term")
    return one(serialise.taxonomy_term(term))
