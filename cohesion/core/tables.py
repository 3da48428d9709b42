"""Reading an uploaded CSV or XLSX file into rows of text, within limits a person can be told about.

Every import (council figures in ``indicators``, survey responses in ``surveys``)
reads its file here, so one set of limits protects the server whatever the app:

* the file's size in bytes (``IMPORT_MAX_BYTES``), and for a workbook the size of
  its parts once unpacked (``IMPORT_MAX_UNPACKED_BYTES``): an XLSX is a zip, and a
  25 KB zip can hold hundreds of megabytes;
* rows (``IMPORT_MAX_ROWS``), columns (``IMPORT_MAX_COLUMNS``) and cells
  (``IMPORT_MAX_CELLS``). A workbook's sheet declares its size (``<dimension>``);
  a sheet that declares more is refused before a row is read, and rows and cells
  are counted as they are read, so a sheet that lies about its size is refused as
  soon as it passes a limit;
* characters in one cell (``IMPORT_MAX_CELL_CHARS``) and in the whole file
  (``IMPORT_MAX_TEXT_CHARS``): a workbook stores repeated text once (shared
  strings), so 20,000 cells pointing at one long text are tiny on disk and
  enormous once read.

Workbooks are read with openpyxl in read-only mode, one row at a time. CSV files
may be UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
(Excel's "Unicode text"), or Windows-1252, separated by commas, semicolons, tabs
or bars. Every refusal is a :class:`TableError` whose message says what to change;
no library's own wording reaches the person.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings


class TableError(ValueError):
    """A file that cannot be read as a table, or is beyond the limits; the message is for people."""


@dataclass(frozen=True)
class TableLimits:
    """How much of a file an import reads before refusing it (from the ``IMPORT_*`` settings)."""

    max_bytes: int
    max_unpacked_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int
    max_text_chars: int

    @classmethod
    def from_settings(cls, **overrides: int) -> TableLimits:
        limits = cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_cells=settings.IMPORT_MAX_CELLS,
            max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            max_text_chars=settings.IMPORT_MAX_TEXT_CHARS,
        )
        # An app may ask for less than the site allows, never more.
        tighter = {k: min(v, getattr(limits, k)) for k, v in overrides.items()}
        return replace(limits, **tighter)


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"


def read_rows(filename: str, content: bytes, limits: TableLimits | None = None) -> list[list[str]]:
    """Every non-blank row of a CSV or the first sheet of an XLSX file, each cell as trimmed text.

    The first row returned is the heading row. Raises :class:`TableError`.
    """
    return [texts for _number, texts in read_numbered_rows(filename, content, limits)]


def read_numbered_rows(
    filename: str, content: bytes, limits: TableLimits | None = None
) -> list[tuple[int, list[str]]]:
    """As :func:`read_rows`, each row with its number in the file (1 for the first row, blank rows counted),
    so that an import's problems name the row a person sees in their spreadsheet."""
    limits = limits or TableLimits.from_settings()
    if not content:
        raise TableError("The file is empty.")
    if len(content) > limits.max_bytes:
        raise TableError(
            f"The file is larger than {_megabytes(limits.max_bytes)}; split it into smaller files."
        )
    cells: Iterable[Sequence[Any]]
    if filename.lower().endswith(".xlsx"):
        cells = _xlsx_rows(content, limits)
    else:
        cells = _csv_rows(content, limits)
    return list(_within_limits(cells, limits))


def _within_limits(
    rows: Iterable[Sequence[Any]], limits: TableLimits
) -> Iterator[tuple[int, list[str]]]:
    """Rows as text, counting rows, cells and characters as they are read; blank rows skipped."""
    cells = 0
    characters = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows + 1:  # + the heading row
            raise TableError(
                f"The file has more than {limits.max_rows:,} rows; split it into smaller files."
            )
        texts = [_cell_text(value) for value in row]
        while texts and not texts[-1]:
            texts.pop()
        if not texts:
            continue
        if len(texts) > limits.max_columns:
            raise TableError(
                f"Row {number} has more than {limits.max_columns:,} columns; "
                "keep only the columns the import needs."
            )
        cells += len(texts)
        if cells > limits.max_cells:
            raise TableError(
                f"The file has more than {limits.max_cells:,} cells; split it into smaller files."
            )
        for column, text in enumerate(texts, start=1):
            if len(text) > limits.max_cell_chars:
                raise TableError(
                    f"Row {number}, column {column} holds more than {limits.max_cell_chars:,} "
                    "characters; no answer, code or figure is that long."
                )
            characters += len(text)
        if characters > limits.max_text_chars:
            raise TableError(
                f"The file holds more than {limits.max_text_chars:,} characters of text; "
                "split it into smaller files."
            )
        yield number, texts


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- CSV ---------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise TableError(
        "The file is not a text CSV file we can read. Save it as “CSV UTF-8 (comma delimited)” and upload it again."
    )


def _csv_rows(content: bytes, limits: TableLimits) -> Iterator[list[str]]:
    text = _decode(content)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            # The csv module stops at fields over its own limit (131,072 characters)
            # and at unbalanced quotes; say which row, in our words.
            raise TableError(
                f"Row {reader.line_num} could not be read: a cell is longer than "
                f"{limits.max_cell_chars:,} characters or has a quotation mark that is never closed."
            ) from None
        yield row


# --- XLSX --------------------------------------------------------------------------------

_NOT_A_WORKBOOK = "The file could not be opened as an Excel workbook (.xlsx). Save it from Excel as .xlsx, or as CSV."


def _check_unpacked_size(content: bytes, limits: TableLimits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableError(_NOT_A_WORKBOOK) from None
    if unpacked > limits.max_unpacked_bytes:
        raise TableError(
            f"The workbook unpacks to more than {_megabytes(limits.max_unpacked_bytes)}; "
            "keep only the sheet and columns the import needs, or save it as CSV."
        )


def _xlsx_rows(content: bytes, limits: TableLimits) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    _check_unpacked_size(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; none is for people
        raise TableError(_NOT_A_WORKBOOK) from None
    try:
        if not workbook.worksheets:
            raise TableError("The workbook has no sheets.")
        sheet = workbook.worksheets[0]
        _check_declared_size(sheet, limits)
        # Then forget the declared size: rows come as long as they really are (not cut
        # or padded to the declaration), so the counting in _within_limits sees them.
        sheet.reset_dimensions()
        try:
            yield from sheet.iter_rows(values_only=True)
        except TableError:
            raise
        except Exception:  # a damaged sheet part
            raise TableError(_NOT_A_WORKBOOK) from None
    finally:
        workbook.close()


def _check_declared_size(sheet: Any, limits: TableLimits) -> None:
    """Refuse a sheet whose declared dimension is beyond the limits, before reading a row."""
    try:
        rows, columns = sheet.max_row, sheet.max_column
    except Exception:  # an unreadable dimension: rows are still counted as they are read
        return
    if not rows or not columns:
        return
    if columns > limits.max_columns:
        raise TableError(
            f"The first sheet has {columns:,} columns; the most an import reads is "
            f"{limits.max_columns:,}. Delete the columns the import does not need."
        )
    if rows > limits.max_rows + 1:
        raise TableError(
            f"The first sheet has {rows:,} rows; the most an import reads is "
            f"{limits.max_rows:,}. Split it into smaller files."
        )
    if rows * columns > limits.max_cells:
        raise TableError(
            f"The first sheet has {rows * columns:,} cells; the most an import reads is "
            f"{limits.max_cells:,}. Split it into smaller files."
        )
