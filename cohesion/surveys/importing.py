"""Importing responses from a CSV or XLSX file: read, match columns to questions, check, import.

1. :func:`read_table` reads the heading row and the data rows (CSV in UTF-8 with any
   common delimiter, or the first sheet of an XLSX workbook).
2. :func:`suggest_mapping` matches each column heading to a question by code or
   wording; the officer confirms or changes the mapping.
3. :func:`check_batch` checks every row and lists every problem with its row and
   column: unknown wards, answers that are not on the question's scale, the same
   respondent twice (in the file or already in the wave), and missing required answers
   (the demographics weighting needs). The batch is *ready* only when there are none.
4. :func:`import_batch` imports all rows in one transaction, or nothing.

An answer can be given as the answer's code (``tend_to_agree``), its English words
(``Tend to agree``), or its position on the scale (``2``). A ward can be given by its
GSS code or its name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from cohesion.core.db import refresh_statistics
from cohesion.core.tables import TableError, TableLimits, read_rows
from cohesion.core.text import identifier_key, tidy_identifier
from cohesion.surveys.choices import ImportStatus, ResponseMode, ResponseStatus
from cohesion.surveys.models import ImportBatch, Response, Wave
from cohesion.surveys.models.responses import MAX_IMPORT_BYTES
from cohesion.surveys.specs import QuestionSpec, wave_questions

REFERENCE = "respondent_ref"
IGNORE = ""
MAX_ROWS = 50_000
MAX_PROBLEMS_KEPT = 500
REFERENCE_MAX_LENGTH = Response._meta.get_field("respondent_ref").max_length or 100


class ImportFileError(ValueError):
    """The file cannot be read as a table of responses."""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


def read_table(filename: str, content: bytes) -> Table:
    """The heading row and data rows of a CSV or XLSX file, every cell as text.

    The file is read by :func:`cohesion.core.tables.read_rows` within the site's
    import limits; blank rows are skipped.
    """
    name = filename.lower()
    if not name.endswith((".xlsx", ".csv", ".txt")):
        raise ImportFileError("Upload a .csv or .xlsx file.")
    try:
        raw = read_rows(
            filename,
            content,
            TableLimits.from_settings(max_bytes=MAX_IMPORT_BYTES, max_rows=MAX_ROWS),
        )
    except TableError as error:
        raise ImportFileError(str(error)) from None
    if not raw:
        raise ImportFileError("The file is empty.")
    columns = [c.strip() for c in raw[0]]
    blanks = [i + 1 for i, c in enumerate(columns) if not c]
    if blanks:
        raise ImportFileError(
            f"Column(s) {', '.join(map(str, blanks))} have no heading in the first row."
        )
    repeated = sorted(c for c, k in Counter(columns).items() if k > 1)
    if repeated:
        raise ImportFileError(f"These headings appear more than once: {', '.join(repeated)}.")
    rows = [(row + [""] * len(columns))[: len(columns)] for row in raw[1:]]
    if not rows:
        raise ImportFileError("The file has headings but no rows of responses.")
    return Table(columns, rows)


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def suggest_mapping(columns: Sequence[str], questions: Sequence[QuestionSpec]) -> dict[str, str]:
    """Each column matched to a question code (by code or wording), the respondent reference, or nothing."""
    by_key: dict[str, str] = {}
    for q in questions:
        by_key[_normalise(q.code)] = q.code
        by_key[_normalise(q.wording_in("en"))] = q.code
    reference_names = {
        "respondent ref",
        "respondent reference",
        "reference",
        "ref",
        "respondent id",
        "id",
        "serial",
        "respondent",
    }
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for column in columns:
        key = _normalise(column)
        if key in reference_names and REFERENCE not in used:
            mapping[column] = REFERENCE
            used.add(REFERENCE)
            continue
        code = by_key.get(key)
        if code and code not in used:
            mapping[column] = code
            used.add(code)
        else:
            mapping[column] = IGNORE
    return mapping


def _answer(lookup: dict[str, str], value: str) -> str | None:
    """The option code for a cell, or None.

    A cell matches an option's code or its position (``2``) exactly, or its words
    loosely (``Tend to agree``, ``tend-to-agree``). Loose matching never turns
    punctuation around a number into that number: ``-1``, ``(1)`` and ``1.`` are
    not answers.
    """
    text = value.strip().lower()
    if text in lookup:
        return lookup[text]
    loose = _normalise(text)
    if not loose or loose.isdigit():
        return None
    return lookup.get(loose)


def _answer_lookup(question: QuestionSpec) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for position, option in enumerate(question.options, start=1):
        lookup[option.code.lower()] = option.code
        lookup[_normalise(option.label("en"))] = option.code
        if not question.is_ward:
            lookup[str(position)] = option.code
    return lookup


@dataclass(frozen=True)
class Checked:
    problems: list[dict[str, Any]]
    rows: list[tuple[str, dict[str, str]]]  # (respondent reference, answers) for acceptable rows


def check_rows(wave: Wave, table: Table, mapping: dict[str, str]) -> Checked:
    """Check every row against the wave's questionnaire; list every problem, keep nothing half-read."""
    questions = {q.code: q for q in wave_questions(wave)}
    problems: list[dict[str, Any]] = []

    def problem(row: int, column: str, value: str, message: str) -> None:
        problems.append({"row": row, "column": column, "value": value[:100], "message": message})

    unknown_targets = sorted(
        {t for t in mapping.values() if t not in (IGNORE, REFERENCE) and t not in questions}
    )
    if unknown_targets:
        problem(
            0,
            "",
            "",
            f"The mapping names questions this wave does not ask: {', '.join(unknown_targets)}.",
        )
    targets = [t for t in mapping.values() if t != IGNORE]
    repeated = sorted(t for t, k in Counter(targets).items() if k > 1)
    for target in repeated:
        problem(
            0, "", "", f"More than one column is matched to {target}; match each question once."
        )
    reference_column = next((c for c, t in mapping.items() if t == REFERENCE), None)
    if reference_column is None:
        problem(
            0,
            "",
            "",
            "Match a column to “Respondent reference”: each response needs a reference so that "
            "the same response is never imported twice.",
        )
    mapped_codes = {t for t in mapping.values() if t in questions}
    for code, question in questions.items():
        if question.required and code not in mapped_codes:
            problem(
                0,
                "",
                "",
                f"No column is matched to the required question {code} ({question.wording_in('en')}).",
            )
    if problems:
        return Checked(problems, [])

    index = {column: i for i, column in enumerate(table.columns)}
    lookups = {code: _answer_lookup(q) for code, q in questions.items()}
    # References are compared as people read them: case, full-width forms, invisible
    # characters and Cyrillic or Greek look-alikes make no difference.
    existing = {
        identifier_key(reference)
        for reference in Response.objects.filter(wave=wave)
        .exclude(respondent_ref="")
        .values_list("respondent_ref", flat=True)
    }
    seen: dict[str, int] = {}
    accepted: list[tuple[str, dict[str, str]]] = []
    assert reference_column is not None
    for number, row in enumerate(table.rows, start=1):
        row_ok = True
        reference = tidy_identifier(row[index[reference_column]])
        key = identifier_key(reference)
        if not reference:
            problem(number, reference_column, "", "The respondent reference is missing.")
            row_ok = False
        elif len(reference) > REFERENCE_MAX_LENGTH:
            problem(
                number,
                reference_column,
                reference,
                f"The respondent reference is longer than {REFERENCE_MAX_LENGTH} characters.",
            )
            row_ok = False
        elif key in seen:
            problem(
                number,
                reference_column,
                reference,
                f"Duplicate: the same reference as row {seen[key]}.",
            )
            row_ok = False
        elif key in existing:
            problem(
                number,
                reference_column,
                reference,
                "Duplicate: a response with this reference is already in the wave.",
            )
            row_ok = False
        else:
            seen[key] = number
        answers: dict[str, str] = {}
        for column, code in mapping.items():
            if code not in questions:
                continue
            question = questions[code]
            value = row[index[column]]
            if not value:
                if question.required:
                    what = "demographic" if question.is_demographic else "answer"
                    problem(
                        number, column, "", f"Missing required {what}: {question.wording_in('en')}"
                    )
                    row_ok = False
                continue
            answer = _answer(lookups[code], value)
            if answer is None:
                if question.is_ward:
                    problem(
                        number,
                        column,
                        value,
                        "Unknown ward: not one of the wards this wave covers.",
                    )
                else:
                    allowed = len(question.options)
                    problem(
                        number,
                        column,
                        value,
                        f"Out of range: not an answer to {code} (use 1 to {allowed}, or the answer's words).",
                    )
                row_ok = False
                continue
            answers[code] = answer
        if row_ok:
            accepted.append((reference, answers))
    return Checked(problems, accepted)


