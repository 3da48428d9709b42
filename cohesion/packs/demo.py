"""Demo step: the three packs the demo tables, made and issued from the demo's data.

- a ward councillors' briefing for North Ormesby over the last twelve weeks, for the
  ward's councillors (a restricted pack: any period may be asked for);
- a public scrutiny update for the Newport and North Ormesby localities over the last
  six months;
- a quarterly hate-incident report for Middlesbrough for the quarter so far (or the
  quarter just ended, in a quarter's first fortnight), for the community safety
  partnership's board (restricted: a public incident pack covers whole quarters only).

Each is made by alice (the council's cohesion officer) and issued, so its figures
are frozen; its page offers it as HTML, PDF and DOCX. The incident reports and
survey responses behind the figures are synthetic, and every pack says so under
its title (``Pack.notice``). Running the step again on the same day makes nothing
new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cohesion.packs import making
from cohesion.packs.choices import AudienceKind, PackKind, PackStatus
from cohesion.packs.contents import Audience
from cohesion.packs.models import Pack
from cohesion.packs.periods import Period, parse_period

MIDDLESBROUGH = "E06000002"
NORTH_ORMESBY = "E05009867"
LOCALITIES = ("newport", "north-ormesby")
MAKER = "alice"
COUNCILLORS = Audience(AudienceKind.RESTRICTED, "North Ormesby ward councillors")
PUBLIC = Audience(AudienceKind.PUBLIC)
BOARD = Audience(AudienceKind.RESTRICTED, "Safer Middlesbrough Partnership board")
NOTICE = (
    "Demonstration pack: the incident reports and survey responses behind these figures "
    "are synthetic, made up for the demo; the indicators and places are real."
)


@dataclass(frozen=True)
class DemoPack:
    kind: str
    area_code: str
    period: Period
    localities: tuple[str, ...] = ()
    audience: Audience = PUBLIC


def _span(start: dt.date, end: dt.date) -> Period:
    return parse_period(f"{start.isoformat()}..{end.isoformat()}")


def quarter_so_far(today: dt.date) -> Period:
    """The quarter up to yesterday, or the quarter just ended in a quarter's first fortnight."""
    start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if (today - start).days < 14:
        last = start - dt.timedelta(days=1)
        return parse_period(f"{last.year}-Q{(last.month - 1) // 3 + 1}")
    period = _span(start, today - dt.timedelta(days=1))
    label = f"{start.year} Q{(start.month - 1) // 3 + 1} to {period.end:%-d %B}"
    return Period(period.start, period.end, label)


def demo_packs(today: dt.date) -> list[DemoPack]:
    """The packs the demo makes, for periods that hold the demo's data on ``today``."""
    yesterday = today - dt.timedelta(days=1)
    # The synthetic reports span twelve weeks; packs with incident counts for part of a
    # quarter are restricted ones (a public one covers whole quarters).
    return [
        DemoPack(
            PackKind.WARD_BRIEFING,
            NORTH_ORMESBY,
            _span(today - dt.timedelta(weeks=12), yesterday),
            audience=COUNCILLORS,
        ),
        DemoPack(
            PackKind.SCRUTINY_UPDATE,
            MIDDLESBROUGH,
            _span(today - dt.timedelta(days=182), yesterday),
            LOCALITIES,
        ),
        DemoPack(PackKind.HATE_QUARTERLY, MIDDLESBROUGH, quarter_so_far(today), audience=BOARD),
    ]


def make_demo_pack(user: Any, wanted: DemoPack) -> Pack:
    """Make and issue one demo pack (in one transaction: nothing half-made)."""
    with transaction.atomic():
        pack = making.make_pack(
            user,
            wanted.kind,
            wanted.area_code,
            wanted.period,
            localities=wanted.localities,
            audience=wanted.audience,
        )
        pack.notice = NOTICE
        pack.save(update_fields=["notice"])
        return making.issue(pack, user)


def run(data_dir: Path, say: Callable[[str], None]) -> list[Pack]:
    """The demo step: make and issue the three packs, unless today's are already there."""
    from cohesion.audit.choices import AuditAction
    from cohesion.audit.log import record

    user = get_user_model().objects.filter(username=MAKER).first()
    if user is None:
        say("  No demo officer to make the packs (the personas were not created).")
        return []
    started = timezone.now()
    made = []
    for wanted in demo_packs(timezone.localdate()):
        existing = Pack.objects.filter(
            kind=wanted.kind,
            area_code=wanted.area_code,
            localities=list(wanted.localities),
            period_start=wanted.period.start,
            period_end=wanted.period.end,
            audience_kind=wanted.audience.kind,
            audience_name=wanted.audience.name,
            status=PackStatus.ISSUED,
            notice=NOTICE,
        ).first()
        if existing is not None:
            say(f"  {existing.title}: already issued (pack {existing.pk}).")
            made.append(existing)
            continue
        try:
            pack = make_demo_pack(user, wanted)
        except making.PackError as error:
            say(f"  Could not make a {wanted.kind} for {wanted.area_code}: {error}")
            continue
        record(AuditAction.CREATE, pack, actor=user)
        say(f"  {pack.title}: issued, pack {pack.pk} at /packs/{pack.pk}/ (HTML, PDF, DOCX).")
        made.append(pack)
    seconds = (timezone.now() - started).total_seconds()
    say(f"  {len(made)} packs in {seconds:.1f} s.")
    return made
