"""A council's own figures, from a CSV or spreadsheet of (area code, period, value), checked row by row.

Reading (:func:`read_table`) and checking (:func:`check_rows`) are separate
from saving, so the officer sees every problem before anything is stored:

* an area code Cohesion does not know, or one outside the officer's areas;
* the same area and period twice in the file;
* text where a number should be, or no value at all;
* a period that cannot be read, or that overlaps one already held for the
  indicator in that area (a correction is a new indicator or a new period,
  never a silent overwrite).

Periods may be written as a year (``2024``), a financial year (``2024/25``),
a month (``2024-06``), a day (``2024-06-30``), or in separate
``period_start`` and ``period_end`` columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from cohesion.core.tables import TableError, TableLimits, read_rows

MAX_ROWS = 20_000
CODE_MAX_LENGTH = 80  # Indicator.code
MAX_BYTES = 5 * 1024 * 1024

AREA_HEADERS = ("area_code", "area code", "code", "gss code", "gss_code", "ward code", "ons code")
PERIOD_HEADERS = ("period", "year", "date", "month")
VALUE_HEADERS = ("value", "number", "figure")


class UploadError(ValueError):
    """A file that cannot be read as a table of area codes, periods and values."""


@dataclass(frozen=True)
class AreaInfo:
    """What the checker needs to know about an area code."""

    level: str
    council: str | None
    ward: str | None


def file_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def read_table(name: str, content: bytes) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX file as dicts of lower-cased, trimmed header -> text.

    The file is read by :func:`cohesion.core.tables.read_rows` within the site's
    import limits. Raises :class:`UploadError` for a file that is empty, too large,
    of another kind, or has more than ``MAX_ROWS`` rows.
    """
    if not content:
        raise UploadError("The file is empty.")
    if not name.lower().endswith((".csv", ".xlsx")):
        raise UploadError("Upload a CSV (.csv) or Excel workbook (.xlsx).")
    try:
        records = read_rows(
            name, content, TableLimits.from_settings(max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
        )
    except TableError as error:
        raise UploadError(str(error)) from None
    if not records:
        raise UploadError("The file is empty.")
    headers = [_clean_header(h) for h in records[0]]
    rows = [
        {h: (record[i] if i < len(record) else "") for i, h in enumerate(headers)}
        for record in records[1:]
    ]
    if not rows:
        raise UploadError("The file has a header row but no data.")
    return rows


def _clean_header(header: Any) -> str:
    return re.sub(r"\s+", " ", str(header or "").strip().lower())


def _find(headers: Iterable[str], candidates: tuple[str, ...]) -> str | None:
    present = list(headers)
    for candidate in candidates:
        if candidate in present:
            return candidate
    return None


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """A period from ``2024``, ``2024/25``, ``2024-06``, ``2024-06-30`` or ``30/06/2024``; ValueError otherwise."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    match = re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{2})", text)
    if match and int(match.group(2)) == (int(match.group(1)) + 1) % 100:
        year = int(match.group(1))
        return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        year, month = (int(part) for part in text.split("-"))
        start = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return start, following - dt.timedelta(days=1)
    day = parse_day(text)
    return day, day


def parse_day(text: str) -> dt.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


# A number as councils write it: digits with an optional sign, decimal part and
# percent sign; thousands separated by commas only in their places (1,234,567).
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+")


def parse_number(text: str) -> float:
    """A figure from ``12``, ``-3.5``, ``1,234``, ``1,234.5`` or ``12%``; ValueError otherwise.

    ``1,2,3`` and ``12,34`` are refused (a comma that is not a thousands separator is
    a list or a decimal comma, never a number to guess), as are ``1_000``, ``1e5``,
    ``nan`` and ``inf``.
    """
    cleaned = text.strip()
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    if not NUMBER.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not a number")
    number = float(cleaned.replace(",", ""))
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


def local_indicator_code(organisation_name: str, title: str, *, distinguish: bool = False) -> str:
    """The code of a council's own indicator: ``local-<council>-<title>``, unique to the title.

    When the title does not survive as a slug (Arabic or other non-Latin letters,
    accents, or more than fits in a code), or ``distinguish`` is asked for because
    another indicator already has the plain code, a short hash of the whole title
    is added, so two different titles never share a code.
    """
    prefix = f"local-{slugify(organisation_name)}-"
    slug = slugify(title)
    room = CODE_MAX_LENGTH - len(prefix)
    lossy = not slug or not title.isascii() or len(slug) > room
    if not (lossy or distinguish):
        return prefix + slug
    key = unicodedata.normalize("NFKC", " ".join(title.split())).casefold()
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    kept = slug[: max(0, room - len(digest) - 1)].strip("-")
    return prefix + (f"{kept}-{digest}" if kept else digest)


def check_rows(
    rows: list[dict[str, str]],
    *,
    area_info: Callable[[Iterable[str]], Mapping[str, AreaInfo]],
    may_act_in: Callable[[AreaInfo], bool],
    held_periods: Mapping[str, list[tuple[dt.date, dt.date]]],
) -> list[dict[str, Any]]:
    """Every row with what it will store and a list of plain-English errors (empty when clean).

    ``area_info`` looks up codes; ``may_act_in`` says whether the officer may
    add figures for an area; ``held_periods`` lists, per area code, the periods
    already held for the indicator. Raises :class:`UploadError` when the
    columns themselves are missing.
    """
    headers = list(rows[0]) if rows else []
    area_column = _find(headers, AREA_HEADERS)
    value_column = _find(headers, VALUE_HEADERS)
    period_column = _find(headers, PERIOD_HEADERS)
    has_range = "period_start" in headers and "period_end" in headers
    missing = []
    if area_column is None:
        missing.append("an area code column (area_code)")
    if value_column is None:
        missing.append("a value column (value)")
    if period_column is None and not has_range:
        missing.append("a period column (period), or period_start and period_end")
    if missing:
        raise UploadError("The file needs " + ", ".join(missing) + ".")
    assert area_column is not None and value_column is not None

    codes = {row.get(area_column, "").strip().upper() for row in rows}
    known = area_info(codes - {""})
    checked: list[dict[str, Any]] = []
    errors_by_line: dict[int, list[str]] = {}
    for line, row in enumerate(rows, start=2):
        errors: list[str] = []
        code = row.get(area_column, "").strip().upper()
        start: dt.date | None = None
        end: dt.date | None = None
        value: float | None = None
        info = known.get(code)
        if not code:
            errors.append("No area code.")
        elif info is None:
            errors.append(f"Unknown area code {code}.")
        elif not may_act_in(info):
            errors.append(f"{code} is outside the areas you may add figures for.")
        try:
            if has_range:
                start = parse_day(row.get("period_start", ""))
                end = parse_day(row.get("period_end", ""))
            else:
                assert period_column is not None
                start, end = parse_period(row.get(period_column, ""))
            if end < start:
                errors.append("The period ends before it starts.")
        except ValueError:
            shown = row.get(period_column or "period_start", "")
            errors.append(f"The period {shown!r} is not a year, month or date.")
            start = end = None
        raw_value = row.get(value_column, "")
        if not raw_value.strip():
            errors.append("No value.")
        else:
            try:
                value = parse_number(raw_value)
            except ValueError:
                errors.append(f"The value {raw_value[:40]!r} is not a number.")
        if code and start and end:
            for held_start, held_end in held_periods.get(code, []):
                if held_start <= end and held_end >= start:
                    errors.append(
                        f"A value for {code} is already held for an overlapping period "
                        f"({held_start.isoformat()} to {held_end.isoformat()})."
                    )
                    break
        errors_by_line[line] = errors
        checked.append(
            {
                "line": line,
                "area_code": code,
                "area_level": info.level if info else "",
                "period_start": start.isoformat() if start else None,
                "period_end": end.isoformat() if end else None,
                "value": value,
                # Only shown beside the row's errors; kept short so an upload stores little.
                "raw_value": raw_value[:100],
                "errors": errors,
            }
        )
    keys = Counter(
        (r["area_code"], r["period_start"], r["period_end"])
        for r in checked
        if r["area_code"] and r["period_start"]
    )
    for row in checked:
        key = (row["area_code"], row["period_start"], row["period_end"])
        if keys.get(key, 0) > 1:
            errors_by_line[int(row["line"])].append(
                f"{row['area_code']} appears more than once for this period; keep one row."
            )
    return checked
