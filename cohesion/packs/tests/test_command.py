"""``cohesion make-pack`` from the command line: a file written, or a clear message and no pack."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cohesion.audit.models import AuditEvent
from cohesion.packs.choices import PackStatus
from cohesion.packs.models import Pack, PackTemplate
from cohesion.packs.tests.helpers import MIDDLESBROUGH, NORTH_ORMESBY, TEST_TEMPLATE, record_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def test_templates(alice):
    from cohesion.packs import making

    organisation = making.maker_organisation(alice, making.resolve_area(MIDDLESBROUGH))
    making.template_for(organisation, "ward-briefing")
    PackTemplate.objects.filter(organisation=organisation).update(sections=TEST_TEMPLATE)


def test_make_pack_writes_a_pdf_and_issues_it(tmp_path, test_templates):
    from pypdf import PdfReader

    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    output = tmp_path / "briefing.pdf"
    out = io.StringIO()
    call_command(
        "make_pack", "ward-briefing", NORTH_ORMESBY, "--period", "2025-Q2", "--format", "pdf",
        "--output", str(output), "--issue", stdout=out,
    )  # fmt: skip
    assert "Wrote Ward councillor briefing: North Ormesby, 2025 Q2" in out.getvalue()
    text = "".join(page.extract_text() for page in PdfReader(output).pages)
    assert "ESOL learners" in text
    pack = Pack.objects.get()
    assert pack.status == PackStatus.ISSUED and pack.made_by is None
    assert AuditEvent.objects.filter(object_id=str(pack.pk), action="export").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["ward-briefing", NORTH_ORMESBY, "--period", "spring"], "Write the period as a quarter"),
        (
            ["ward-briefing", NORTH_ORMESBY, "--period", "2019-Q1"],
            "There is no data for North Ormesby",
        ),
        (
            ["ward-briefing", NORTH_ORMESBY, "--period", "2025-Q2", "--as", "dave"],
            "outside the areas",
        ),
        (["leaflet", NORTH_ORMESBY, "--period", "2025-Q2"], "no kind of pack called leaflet"),
    ],
)
def test_make_pack_refuses_bad_input_with_a_message_and_makes_nothing(
    tmp_path, test_templates, arguments, message
):
    record_value(NORTH_ORMESBY, "ESOL learners", 12)
    with pytest.raises(CommandError, match=message):
        call_command("make_pack", *arguments, "--output", str(tmp_path / "x.pdf"))
    assert not Pack.objects.exists()
    assert not (tmp_path / "x.pdf").exists()
