"""Renderers: a pack's frozen sections as an HTML document, PDF, DOCX, CSV and XLSX.

They read only the stored sections (:class:`~cohesion.packs.contents.Section`), never
the live data, so every format of an issued pack shows the same figures, however
long after it was issued.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from cohesion.core.exports import neutralise, workbook_bytes
from cohesion.packs.contents import Chart, Section, Table
from cohesion.packs.models import Pack

FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@cache
def _css() -> str:
    return (Path(__file__).parent / "document.css").read_text(encoding="utf-8")


def direction(language: str) -> str:
    """``rtl`` for a language written right to left (Arabic, Urdu, Farsi...), else ``ltr``."""
    try:
        return "rtl" if get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "rtl" if language.split("-")[0] in {"ar", "fa", "he", "ps", "ur", "yi"} else "ltr"


def marking(pack: Pack) -> str:
    """The words on every page of a restricted pack."""
    if not pack.restricted:
        return ""
    return _("Restricted: for %(panel)s only. Do not publish.") % {"panel": pack.audience_name}


def made_by_name(pack: Pack) -> str:
    user = pack.made_by
    return (
        (user.get_full_name() or user.get_username())
        if user is not None
        else _("Cohesion (scheduled)")
    )


def _anchor(index: int, section: Section) -> str:
    return f"s{index}-{slugify(section.key) or 'section'}"


def document_html(pack: Pack) -> str:
    """The pack as one self-contained, accessible HTML document (styles inline, charts as SVG)."""
    sections = [
        {**section.to_dict(), "anchor": _anchor(i, section)}
        for i, section in enumerate(pack.frozen_sections(), start=1)
    ]
    return render_to_string(
        "packs/document.html",
        {
            "pack": pack,
            "sections": sections,
            "css": _css(),
            "direction": direction(pack.language),
            "marking": marking(pack),
            "made_by": made_by_name(pack),
        },
    )


def pdf_bytes(pack: Pack, html: str | None = None) -> bytes:
    """The pack as a tagged PDF (PDF/UA-1) with page numbers and a contents list, by WeasyPrint."""
    from weasyprint import HTML

    document = HTML(string=html or document_html(pack), base_url=None)
    return bytes(
        document.write_pdf(
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
            custom_metadata=True,
            uncompressed_pdf=False,
        )
    )


def tables_of(pack: Pack) -> list[tuple[Section, Table]]:
    return [(section, table) for section in pack.frozen_sections() for table in section.tables]


def table_csv(table: Table, marked: str = "") -> bytes:
    """One table as CSV, every cell safe to open in a spreadsheet; ``marked`` is a last line (a restricted pack's marking)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([neutralise(c) for c in row])
    if marked:
        writer.writerow([neutralise(marked)])
    return out.getvalue().encode("utf-8")


def _sheet_name(index: int, table: Table, used: set[str]) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    base = "".join(ch for ch in (table.key or table.title) if ch not in "[]:*?/\\")[:27]
    name = f"{index} {base}"[:31]
    while name in used:
        name = f"{name[:28]}_{len(used)}"
    used.add(name)
    return name


def xlsx_bytes(pack: Pack) -> bytes:
    """Every table of the pack as a sheet of one workbook, with its title and note."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for index, (section, table) in enumerate(tables_of(pack), start=1):
        sheet = workbook.create_sheet(_sheet_name(index, table, used))
        sheet.append([f"{section.heading}: {table.title}"])
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append(list(row))
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        if pack.restricted:
            sheet.append([marking(pack)])
    if not workbook.worksheets:
        workbook.create_sheet(_("No tables"))
    return workbook_bytes(workbook)


def docx_bytes(pack: Pack) -> bytes:
    """The pack as a Word document an officer can edit: real headings, tables and a contents list."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = pack.title
    document.core_properties.author = pack.organisation.name
    document.core_properties.language = pack.language
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    rtl = direction(pack.language) == "rtl"

    def paragraph(text: str, style_name: str | None = None) -> Any:
        made = document.add_paragraph(text, style=style_name)
        if rtl:
            made.paragraph_format.alignment = 2  # right
            made._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        return made

    def field(run: Any, instruction: str) -> None:
        # A Word field (page number, table of contents) that Word fills in when the file opens.
        begin, text, end = (
            OxmlElement("w:fldChar"),
            OxmlElement("w:instrText"),
            OxmlElement("w:fldChar"),
        )
        begin.set(qn("w:fldCharType"), "begin")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        end.set(qn("w:fldCharType"), "end")
        for element in (begin, text, end):
            run._r.append(element)

    footer = document.sections[0].footer.paragraphs[0]
    label = marking(pack)
    footer.text = f"{label}   " if label else ""
    footer.add_run(_("Page") + " ")
    field(footer.add_run(), "PAGE")
    if label:
        header = document.sections[0].header.paragraphs[0]
        header.text = label

    paragraph(pack.organisation.name)
    document.add_heading(pack.title, level=0)
    facts = [
        (_("Area"), pack.area_description),
        (_("Period"), pack.period_description),
        (_("For"), pack.audience_name if pack.restricted else _("Public or full council")),
        (_("Version"), f"{pack.version} ({pack.get_status_display()})"),
        (_("Made by"), f"{made_by_name(pack)}, {pack.made_at:%-d %B %Y %H:%M}"),
    ]
    for name, value in facts:
        line = paragraph("")
        line.add_run(f"{name}: ").bold = True
        line.add_run(value)
    if pack.notice:
        paragraph("").add_run(pack.notice).bold = True

    document.add_heading(_("Contents"), level=1)
    field(paragraph("").add_run(), 'TOC \\o "1-2" \\h \\z \\u')
    for i, section in enumerate(pack.frozen_sections(), start=1):
        paragraph(f"{i}. {section.heading}", "List Number" if not rtl else None)

    for i, section in enumerate(pack.frozen_sections(), start=1):
        document.add_heading(f"{i}. {section.heading}", level=1)
        for text in section.paragraphs:
            paragraph(text)
        for chart in section.charts:
            _docx_chart(document, chart)
            paragraph(
                _("Chart: %(title)s. %(alt)s") % {"title": chart.title, "alt": chart.alt}, "Caption"
            )
        for table in section.tables:
            _docx_table(document, table)
    if pack.changes:
        document.add_heading(_("What changed in this version"), level=1)
        columns = [_("Section"), _("Table"), _("Row"), _("Column"), _("Was"), _("Now")]
        rows = [
            [c["section"], c["table"], c["row"], c["column"], c["was"], c["now"]]
            for c in pack.changes
        ]
        _docx_table(document, Table(title=_("Figures that differ"), columns=columns, rows=rows))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def chart_png(chart: Chart, width: int = 1200) -> bytes | None:
    """A chart's frozen SVG drawn as a PNG (by CairoSVG, on the cairo library WeasyPrint also uses).

    Word does not read SVG everywhere, so the DOCX carries the picture as PNG. The
    SVG is the pack's own markup; CairoSVG reads no outside file or address unless
    told to (``unsafe`` is left off). None when the markup cannot be drawn: the
    caption with the chart's text alternative is still written.
    """
    import cairosvg

    try:
        return bytes(
            cairosvg.svg2png(
                bytestring=chart.svg.encode("utf-8"), output_width=width, background_color="white"
            )
        )
    except (ValueError, SyntaxError, OSError):
        return None


def _docx_chart(document: Any, chart: Chart) -> None:
    from docx.shared import Cm

    png = chart_png(chart)
    if png is None:
        return
    shape = document.add_picture(io.BytesIO(png), width=Cm(16))
    # The picture's alternative text, read out by screen readers in Word.
    shape._inline.docPr.set("descr", chart.alt)
    shape._inline.docPr.set("title", chart.title)


def _docx_table(document: Any, table: Table) -> None:
    document.add_paragraph(table.title, style="Caption")
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, table.columns, strict=False):
        cell.text = str(heading)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = "" if value is None else str(value)
    if table.note:
        document.add_paragraph(table.note)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def render(pack: Pack, fmt: str) -> bytes:
    """The pack in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "html":
        return document_html(pack).encode("utf-8")
    if fmt == "pdf":
        return pdf_bytes(pack)
    if fmt == "docx":
        return docx_bytes(pack)
    if fmt == "xlsx":
        return xlsx_bytes(pack)
    raise ValueError(f"Unknown pack format {fmt!r}")


def file_name(pack: Pack, fmt: str) -> str:
    return f"{slugify(pack.title)[:80]}-v{pack.version}.{fmt}"
