"""The API's OpenAPI document states the errors the API answers with, in the API's error format."""

from __future__ import annotations

from typing import Any

BAD_REQUEST = {
    "description": "A query parameter could not be used: each named parameter with its messages.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        }
    },
}
NOT_FOUND = {
    "description": "No such record, or not one the caller may see.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        }
    },
}


def document_errors(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular hook: 400 on operations that read query parameters, 404 on those with path parameters."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            places = {p.get("in") for p in operation.get("parameters", [])}
            if "query" in places:
                operation["responses"].setdefault("400", BAD_REQUEST)
            if "path" in places:
                operation["responses"].setdefault("404", NOT_FOUND)
    return result
