"""What every section builder shares: the area asked for, the scope check, the audience's rule.

A builder never shows a count without asking the disclosure-control module
(:mod:`cohesion.core.disclosure`) first. The audience sets the rule: a
``public`` pack (or one for full council) uses the council's own rule, as the
public pages do; a ``restricted`` pack for a named panel uses the site floor
(``SUPPRESSION_FLOOR``), the lowest threshold anyone may be shown, and says so
on every page. Hidden counts are written ``[c]`` (the Office for National
Statistics' mark for a confidential cell), so renderers and readers can tell
a hidden count from a zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

from django.http import Http404
from django.utils.translation import gettext as _

from cohesion.core.disclosure import Rule, rule_for_council, site_floor, threshold_rule
from cohesion.packs.contents import Audience, PackContext, SectionError
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.places.queries import get_area

__all__ = [
    "HIDDEN",
    "SectionError",
    "area_for",
    "cell",
    "council_code_of",
    "council_of",
    "percent",
    "plans_function",
    "quarter_of",
    "rule_for_audience",
    "suppression_note",
]

HIDDEN = "[c]"


def area_for(ctx: PackContext, levels: tuple[str, ...]) -> Area:
    """The pack's area, refused in plain words when unknown, of the wrong kind or outside the maker's scope."""
    if ctx.period_end < ctx.period_start:
        raise SectionError(
            _("The period ends (%(end)s) before it starts (%(start)s).")
            % {"end": ctx.period_end.isoformat(), "start": ctx.period_start.isoformat()}
        )
    try:
        area = get_area(ctx.area_code, on_date=ctx.period_end)
    except Http404 as exc:
        raise SectionError(_("No area has the code %(code)s.") % {"code": ctx.area_code}) from exc
    if area.level not in levels:
        raise SectionError(
            _("%(name)s is a %(level)s; this section is for a %(wanted)s.")
            % {
                "name": area.name,
                "level": area.get_level_display(),
                "wanted": " or ".join(str(Level(level).label) for level in levels),
            }
        )
    if ctx.user is not None and not getattr(ctx.user, "is_superuser", False):
        from cohesion.packs.access import maker_scope

        council = council_code_of(area)
        if not any(scope.covers(council, area.code) for _org, scope in maker_scope(ctx.user)):
            raise SectionError(
                _("%(name)s is outside the areas you may make packs for.") % {"name": area.name}
            )
    return area


def plans_function(name: str) -> Callable[..., Any]:
    """A public function of the plans app (:mod:`cohesion.plans.queries`)."""
    from cohesion.plans import queries

    return cast(Callable[..., Any], getattr(queries, name))


def council_of(area: Area) -> Area:
    """The council an area belongs to (itself for a council): the one place packs work it out."""
    found: Area | None = area
    while found is not None and found.level != Level.COUNCIL:
        found = found.parent
    if found is None:
        raise SectionError(_("%(name)s is not within a council.") % {"name": area.name})
    return found


def council_code_of(area: Area) -> str:
    """The GSS code of :func:`council_of`."""
    return council_of(area).code


def rule_for_audience(audience: Audience, council_code: str) -> Rule:
    """The small-number rule for the pack's audience (see the module docstring)."""
    if audience.kind == "restricted":
        return threshold_rule(site_floor())
    if audience.kind == "public":
        return rule_for_council(council_code)
    raise SectionError(
        _('The audience must be "public" or "restricted", not %(kind)r.') % {"kind": audience.kind}
    )


def suppression_note(rule: Rule, audience: Audience) -> str:
    """The sentence every table of counts carries: what [c] means, and for whom the pack is."""
    note = _("[c]: hidden to protect the people counted. %(rule)s") % {"rule": rule.describe()}
    if audience.kind == "restricted":
        note += " " + (
            _("Restricted: prepared for %(name)s only; not for publication.")
            % {"name": audience.name or _("a named panel")}
        )
    return note


def cell(value: int | None) -> Any:
    """A count as a table shows it: the number, or [c] when hidden."""
    return HIDDEN if value is None else value


def percent(part: int | None, whole: int | None) -> Any:
    """A share worked out from the counts as shown, so it never reveals a hidden one."""
    if part is None or whole is None:
        return HIDDEN
    if not whole:
        return ""
    return round(100.0 * part / whole, 1)


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar quarter holding ``day``, as its first and last days."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = dt.date(day.year, first_month, 1)
    following = dt.date(day.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def quarter_label(start: dt.date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"
