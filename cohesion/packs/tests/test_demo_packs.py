"""The demo's three packs: made and issued from the demo's data, offered as HTML, PDF and DOCX,
and shown again exactly after that data has changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cohesion.core.demo import steps
from cohesion.packs import demo, making, renderers
from cohesion.packs.choices import PackKind, PackStatus
from cohesion.packs.contents import Section, changed_figures
from cohesion.packs.models import Pack
from cohesion.packs.periods import Period
from cohesion.packs.tests.documents import docx_text, pdf_text, save_artefact

pytestmark = pytest.mark.django_db
NEWPORT = "E05009866"

# The directory plays no part in the packs; every other step feeds them.
UNUSED_STEPS = {"synthetic directory"}


def _run_demo(shared_data: Any) -> list[Pack]:
    for step in steps():
        if step.name not in UNUSED_STEPS and step.name != "packs":
            step.run(shared_data, lambda _message: None)
    return demo.run(shared_data, lambda _message: None)


def _renderings(pack: Pack) -> dict[str, str]:
    return {
        "html": renderers.render(pack, "html").decode(),
        "pdf": pdf_text(renderers.render(pack, "pdf")),
        "docx": docx_text(renderers.render(pack, "docx")),
    }


def _change_the_data() -> None:
    """Corrections after the packs were issued: reports moved to another ward, targets and actions changed."""
    from cohesion.plans.choices import ActionStatus
    from cohesion.plans.models import Action, Target
    from cohesion.tensions.models import Report

    # Reports placed in North Ormesby by mistake: they were in Newport.
    Report.objects.filter(ward_code=demo.NORTH_ORMESBY).update(
        ward_code=NEWPORT, ward_name="Newport"
    )
    Target.objects.filter(plan__council_code=demo.MIDDLESBROUGH).update(baseline_value=1.0)
    Action.objects.filter(
        plan__council_code=demo.MIDDLESBROUGH, due_on__lt=timezone.localdate()
    ).update(status=ActionStatus.DONE)


def test_the_demo_issues_the_three_packs_and_they_reproduce_exactly_after_the_data_changes(
    shared_data: Any, client: Any, alice: Any
) -> None:
    made = _run_demo(shared_data)

    assert [(p.kind, p.area_name) for p in made] == [
        (PackKind.WARD_BRIEFING, "North Ormesby"),
        (PackKind.SCRUTINY_UPDATE, "Newport and North Ormesby"),
        (PackKind.HATE_QUARTERLY, "Middlesbrough"),
    ]
    assert all(p.status == PackStatus.ISSUED and p.notice == demo.NOTICE for p in made)
    assert made[1].localities == ["newport", "north-ormesby"]
    # Incident counts for part of a quarter go only to named, restricted audiences.
    assert [(p.audience_kind, p.audience_name) for p in made] == [
        ("restricted", "North Ormesby ward councillors"),
        ("public", ""),
        ("restricted", "Safer Middlesbrough Partnership board"),
    ]
    # Running the step again on the same day makes nothing new.
    assert [p.pk for p in demo.run(shared_data, lambda _message: None)] == [p.pk for p in made]
    assert Pack.objects.count() == 3

    client.force_login(alice)
    before = {}
    for pack in made:
        page = client.get(f"/packs/{pack.pk}/").content.decode()
        for fmt in ("html", "pdf", "docx"):
            assert f"/packs/{pack.pk}/pack.{fmt}" in page
            response = client.get(f"/packs/{pack.pk}/pack.{fmt}")
            assert response.status_code == 200
            assert response["Content-Type"] == renderers.CONTENT_TYPES[fmt]
        before[pack.pk] = _renderings(pack)
        for fmt, text in before[pack.pk].items():
            assert pack.area_name in text and "synthetic" in text, (pack.kind, fmt)
        save_artefact(f"demo-{pack.kind}.pdf", renderers.render(pack, "pdf"))

    _change_the_data()

    for pack in made:
        frozen = pack.sections
        pack.refresh_from_db()
        assert pack.sections == frozen
        assert _renderings(pack) == before[pack.pk], pack.kind
        fresh = making.make_pack(
            alice,
            pack.kind,
            pack.area_code,
            Period(pack.period_start, pack.period_end, pack.period_label),
            localities=pack.localities,
            audience=pack.audience,
        )
        # The data did change: the same pack made today differs from the issued one.
        assert changed_figures(
            [Section.from_dict(d) for d in pack.sections],
            [Section.from_dict(d) for d in fresh.sections],
        ), pack.kind


@pytest.mark.parametrize(
    ("today", "label"),
    [(dt.date(2026, 12, 5), "2026 Q4 to 4 December"), (dt.date(2026, 10, 6), "2026 Q3")],
)
def test_the_quarterly_demo_pack_covers_the_quarter_so_far_or_the_one_just_ended(
    today: dt.date, label: str
) -> None:
    assert demo.quarter_so_far(today).label == label
