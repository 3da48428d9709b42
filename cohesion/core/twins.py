"""Machine-readable twins: one view, one query, three renderings.

A data page is rendered as HTML, and the same data as ``.json`` and ``.csv``
(STYLE.md, practice 10). Views build a :class:`Twin` and call :func:`render_twin`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cohesion.core.exports import neutralise

FORMATS = ("html", "json", "csv", "geojson")


class TwinFormatConverter:
    """URL converter for the optional ``.json`` / ``.csv`` / ``.geojson`` suffix."""

    regex = r"json|csv|geojson"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


class _Encoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        plain = _plain(o)
        if plain is o:
            return super().default(o)
        return plain


@dataclass
class Twin:
    """What one data page shows, in a form each rendering can use."""

    template: str
    context: dict[str, Any]
    data: Any
    rows: Sequence[Mapping[str, Any]] = ()
    columns: Sequence[str] | None = None
    filename: str = "cohesion"
    geojson: Mapping[str, Any] | None = None
    extra_headers: dict[str, str] = field(default_factory=dict)


def csv_response(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], filename: str
) -> HttpResponse:
    """A CSV download. Cells that a spreadsheet would run as a formula are quoted (OWASP CSV injection)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    return "" if value is None else neutralise(value)


def json_response(data: Any, *, content_type: str = "application/json") -> JsonResponse:
    return JsonResponse(
        data,
        encoder=_Encoder,
        safe=False,
        content_type=content_type,
        json_dumps_params={"ensure_ascii": False},
    )


def render_twin(request: HttpRequest, fmt: str | None, twin: Twin) -> HttpResponse:
    """Render ``twin`` as the format the address asked for."""
    fmt = fmt or "html"
    response: HttpResponse
    if fmt == "html":
        response = render(request, twin.template, twin.context)
    elif fmt == "json":
        response = json_response(twin.data)
    elif fmt == "csv":
        rows = list(twin.rows)
        columns = (
            list(twin.columns)
            if twin.columns is not None
            else (list(rows[0].keys()) if rows else [])
        )
        response = csv_response(rows, columns, twin.filename)
    elif fmt == "geojson" and twin.geojson is not None:
        response = json_response(twin.geojson, content_type="application/geo+json")
    else:
        raise Http404("This page has no such format.")
    for key, value in twin.extra_headers.items():
        response[key] = value
    return response
