"""Imports read files within limits and refuse, early and in plain words, what is beyond them (Trust items 13, 14)."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from dataclasses import replace

import pytest
from openpyxl import Workbook

from cohesion.core.tables import TableError, TableLimits, read_rows

NEWPORT = "E05009866"
MEGABYTE = 1024 * 1024


def _workbook_with_sheet_xml(sheet_xml: str) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``sheet_xml``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet["A1"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            target.writestr(item.filename, data)
    return out.getvalue()


SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _wide_rows(rows: int, columns: int) -> str:
    row = "<c><v>7</v></c>" * columns
    return "".join(f'<row r="{r}">{row}</row>' for r in range(1, rows + 1))


def _refused_within(content: bytes, megabytes: int, **limits: int) -> str:
    tracemalloc.start()
    try:
        with pytest.raises(TableError) as refusal:
            read_rows("wide.xlsx", content, replace(TableLimits.from_settings(), **limits))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # A coarse bound, far below what reading the sheet would take.
    assert peak < megabytes * MEGABYTE, f"peak {peak / MEGABYTE:.0f} MB"
    return str(refusal.value)


def test_a_small_workbook_declaring_a_huge_sheet_is_refused_before_a_row_is_read():
    """Trust item 14: a 1.4 MB XLSX of 3,000 x 16,384 cells ran for over 10 minutes and 3 GB."""
    sheet = (
        SHEET_HEAD
        + '<dimension ref="A1:XFD3000"/><sheetData>'
        + _wide_rows(3, 16_384)
        + "</sheetData></worksheet>"
    )
    content = _workbook_with_sheet_xml(sheet)
    assert len(content) < 200_000
    message = _refused_within(content, 40)
    assert "16,384 columns" in message and "Delete the columns" in message


def test_a_wide_sheet_that_does_not_declare_its_size_is_refused_as_its_rows_are_read():
    """Trust item 14: rows and cells are counted as they are read, whatever the sheet declares."""
    sheet = (
        SHEET_HEAD
        + '<dimension ref="A1"/><sheetData>'
        + _wide_rows(60, 16_384)
        + "</sheetData></worksheet>"
    )
    content = _workbook_with_sheet_xml(sheet)
    assert len(content) < 200_000
    message = _refused_within(content, 60)
    assert "more than 500 columns" in message
    # With room for the columns, the cell count stops it after a few rows.
    message = _refused_within(content, 80, max_columns=20_000, max_cells=50_000)
    assert "more than 50,000 cells" in message


def test_a_workbook_that_unpacks_far_beyond_its_size_is_refused():
    """Trust item 14: a zip bomb is refused from the sizes its parts declare."""
    sheet = SHEET_HEAD + "<sheetData>" + " " * (3 * MEGABYTE) + "</sheetData></worksheet>"
    content = _workbook_with_sheet_xml(sheet)
    assert len(content) < 50_000
    message = _refused_within(content, 40, max_unpacked_bytes=2 * MEGABYTE)
    assert "unpacks to more than 2 MB" in message


def _long_shared_text_workbook(rows: int, length: int) -> bytes:
    """Every row's value is the same long text, which a workbook stores once."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["area_code", "period", "value"])
    text = "9" * length
    for _ in range(rows):
        sheet.append([NEWPORT, "2024", text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_tiny_workbook_of_one_long_shared_text_is_refused_and_nothing_is_stored(
    alice, client_for
):
    """Trust item 14: a 25 KB workbook stored 42 MB (1,300 rows pointing at one 32,767-character text)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cohesion.accounts.models import Organisation
    from cohesion.indicators.models import Upload

    content = _long_shared_text_workbook(1_300, 32_767)  # Excel's longest cell
    assert len(content) < 150_000  # small on disk...
    assert 40 * MEGABYTE < 1_300 * 32_767  # ...and 42 MB of text once read
    response = client_for(alice).post(
        "/indicators/import/",
        {
            "organisation": Organisation.objects.get(name="Middlesbrough Council").pk,
            "file": SimpleUploadedFile("figures.xlsx", content),
            "title": "Shared text",
            "unit": "count",
            "polarity": "neutral",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Row 2, column 3 holds more than 1,000 characters" in page
    assert not Upload.objects.exists()


def test_the_text_of_a_whole_file_is_capped_as_well_as_each_cell():
    """Trust item 14: many cells just under the cell limit still stop at the file's limit."""
    content = _long_shared_text_workbook(300, 900)
    with pytest.raises(TableError, match="more than 100,000 characters of text"):
        read_rows("figures.xlsx", content, TableLimits.from_settings(max_text_chars=100_000))


@pytest.mark.django_db
def test_a_utf16_csv_from_excel_is_read(alice, client_for):
    """Trust item 13: a UTF-16 CSV ("Unicode text" from Excel) answered 500 on /indicators/import/."""
    from cohesion.indicators.imports import read_table

    text = f"area_code\tperiod\tvalue\r\n{NEWPORT}\t2024\t12\r\n"
    rows = read_table("figures.csv", text.encode("utf-16"))
    assert rows == [{"area_code": NEWPORT, "period": "2024", "value": "12"}]


@pytest.mark.django_db
@pytest.mark.parametrize("length", [1_001, 131_073, 400_000])
def test_a_csv_cell_longer_than_any_figure_is_refused_on_the_import_page(alice, client_for, length):
    """Trust item 13: a CSV cell over 131,072 characters answered 500 on /indicators/import/."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cohesion.accounts.models import Organisation
    from cohesion.indicators.models import Upload

    text = f"area_code,period,value\n{NEWPORT},2024,{'1' * length}\n"
    response = client_for(alice).post(
        "/indicators/import/",
        {
            "organisation": Organisation.objects.get(name="Middlesbrough Council").pk,
            "file": SimpleUploadedFile("figures.csv", text.encode()),
            "title": "Long cell",
            "unit": "count",
            "polarity": "neutral",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "longer than 1,000 characters" in page or "more than 1,000 characters" in page
    assert "field larger" not in page
    assert not Upload.objects.exists()


def test_a_csv_of_binary_bytes_is_refused_in_plain_words():
    """Trust item 13: NUL bytes (a UTF-16 file without its mark, or a binary file) are not a CSV."""
    with pytest.raises(TableError, match="CSV UTF-8"):
        read_rows("figures.csv", "area_code,value\n".encode("utf-16-le"))
