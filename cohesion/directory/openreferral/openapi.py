"""The OpenAPI document of the Open Referral UK API (``GET /openreferral/openapi.json``).

It follows the HSDS 3.0 API reference (``schema/openapi.json`` of
openreferral/specification, branch 3.0) with the UK profile's parameters, and
points each response at the UK profile's compiled schemas.
"""

from __future__ import annotations

from typing import Any

from cohesion.directory.openreferral import HSDS_VERSION

SCHEMAS = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/compiled/"


def _parameter(name: str, description: str, kind: str = "string", **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind, **extra}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PARAMETERS: dict[str, dict[str, Any]] = {
    "search": _parameter("search", "Words to look for in names and descriptions."),
    "page": _parameter("page", "Page number, from 1.", "integer", minimum=1),
    "per_page": _parameter(
        "per_page",
        "Results a page, 1 to 1000 (50 if not given).",
        "integer",
        minimum=1,
        maximum=1000,
    ),
    "format": _parameter(
        "format",
        "json (paged, the default) or ndjson (every result, one a line).",
        enum=["json", "ndjson"],
    ),
    "taxonomy_term_id": _parameter(
        "taxonomy_term_id",
        "Services tagged with this term, a narrower one, or a term mapped onto it.",
        format="uuid",
    ),
    "taxonomy_id": _parameter(
        "taxonomy_id", "Services tagged with any term of this taxonomy.", format="uuid"
    ),
    "organization_id": _parameter(
        "organization_id", "Services of this organisation.", format="uuid"
    ),
    "modified_after": _parameter(
        "modified_after", "Changed on or after this date or moment (ISO 8601).", format="date-time"
    ),
    "minimum_age": _parameter(
        "minimum_age", "Services open to people of at least this age.", "integer"
    ),
    "maximum_age": _parameter(
        "maximum_age", "Services open to people of at most this age.", "integer"
    ),
    "day": _parameter("day", "Services with a session on this day (MO..SU or the day's name)."),
    "start_time": _parameter("start_time", "Sessions still open after this time (HH:MM)."),
    "end_time": _parameter("end_time", "Sessions opening before this time (HH:MM)."),
    "full": _parameter("full", "true: fully nested records in the list.", "boolean"),
    "postcode": _parameter(
        "postcode", "Services covering this postcode, or near it with proximity."
    ),
    "proximity": _parameter(
        "proximity", "Metres from the postcode's centroid.", "integer", minimum=1
    ),
    "parent_id": _parameter("parent_id", "Terms under this term.", format="uuid"),
}
SERVICE_FILTERS = (
    "search",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
    "minimum_age",
    "maximum_age",
    "day",
    "start_time",
    "end_time",
    "full",
)
PAGING = ("page", "per_page", "format")


def _page(item_schema: str) -> dict[str, Any]:
    return {
        "type": "object",
        "allOf": [{"$ref": "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": item_schema}}},
    }


def _get(
    summary: str, schema: dict[str, Any], parameters: tuple[str, ...] = (), path_id: bool = False
) -> dict[str, Any]:
    params: list[dict[str, Any]] = [{"$ref": f"#/components/parameters/{p}"} for p in parameters]
    if path_id:
        params.insert(
            0,
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
            },
        )
    return {
        "get": {
            "summary": summary,
            "parameters": params,
            "responses": {
                "200": {
                    "description": summary,
                    "content": {"application/json": {"schema": schema}},
                },
                "400": {
                    "description": "A parameter could not be used; the body says which and why."
                },
                "404": {"description": "No published record has that id."},
            },
        }
    }


def openapi_document(base_url: str) -> dict[str, Any]:
    """The document, with ``base_url`` (``https://host/openreferral/``) as its server."""
    definitions = f"{SCHEMAS}service_with_definitions.json#/definitions/"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Cohesion directory: Open Referral UK",
            "version": HSDS_VERSION,
            "description": "The council's published signposting directory, in HSDS 3.0 with the Open Referral UK profile.",
        },
        "servers": [{"url": base_url}],
        "paths": {
            "/": _get(
                "This API and its relationship with HSDS.",
                {
                    "type": "object",
                    "properties": {
                        "version": {"type": "string"},
                        "profile": {"type": "string", "format": "uri"},
                        "openapi_url": {"type": "string", "format": "uri"},
                    },
                },
            ),
            "/services": _get(
                "Services, paged.", _page(f"{SCHEMAS}service_list.json"), SERVICE_FILTERS + PAGING
            ),
            "/services/{id}": _get(
                "A fully nested service.", {"$ref": f"{SCHEMAS}service.json"}, path_id=True
            ),
            "/organizations": _get(
                "Organisations, paged.",
                _page(f"{SCHEMAS}organization_list.json"),
                ("search", "full", *PAGING),
            ),
            "/organizations/{id}": _get(
                "An organisation with its services.",
                {"$ref": f"{SCHEMAS}organization.json"},
                path_id=True,
            ),
            "/service_at_locations": _get(
                "Services at locations, paged.",
                _page(f"{SCHEMAS}service_at_location_list.json"),
                (*SERVICE_FILTERS, "postcode", "proximity", *PAGING),
            ),
            "/service_at_locations/{id}": _get(
                "A fully nested service at a location.",
                {"$ref": f"{SCHEMAS}service_at_location.json"},
                path_id=True,
            ),
            "/taxonomies": _get(
                "Taxonomies, paged.", _page(f"{definitions}taxonomy"), ("search", *PAGING)
            ),
            "/taxonomies/{id}": _get(
                "A taxonomy with its terms.", {"$ref": f"{definitions}taxonomy"}, path_id=True
            ),
            "/taxonomy_terms": _get(
                "Taxonomy terms, paged.",
                _page(f"{definitions}taxonomy_term"),
                ("search", "taxonomy_id", "parent_id", *PAGING),
            ),
            "/taxonomy_terms/{id}": _get(
                "A taxonomy term.", {"$ref": f"{definitions}taxonomy_term"}, path_id=True
            ),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {
                "Page": {
                    "type": "object",
                    "required": [
                        "total_items",
                        "total_pages",
                        "page_number",
                        "size",
                        "first_page",
                        "last_page",
                        "empty",
                        "contents",
                    ],
                    "properties": {
                        "total_items": {"type": "integer"},
                        "total_pages": {"type": "integer"},
                        "page_number": {"type": "integer"},
                        "size": {"type": "integer"},
                        "first_page": {"type": "boolean"},
                        "last_page": {"type": "boolean"},
                        "empty": {"type": "boolean"},
                        "contents": {"type": "array"},
                    },
                }
            },
        },
    }
