"""The spreadsheet download of a wave's results (XLSX, written with openpyxl)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from cohesion.core.exports import workbook_bytes
from cohesion.surveys.comparators import COLUMNS as COMPARATOR_COLUMNS
from cohesion.surveys.comparators import all_comparators
from cohesion.surveys.methods import methods_note
from cohesion.surveys.models import Wave
from cohesion.surveys.results import ROW_COLUMNS, estimate_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(
    workbook: Workbook, title: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    sheet.freeze_panes = "A2"


def wave_workbook(wave: Wave) -> bytes:
    """Sheets: About (with the methods note), Estimates, England comparators (the Community Life
    Survey figures with their sources), Weighting (targets against achieved).

    Saved through :func:`workbook_bytes`, so no cell of any sheet runs as a formula.
    """
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = "About"
    about.append([wave.survey.title])
    about["A1"].font = Font(bold=True, size=14)
    if wave.survey.is_synthetic:
        about.append(["SYNTHETIC DATA: made-up responses for demonstration. Not real results."])
    about.append([f"Wave: {wave.name} ({wave.period_start} to {wave.period_end})"])
    about.append([])
    for paragraph in methods_note(wave):
        about.append([paragraph])
    about.column_dimensions["A"].width = 120
    _sheet(workbook, "Estimates", ROW_COLUMNS, estimate_rows(wave))
    _sheet(
        workbook,
        "England comparators",
        list(COMPARATOR_COLUMNS),
        [c.as_dict() for c in all_comparators()],
    )
    margin_rows = [
        {"margin": m["label"], "source": m["source"], **c}
        for m in (wave.weighting_report or {}).get("margins", [])
        for c in m["categories"]
    ]
    _sheet(
        workbook,
        "Weighting",
        [
            "margin",
            "code",
            "label",
            "sample_n",
            "sample_pct",
            "target_pct",
            "achieved_pct",
            "target",
            "achieved",
            "source",
        ],
        margin_rows,
    )
    return workbook_bytes(workbook)


def xlsx_response(wave: Wave, filename: str) -> HttpResponse:
    response = HttpResponse(wave_workbook(wave), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
