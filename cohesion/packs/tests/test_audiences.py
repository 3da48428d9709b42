"""A public pack and a restricted pack for the same area and period, side by side.

A restricted pack for a named panel shows more than a public one (its
threshold is the site floor). Nothing it shows may reach a public pack, in
any format, and every page of every format of a restricted pack says that it
is restricted and for whom.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from cohesion.packs import making, renderers
from cohesion.packs.choices import AudienceKind, PackKind
from cohesion.packs.contents import Audience
from cohesion.packs.periods import parse_period
from cohesion.packs.sections.common import HIDDEN
from cohesion.packs.tests.reports import MIDDLESBROUGH, NORTH_ORMESBY, make_quarter_of_reports
from cohesion.packs.tests.test_packs_rendered import _docx_text, _pdf_text
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db

PANEL = "Community Safety Scrutiny Panel"
Q3 = parse_period("2025-Q3")
# The strand table beside what changed since the last pack to the same panel.
TEMPLATE = [
    {"key": "hate-strands", "heading": "Reports by strand"},
    {"key": "scrutiny-changes", "heading": "What changed"},
]


def _make(user: Any, audience: Audience, template: list[dict[str, str]] = TEMPLATE) -> Any:
    return making.make_pack(
        user, PackKind.HATE_QUARTERLY, MIDDLESBROUGH, Q3, audience=audience, template=template
    )


def _strands(pack: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in pack.frozen_sections()[0].tables[0].rows}


def _outputs(pack: Any) -> str:
    """Everything a reader of the pack can get: the page, the PDF, the DOCX, the XLSX and every CSV."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(renderers.xlsx_bytes(pack)))
    cells = [
        str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    tables = [renderers.table_csv(table).decode() for _section, table in renderers.tables_of(pack)]
    return "\n".join(
        [
            renderers.document_html(pack),
            _pdf_text(renderers.pdf_bytes(pack)),
            _docx_text(renderers.docx_bytes(pack)),
            *cells,
            *tables,
        ]
    )


def test_a_public_pack_never_shows_what_a_restricted_pack_to_the_same_panel_showed(
    alice: Any,
) -> None:
    make_quarter_of_reports()
    # Three reports on one strand: at the site's floor (3) a panel sees them, under the
    # public threshold (5) the public does not.
    for day in (3, 4, 5):
        ReportFactory(
            ward_code=NORTH_ORMESBY,
            category="hate_incident",
            motivations=["transgender"],
            created_at=dt.datetime(2025, 8, day, 10, tzinfo=dt.UTC),
            occurred_at=None,
        )
    restricted = making.issue(_make(alice, Audience(AudienceKind.RESTRICTED, PANEL)), alice)
    ReportFactory(ward_code=NORTH_ORMESBY, category="hate_incident", motivations=["disability"])
    public = _make(alice, Audience(AudienceKind.PUBLIC, PANEL))

    shown_to_panel, shown_to_public = _strands(restricted), _strands(public)
    only_for_the_panel = [
        strand
        for strand, value in shown_to_panel.items()
        if value != HIDDEN and shown_to_public[strand] == HIDDEN
    ]
    assert only_for_the_panel, "the restricted pack should show a figure the public one hides"
    changes = public.frozen_sections()[1]
    assert changes.tables == []
    assert changes.paragraphs == ["This is the first pack issued to this panel for this area."]
    text = _outputs(public)
    assert PANEL in text or "Public or full council" in text
    assert "Restricted" not in text


def test_a_public_pack_compares_itself_with_the_last_public_pack_only(alice: Any) -> None:
    make_quarter_of_reports()
    first = making.issue(_make(alice, Audience(AudienceKind.PUBLIC, PANEL)), alice)
    making.issue(_make(alice, Audience(AudienceKind.RESTRICTED, PANEL)), alice)
    second = _make(alice, Audience(AudienceKind.PUBLIC, PANEL))
    assert making.last_issued(second.kind, second.area_code, second.audience) == first
    assert second.frozen_sections()[1].paragraphs == ["No figure has changed since the last pack."]


def test_every_page_of_a_restricted_pack_says_so_in_pdf_and_docx(alice: Any) -> None:
    from docx import Document
    from pypdf import PdfReader

    make_quarter_of_reports()
    pack = making.make_pack(
        alice,
        PackKind.HATE_QUARTERLY,
        MIDDLESBROUGH,
        Q3,
        audience=Audience(AudienceKind.RESTRICTED, PANEL),
    )
    marking = f"Restricted: for {PANEL} only. Do not publish."
    pages = PdfReader(io.BytesIO(renderers.pdf_bytes(pack))).pages
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert marking in " ".join(page.extract_text().split()), f"page {number} is not marked"
    document = Document(io.BytesIO(renderers.docx_bytes(pack)))
    for part in document.sections:
        assert marking in part.header.paragraphs[0].text
        assert marking in part.footer.paragraphs[0].text
    sheets = renderers.xlsx_bytes(pack)
    from openpyxl import load_workbook

    for sheet in load_workbook(io.BytesIO(sheets)).worksheets:
        assert marking in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_each_table_of_a_restricted_pack_downloaded_as_csv_is_marked(
    alice: Any, client: Any
) -> None:
    make_quarter_of_reports()
    pack = _make(alice, Audience(AudienceKind.RESTRICTED, PANEL))
    client.force_login(alice)
    response = client.get(reverse("packs-pack-table", args=[pack.pk, 1]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[-1] == [f"Restricted: for {PANEL} only. Do not publish."]
