"""Writing spreadsheets people will open: no cell of any CSV or XLSX export can run as a formula.

Every CSV and XLSX that Cohesion produces passes its cells through
:func:`neutralise` (CSV: ``cohesion.core.twins.csv_response``) or is saved with
:func:`workbook_bytes` (XLSX: every sheet, every cell, including titles and notes
typed by officers). Following OWASP's CSV-injection guidance, text that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an
apostrophe, so a spreadsheet shows it as text instead of running it. Numbers
written as text (``-3.5``) cannot be formulas and are left as they are.
"""

from __future__ import annotations

import io
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def neutralise(value: Any) -> Any:
    """``value``, or for text a spreadsheet would run as a formula, the text prefixed with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Text as it was before :func:`neutralise`, for an import that reads back a file Cohesion wrote."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) and not _is_number(text[1:]):
        return text[1:]
    return text


def workbook_bytes(workbook: Any) -> bytes:
    """An openpyxl workbook saved as XLSX bytes, after neutralising every cell of every sheet."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                safe = neutralise(cell.value)
                if safe is not cell.value:
                    cell.value = safe
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
