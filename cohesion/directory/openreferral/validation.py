"""Checking an Open Referral UK API the way the ORUK validator does, against the UK profile's schemas.

The schemas are the compiled ones of the UK profile in the shared reference data
(``reference/05_openreferral/uk_profile/schema/compiled`` under ``COHESION_DATA_DIR``).
:func:`validate_api` repeats the validator's procedure: ``GET /``, each list endpoint,
each id from ``contents`` fetched on its own, and pages 1, the middle and the last,
every response checked against its schema. The tests run it on the test client;
``cohesion validate-openreferral URL`` runs it on a live site.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
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


def problems(name: str, definition: str = "", *, document: Any) -> list[str]:
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


Fetch = Callable[[str, dict[str, Any]], tuple[int, Any]]


@dataclass
class ValidationRun:
    """What a run checked and what it found."""

    requests: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)

    def fetch(self, get: Fetch, path: str, params: dict[str, Any] | None = None) -> Any:
        self.requests += 1
        status, body = get(path, params or {})
        if status != 200:
            self.problems.append(f"GET {path} {params or ''}: answered {status}")
            return None
        return body


def validate_api(get: Fetch, per_page: int = 7) -> ValidationRun:
    """Run the validator's procedure through ``get(path, params) -> (status, JSON)``; paths are relative to the API."""
    run = ValidationRun()
    info = run.fetch(get, "")
    if info is not None:
        for key in ("version", "profile", "openapi_url"):
            if not info.get(key):
                run.problems.append(f"GET /: no {key}")
    pages = page_validator()
    for path, item_schema, full_schema in ENDPOINTS:
        first = run.fetch(get, path, {"per_page": per_page})
        if first is None:
            continue
        for number in sorted(
            {
                1,
                max(1, math.ceil(first.get("total_pages", 1) / 2)),
                first.get("total_pages", 1) or 1,
            }
        ):
            page = (
                first
                if number == 1
                else run.fetch(get, path, {"per_page": per_page, "page": number})
            )
            if page is None:
                continue
            run.problems += [f"{path} page {number}: {e.message}" for e in pages.iter_errors(page)]
            if page.get("page_number") != number or page.get("last_page") != (
                number >= first.get("total_pages", 1)
            ):
                run.problems.append(f"{path} page {number}: page_number or last_page is wrong")
            for item in page.get("contents", []):
                run.problems += [
                    f"{path} page {number} {item.get('id')}: {p}"
                    for p in problems(*item_schema, document=item)
                ]
        for item in first.get("contents", []):
            record = run.fetch(get, f"{path}/{item['id']}")
            if record is None:
                continue
            run.records += 1
            run.problems += [
                f"{path}/{item['id']}: {p}" for p in problems(*full_schema, document=record)
            ]
    return run
