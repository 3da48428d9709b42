"""Every format of a pack read back: the PDF's text and tags, the DOCX, the XLSX and CSV, the HTML."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from cohesion.packs import making, renderers
from cohesion.packs.choices import AudienceKind, PackKind
from cohesion.packs.contents import Audience
from cohesion.packs.periods import parse_period
from cohesion.packs.tests.helpers import NORTH_ORMESBY, TEST_TEMPLATE, record_value

pytestmark = pytest.mark.django_db
ARTEFACTS = Path(settings.REPO_DIR) / "test-artefacts" / "packs"


@pytest.fixture
def pack(alice):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    record_value(NORTH_ORMESBY, "=1+1 learners", 4)
    outline = [*TEST_TEMPLATE, {"key": "paper-clearance", "heading": "Clearance"}]
    made = making.make_pack(
        alice,
        PackKind.WARD_BRIEFING,
        NORTH_ORMESBY,
        parse_period("2025-Q2"),
        template=outline,
        audience=Audience(AudienceKind.RESTRICTED, "Community Safety Scrutiny Panel"),
        frame={"clearance": "Head of Stronger Communities"},
    )
    return making.issue(made, alice)


def pdf_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_pdf_reads_back_with_its_figures_contents_page_numbers_and_marking(pack):
    data = renderers.pdf_bytes(pack)
    pages = pdf_text(data)
    text = "\n".join(pages)
    assert "Ward councillor briefing: North Ormesby, 2025 Q2" in text
    assert "Contents" in text and "1. Recorded values" in text
    assert "ESOL learners" in text and "12.0" in text
    assert "Head of Stronger Communities" in text
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert all("Restricted: for Community Safety Scrutiny Panel only" in p for p in pages)


def test_the_pdf_is_tagged_with_a_title_and_language_for_screen_readers(pack):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(renderers.pdf_bytes(pack)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title == pack.title


def test_the_first_two_pdf_pages_are_saved_as_pictures_for_review(pack):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is missing; scripts/setup.sh installs it.")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTEFACTS / "ward-briefing.pdf"
    pdf.write_bytes(renderers.pdf_bytes(pack))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            str(pdf),
            str(ARTEFACTS / "ward-briefing"),
        ],
        check=True,
    )
    pictures = sorted(ARTEFACTS.glob("ward-briefing-*.png"))
    assert pictures and all(p.stat().st_size > 1000 for p in pictures)


def test_the_docx_reads_back_with_headings_tables_and_the_marking(pack):
    from docx import Document

    document = Document(io.BytesIO(renderers.docx_bytes(pack)))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[:3] == [pack.title, "Contents", "1. Recorded values"]
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Indicator", "Value"]
    assert ["ESOL learners", "12.0"] in rows
    assert "Restricted" in document.sections[0].header.paragraphs[0].text
    assert document.core_properties.title == pack.title


def test_every_table_is_a_csv_and_a_sheet_and_no_cell_runs_as_a_formula(pack):
    from openpyxl import load_workbook

    [(_section, table), *rest] = renderers.tables_of(pack)
    rows = list(csv.reader(io.StringIO(renderers.table_csv(table).decode())))
    assert rows[0] == ["Indicator", "Value"]
    assert ["'=1+1 learners", "4.0"] in rows
    assert ["ESOL learners", "12.0"] in rows
    workbook = load_workbook(io.BytesIO(renderers.xlsx_bytes(pack)))
    sheet = workbook.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Recorded values: Recorded values", None]
    assert ["ESOL learners", 12] in values
    assert ["'=1+1 learners", 4] in values
    assert len(workbook.worksheets) == 1 + len(rest)


def test_the_html_document_has_a_contents_list_captions_and_a_chart_with_a_text_alternative(pack):
    html = renderers.document_html(pack)
    assert '<html lang="en" dir="ltr">' in html
    assert '<a href="#s1-test-values">Recorded values</a>' in html
    assert "<caption>Recorded values</caption>" in html
    assert 'role="img" aria-label="A bar chart of the recorded values."' in html
    assert "Restricted: for Community Safety Scrutiny Panel only" in html


def test_a_pack_in_a_right_to_left_language_is_laid_out_right_to_left(pack):
    pack.language = "ur"
    assert '<html lang="ur" dir="rtl">' in renderers.document_html(pack)
    pdf = renderers.pdf_bytes(pack)
    assert "ESOL learners" in "\n".join(pdf_text(pdf))