def check_batch(batch: ImportBatch) -> ImportBatch:
    """Re-read the stored file with the batch's mapping; record problems and whether it is ready."""
    if batch.status == ImportStatus.IMPORTED:
        return batch
    table = read_table(batch.filename, bytes(batch.content))
    checked = check_rows(batch.wave, table, batch.mapping)
    batch.row_count = len(table.rows)
    batch.problems = checked.problems[:MAX_PROBLEMS_KEPT]
    batch.status = ImportStatus.HAS_ERRORS if checked.problems else ImportStatus.READY
    batch.save(update_fields=["row_count", "problems", "status"])
    return batch


def import_batch(batch: ImportBatch, user: Any = None) -> int:
    """Import every row, in one transaction, if (and only if) the file has no problems."""
    from cohesion.surveys.collection import apply_demographics, clean_answers

    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status == ImportStatus.IMPORTED:
            return locked.imported_count
        table = read_table(locked.filename, bytes(locked.content))
        checked = check_rows(locked.wave, table, locked.mapping)
        if checked.problems:
            locked.problems = checked.problems[:MAX_PROBLEMS_KEPT]
            locked.status = ImportStatus.HAS_ERRORS
            locked.save(update_fields=["problems", "status"])
            return 0
        questions = wave_questions(locked.wave)
        wards = {w.code: w for w in locked.wave.wards()}
        mode = locked.mode if locked.mode != ResponseMode.ONLINE else ResponseMode.IMPORT
        entered_by = user if getattr(user, "is_authenticated", False) else None
        now = timezone.now()
        responses = []
        for reference, answers in checked.rows:
            response = Response(
                wave=locked.wave,
                mode=mode,
                status=ResponseStatus.COMPLETE,
                respondent_ref=reference,
                answers=clean_answers(questions, answers, require=True),
                entered_by=entered_by,
                import_batch=locked,
                submitted_at=now,
            )
            apply_demographics(response, questions, wards)
            responses.append(response)
        Response.objects.bulk_create(responses, batch_size=1000)
        locked.imported_count = len(responses)
        locked.status = ImportStatus.IMPORTED
        locked.imported_at = now
        locked.problems = []
        locked.content = b""
        locked.save(
            update_fields=["imported_count", "status", "imported_at", "problems", "content"]
        )
    refresh_statistics([Response, ImportBatch])
    batch.refresh_from_db()
    return batch.imported_count


def start_batch(
    wave: Wave, filename: str, content: bytes, *, mode: str, user: Any = None
) -> ImportBatch:
    """Store an uploaded file (after checking it can be read) and suggest a column mapping."""
    table = read_table(filename, content)
    batch = ImportBatch.objects.create(
        wave=wave,
        filename=filename[:255],
        content=content,
        columns=table.columns,
        mapping=suggest_mapping(table.columns, wave_questions(wave)),
        mode=mode,
        row_count=len(table.rows),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return batch
