"""One rule for every spreadsheet Cohesion writes: no cell runs as a formula (Trust item 15)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cohesion.core.exports import neutralise, workbook_bytes
from cohesion.core.twins import csv_response

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3.5", "-3.5"),
        ("Newport", "Newport"),
        (7, 7),
        (None, None),
    ],
)
def test_text_a_spreadsheet_would_run_is_prefixed(value, written):
    """Trust item 15: the OWASP CSV-injection rule, for CSV and XLSX alike."""
    assert neutralise(value) == written


def test_every_sheet_of_a_workbook_is_neutralised():
    """Trust item 15: every sheet, not only the data sheets."""
    workbook = Workbook()
    workbook.active.append(["=1+1"])
    workbook.create_sheet("Second").append(["Title", "@cmd"])
    saved = load_workbook(io.BytesIO(workbook_bytes(workbook)))
    assert saved["Sheet"]["A1"].value == "'=1+1"
    assert saved["Sheet"]["A1"].data_type == "s"
    assert saved["Second"]["B1"].value == "'@cmd"


def test_csv_downloads_use_the_same_rule():
    """Trust item 15: the CSV twins go through the same helper."""
    response = csv_response([{"name": "=1+1", "value": -2}], ["name", "value"], "x")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["name", "value"], ["'=1+1", "-2"]]


def test_every_spreadsheet_writer_in_the_code_goes_through_the_helper():
    """Trust item 15: a new export that writes CSV or XLSX without the helper fails here."""
    writers = {}
    for path in (REPO / "cohesion").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text()
        if "csv.writer(" in source or "csv.DictWriter(" in source or "Workbook(" in source:
            writers[path.relative_to(REPO).as_posix()] = (
                "neutralise" in source or "workbook_bytes" in source
            )
    assert writers, "no spreadsheet writers found"
    assert all(writers.values()), writers
