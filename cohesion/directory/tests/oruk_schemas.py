"""The Open Referral UK profile's compiled JSON Schemas, from the shared reference data, as validators."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator

REFERENCE = Path("reference/05_openreferral")
COMPILED = REFERENCE / "uk_profile/schema/compiled"


def reference_dir() -> Path:
    return Path(settings.COHESION_DATA_DIR) / REFERENCE


@functools.cache
def load(name: str) -> dict[str, Any]:
    return json.loads((Path(settings.COHESION_DATA_DIR) / COMPILED / name).read_text())


@functools.cache
def validator(name: str, definition: str = "") -> Draft202012Validator:
    """A validator for a compiled schema, or for one of ``service_with_definitions.json``'s definitions."""
    schema = load(name)
    if definition:
        definitions = schema["definitions"]
        schema = {**definitions[definition], "definitions": definitions}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def page_validator() -> Draft202012Validator:
    """The page wrapper: ``#/components/schemas/Page`` of the HSDS 3.0 OpenAPI document, with ``contents``."""
    openapi = json.loads((reference_dir() / "hsds_3.0/schema/openapi.json").read_text())
    page = dict(openapi["components"]["schemas"]["Page"])
    page["required"] = [*page["properties"], "contents"]
    page["properties"] = {**page["properties"], "contents": {"type": "array"}}
    return Draft202012Validator(page)


def problems(name: str, document: Any, definition: str = "") -> list[str]:
    """Every way ``document`` breaks the schema, as "path: message" lines (empty when it validates)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in validator(name, definition).iter_errors(document)
    ]


# Each endpoint of the API: (list path, list item schema, full record schema), with the
# definition to use inside service_with_definitions.json where the profile compiles none.
ENDPOINTS: tuple[tuple[str, tuple[str, str], tuple[str, str]], ...] = (
    ("services", ("service_list.json", ""), ("service.json", "")),
    ("organizations", ("organization_list.json", ""), ("organization.json", "")),
    (
        "service_at_locations",
        ("service_at_location_list.json", ""),
        ("service_at_location.json", ""),
    ),
    (
        "taxonomies",
        ("service_with_definitions.json", "taxonomy"),
        ("service_with_definitions.json", "taxonomy"),
    ),
    (
        "taxonomy_terms",
        ("service_with_definitions.json", "taxonomy_term"),
        ("service_with_definitions.json", "taxonomy_term"),
    ),
)
