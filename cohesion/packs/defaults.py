"""The sections each kind of pack starts with, before a council adapts its template.

These are data: a council's :class:`~cohesion.packs.models.PackTemplate` copies
them when first used and may then re-order, rename or drop sections on a page.
Each key names a section builder registered with
:func:`cohesion.packs.contents.section` (ward and council keys in
``cohesion/packs/sections/``, the committee paper's frame in
``cohesion/packs/paper.py``, case studies in ``cohesion/packs/case_studies.py``).
"""

from __future__ import annotations

from cohesion.packs.choices import PackKind

DEFAULT_SECTIONS: dict[str, list[tuple[str, str]]] = {
    PackKind.WARD_BRIEFING: [
        ("ward-tension", "Tension level and trend"),
        ("ward-incidents", "Incident reports by strand and channel"),
        ("ward-alerts", "Early-warning alerts"),
        ("ward-triggers", "Trigger events ahead"),
        ("ward-indicators", "Headline indicators"),
        ("ward-surveys", "Survey estimates"),
        ("ward-plans", "Plan targets and actions"),
    ],
    PackKind.SCRUTINY_UPDATE: [
        ("scrutiny-targets", "Targets and their status"),
        ("scrutiny-actions", "Actions done, overdue and dropped"),
        ("scrutiny-reviews", "Reviews held"),
        ("scrutiny-surveys", "Survey change"),
        ("scrutiny-changes", "What changed since the last update"),
        ("case-studies", "Case studies"),
    ],
    PackKind.HATE_QUARTERLY: [
        ("hate-reports", "Reports by strand, channel and ward"),
        ("hate-timescales", "Timescale performance"),
        ("hate-repeats", "Repeat victims and locations"),
        ("hate-referrals", "Referrals and outcomes"),
        ("hate-centres", "Third-party reporting centres"),
        ("hate-trend", "Trend against the same quarter last year"),
    ],
    PackKind.COMMITTEE_PAPER: [
        ("paper-purpose", "Purpose of the report"),
        ("paper-recommendations", "Recommendations"),
        ("paper-background", "Report background"),
        ("paper-options", "Other potential decisions and why these have not been recommended"),
        ("paper-implications", "Implications of the recommended decision"),
        ("paper-inserts", "Figures"),
        ("case-studies", "Case studies"),
        ("paper-clearance", "Officer clearance and background papers"),
    ],
}
