"""The committee paper's frame: the officer's narrative as sections, with any pack's tables inserted.

A council's committee report has a fixed frame (purpose; recommendations; options
considered; financial, legal, equality and community-safety implications; wards
affected; exempt information; officer clearance; background papers). The officer
writes each part on the pack's form (``Pack.frame``); these builders turn it into
sections like any other, and ``paper-inserts`` copies tables and charts from
packs the officer may read (issued ones, frozen as issued) whose audience may
see them: a restricted panel's pack only into that panel's paper.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from cohesion.packs.choices import AudienceKind, Purpose
from cohesion.packs.contents import PackContext, Section, SectionError, Table, section

IMPLICATIONS = (
    ("financial", "Financial"),
    ("legal", "Legal"),
    ("equality", "Equality"),
    ("community_safety", "Community safety"),
)


def _lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


def _frame(context: PackContext) -> dict[str, Any]:
    return dict(context.options.get("frame") or {})


@section("paper-purpose")
def purpose(context: PackContext) -> Section:
    frame = _frame(context)
    paragraphs = []
    if frame.get("purpose") in Purpose.values:
        paragraphs.append(str(Purpose(frame["purpose"]).label))
    paragraphs += _lines(frame.get("summary"))
    exempt = (
        _("Yes: %(why)s") % {"why": frame.get("exempt_reason", "")}
        if frame.get("exempt")
        else _("No")
    )
    wards = frame.get("wards_affected") or _("All")
    table = Table(
        title=_("About this report"),
        columns=[_("Question"), _("Answer")],
        rows=[[_("Wards affected"), wards], [_("Contains exempt information"), exempt]],
        key="paper-about",
    )
    return Section(key="paper-purpose", heading="", paragraphs=paragraphs, tables=[table])


def _narrative(key: str, field: str) -> Any:
    def build(context: PackContext) -> Section:
        return Section(key=key, heading="", paragraphs=_lines(_frame(context).get(field)))

    return build


section("paper-recommendations")(_narrative("paper-recommendations", "recommendations"))
section("paper-background")(_narrative("paper-background", "background"))
section("paper-options")(_narrative("paper-options", "options"))


@section("paper-implications")
def implications(context: PackContext) -> Section:
    frame = _frame(context)
    rows = [[label, frame.get(name) or _("None")] for name, label in IMPLICATIONS]
    table = Table(
        title=_("Implications"),
        columns=[_("Implication"), _("Detail")],
        rows=rows,
        key="paper-implications",
    )
    return Section(key="paper-implications", heading="", tables=[table])


@section("paper-clearance")
def clearance(context: PackContext) -> Section:
    frame = _frame(context)
    paragraphs = [
        _("Cleared by: %(who)s") % {"who": frame.get("clearance") or _("not yet cleared")}
    ]
    papers = _lines(frame.get("background_papers"))
    paragraphs += [_("Background papers:"), *papers] if papers else [_("Background papers: none.")]
    return Section(key="paper-clearance", heading="", paragraphs=paragraphs)


def _may_carry(context: PackContext, pack: Any) -> bool:
    """Whether a paper for ``context.audience`` may show ``pack``'s figures.

    A restricted pack is suppressed for its named panel only (the site floor, any
    period): its tables go into a paper for that same panel, never a public one.
    """
    if not pack.restricted:
        return True
    audience = context.audience
    return (
        audience.kind == AudienceKind.RESTRICTED
        and audience.name.strip().casefold() == pack.audience_name.strip().casefold()
    )


@section("paper-inserts")
def inserts(context: PackContext) -> Section:
    """Tables and charts copied from issued packs the officer may read, as they were issued."""
    from cohesion.packs.models import Pack

    tables: list[Table] = []
    charts = []
    for ask in _frame(context).get("inserts", []):
        pack = (
            Pack.objects.restrict(context.user, "view")
            .filter(pk=ask.get("pack"), status="issued")
            .first()
        )
        if pack is None:
            continue
        if not _may_carry(context, pack):
            raise SectionError(
                _(
                    "Pack %(number)s is for %(panel)s and shows figures only that panel may "
                    "see: this paper cannot include its tables. Make the paper for the same "
                    "panel, or insert a public pack's tables."
                )
                % {"number": pack.pk, "panel": pack.audience_name}
            )
        for frozen in pack.frozen_sections():
            tables += [
                t for t in frozen.tables if t.key == ask.get("table") or not ask.get("table")
            ]
            charts += [
                c for c in frozen.charts if c.table_key == ask.get("table") or not ask.get("table")
            ]
    return Section(key="paper-inserts", heading="", tables=tables, charts=charts)
