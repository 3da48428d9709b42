"""The ward briefing and the quarterly report made, issued and read back as PDF, DOCX and HTML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cohesion.packs import making, renderers
from cohesion.packs.choices import AudienceKind, PackKind
from cohesion.packs.contents import SECTION_BUILDERS, Audience
from cohesion.packs.periods import parse_period
from cohesion.packs.tests.documents import docx_text as _docx_text
from cohesion.packs.tests.documents import pdf_text as _pdf_text
from cohesion.packs.tests.documents import save_artefact as _save
from cohesion.packs.tests.reports import (
    MIDDLESBROUGH,
    NORTH_ORMESBY,
    UK,
    context,
    make_quarter_of_reports,
)
from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db


def _issued(user: Any, kind: str, area: str) -> Any:
    made = making.make_pack(
        user,
        kind,
        area,
        parse_period("2025-Q3"),
        audience=Audience(AudienceKind.PUBLIC, "Full council"),
    )
    return making.issue(made, user)


def test_the_quarterly_report_reads_back_with_its_ward_figures_in_every_format(alice: Any) -> None:
    make_quarter_of_reports()
    pack = _issued(alice, PackKind.HATE_QUARTERLY, MIDDLESBROUGH)
    pdf = renderers.render(pack, "pdf")
    _save("quarterly-middlesbrough-2025-Q3.pdf", pdf)
    texts = {
        "pdf": _pdf_text(pdf),
        "docx": _docx_text(renderers.render(pack, "docx")),
        "html": renderers.render(pack, "html").decode(),
    }
    wards = next(t for s in pack.sections for t in s["tables"] if t["key"] == "hate-wards")
    council = wards["rows"][-1]
    assert council[:2] == ["Middlesbrough", MIDDLESBROUGH] and council[-1] == 35
    for fmt, text in texts.items():
        assert "Hemlington" in text and "35" in text, fmt
        assert "[c]" in text, fmt
        assert "Third-party reporting centres" in text, fmt


def test_the_briefing_keeps_its_figures_after_more_reports_arrive(alice: Any) -> None:
    make_quarter_of_reports()
    pack = _issued(alice, PackKind.WARD_BRIEFING, NORTH_ORMESBY)
    before = renderers.render(pack, "pdf")
    _save("briefing-north-ormesby-2025-Q3.pdf", before)
    assert "North Ormesby" in _pdf_text(before)
    frozen = next(s for s in pack.sections if s["key"] == "ward-incidents")
    assert frozen["tables"][0]["rows"][-1][-1] == 15
    for day in range(4):
        ReportFactory(created_at=dt.datetime(2025, 8, 10 + day, 12, tzinfo=UK))
    pack.refresh_from_db()
    assert next(s for s in pack.sections if s["key"] == "ward-incidents") == frozen
    assert _pdf_text(renderers.render(pack, "pdf")) == _pdf_text(before)
    fresh = SECTION_BUILDERS["ward-incidents"](context("ward_briefing", NORTH_ORMESBY, user=alice))
    assert fresh.tables[0].rows[-1][-1] == 19
