"""Tables of records as CSV and XLSX files, read back in the columns they are written in.

Every app that imports records from a spreadsheet (plans, actions and targets in
``plans``; events in ``programme``) declares its columns once, writes its export
with :func:`file_bytes` and reads an upload with :func:`read_table` and
:class:`Row`, so a file downloaded, changed in Excel and uploaded again round-trips,
and a problem is reported the same way everywhere: (row, column, value, plain
message), with the row number the person sees in their spreadsheet. The file
itself is read within the limits of :mod:`cohesion.core.tables`.

Cells that a spreadsheet would run as a formula are written with a leading
apostrophe (:mod:`cohesion.core.exports`) and read back without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from cohesion.core.exports import neutralise, restore, workbook_bytes
from cohesion.core.tables import TableError, TableLimits, read_numbered_rows
from cohesion.core.text import identifier_key

FORMATS = ("csv", "xlsx")
# A plan is a few hundred actions at most; a file far larger than that is a mistake.
MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
LIST_SEPARATOR = ";"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One column of a table: its heading (the field's code), what it holds, and how an import treats it."""

    name: str
    help: Any  # lazily translated text
    required: bool = False  # a new record needs a value
    read_only: bool = False  # written by the export, ignored by the import


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import: where (row 0 is the file as a whole), the value, and what to do."""

    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class Outcome:
    """What an import did (or, when checked only or refused, would have done)."""

    problems: list[Problem] = field(default_factory=list)
    # Worth a second look, but no reason to refuse the file (an event that clashes with another).
    warnings: list[Problem] = field(default_factory=list)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    saved: bool = False
    records: list[Model] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def file_bytes(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[Column], fmt: str, *, title: str = "Table"
) -> bytes:
    """The rows as a CSV (UTF-8 with a byte-order mark, so Excel reads accents) or an XLSX workbook."""
    names = [c.name for c in columns]
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = title
        sheet.append(names)
        for row in rows:
            sheet.append([_cell(row.get(name)) for name in names])
        return workbook_bytes(workbook)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(names)
    for row in rows:
        writer.writerow([neutralise(_cell(row.get(name))) for name in names])
    return buffer.getvalue().encode("utf-8-sig")


def content_type(fmt: str) -> str:
    return XLSX_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8"


class Row:
    """One row's cells by column, reading each as a value and noting what is wrong with it."""

    def __init__(self, number: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.line = number
        self.cells = cells
        self.problems = problems
        self.ok = True

    def has(self, column: str) -> bool:
        return column in self.cells

    def text(self, column: str) -> str:
        return self.cells.get(column, "")

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.line, column, self.text(column)[:100], message))
        self.ok = False

    def parse(self, column: str, parser: Callable[[str], Any], message: str) -> Any:
        """The cell read by ``parser`` (None when empty), or a problem with ``message``."""
        text = self.text(column)
        if not text:
            return None
        try:
            return parser(text)
        except (ValueError, KeyError, LookupError):
            self.problem(column, message)
            return None

    def date(self, column: str) -> dt.date | None:
        return self.parse(
            column, _date, _("Write the date as YYYY-MM-DD (2026-04-01) or DD/MM/YYYY.")
        )

    def number(self, column: str) -> float | None:
        return self.parse(column, _number, _("Write a number, such as 12.5."))

    def whole(self, column: str, minimum: int, maximum: int) -> int | None:
        message = _("Write a whole number from %(min)s to %(max)s.") % {
            "min": minimum,
            "max": maximum,
        }
        return self.parse(column, lambda t: _whole(t, minimum, maximum), message)

    def yes_no(self, column: str) -> bool | None:
        return self.parse(column, _yes_no, _("Write yes or no."))

    def choice(self, column: str, choices: Sequence[tuple[str, Any]]) -> str | None:
        """One of ``choices`` (value, label), given as its code or its words, in any case."""
        lookup: dict[str, str] = {}
        for value, label in choices:
            for text in (value, value.replace("_", " "), str(label)):
                lookup.setdefault(identifier_key(text), value)
        allowed = ", ".join(value for value, _label in choices)
        return self.parse(
            column,
            lambda t: lookup[identifier_key(t)],
            _("Use one of: %(allowed)s.") % {"allowed": allowed},
        )

    def one_of(self, column: str, lookup: Mapping[str, Any], message: str) -> Any:
        return self.parse(column, lambda t: lookup[identifier_key(t)], message)

    def many_of(self, column: str, lookup: Mapping[str, Any], message: str) -> list[Any] | None:
        """Each of a semicolon-separated list, or None (and a problem naming the unknown ones)."""
        found: list[Any] = []
        unknown: list[str] = []
        for part in self.text(column).split(LIST_SEPARATOR):
            if part.strip():
                value = lookup.get(identifier_key(part))
                if value is not None:
                    found.append(value)
                else:
                    unknown.append(part.strip())
        if unknown:
            self.problem(column, f"{message} ({', '.join(unknown)})")
            return None
        return found


def _date(text: str) -> dt.date:
    text = text.strip()
    if "/" in text:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    return dt.date.fromisoformat(text[:10])


def _number(text: str) -> float:
    value = float(text.replace(",", ""))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value


def _whole(text: str, minimum: int, maximum: int) -> int:
    value = float(text)
    if not value.is_integer() or not minimum <= value <= maximum:
        raise ValueError(text)
    return int(value)


def _yes_no(text: str) -> bool:
    return {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False}[
        {"false": "no", "0": "no"}.get(text.strip().lower(), text.strip().lower())
    ]


def read_table(
    filename: str, content: bytes, columns: Sequence[Column]
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """The data rows of a file as {column: text}, with their row numbers, or the problems with its headings."""
    if not filename.lower().endswith((".csv", ".xlsx", ".txt")):
        return [], [Problem(0, "", filename[:100], _("Upload a .csv or .xlsx file."))]
    try:
        raw = read_numbered_rows(
            filename, content, TableLimits.from_settings(max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
        )
    except TableError as error:
        return [], [Problem(0, "", "", str(error))]
    if not raw:
        return [], [Problem(0, "", "", _("The file is empty."))]
    heading_row, headings = raw[0]
    known = {c.name: c for c in columns}
    index: dict[str, int] = {}
    problems = []
    for position, heading in enumerate(headings):
        name = restore(heading).strip().lower().replace(" ", "_")
        if not name:
            continue
        if name not in known:
            problems.append(
                Problem(
                    heading_row,
                    heading[:100],
                    heading[:100],
                    _("This is not one of the columns: %(columns)s.")
                    % {"columns": ", ".join(known)},
                )
            )
        elif name in index:
            problems.append(
                Problem(heading_row, name, heading[:100], _("This column appears twice."))
            )
        else:
            index[name] = position
    if "title" not in index and "id" not in index:
        problems.append(
            Problem(heading_row, "", "", _("The file needs an id column, a title column, or both."))
        )
    rows = [
        (
            number,
            {
                name: restore(cells[i]) if i < len(cells) else ""
                for name, i in index.items()
                if not known[name].read_only
            },
        )
        for number, cells in raw[1:]
    ]
    if not problems and not rows:
        problems.append(Problem(0, "", "", _("The file has headings but no rows.")))
    return rows, problems
