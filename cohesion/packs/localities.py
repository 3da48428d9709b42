"""Localities as the area of a pack: a scrutiny update "for a locality or strategy since a date".

A locality belongs to the plans app (one or more wards of a council, or a whole
council for its strategy); packs read it only through
:func:`cohesion.plans.queries.localities_in`. A pack about localities keeps
the council as its area (so access and disclosure follow the council) and
stores the localities' slugs in ``Pack.localities``; its title and area name
are the localities' names, e.g. "Newport and North Ormesby".

People name localities as ``E06000002:newport`` (council code and slug, as the
form's choices do) or by slug alone when only one council has that slug, several
separated by commas: ``newport,north-ormesby``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from cohesion.packs.choices import PackKind

# Kinds of pack whose area may be one or several localities.
LOCALITY_KINDS = (PackKind.SCRUTINY_UPDATE,)

GSS_CODE = re.compile(r"^[A-Z]\d{8}$")


class LocalityError(ValueError):
    """Localities that cannot be the area of a pack; the message says why."""


def looks_like_area_code(text: str) -> bool:
    return bool(GSS_CODE.match(text.strip().upper()))


def choice_value(council_code: str, slug: str) -> str:
    return f"{council_code}:{slug}"


def locality_choices(council_codes: Iterable[str] | None) -> list[tuple[str, str]]:
    """Form choices for the localities of these councils (all if None): ``code:slug`` -> name (council)."""
    from cohesion.places.models import Area
    from cohesion.plans.queries import localities_in

    found = localities_in(council_codes)
    names = dict(
        Area.objects.filter(code__in={f.council_code for f in found})
        .order_by()
        .values_list("code", "name")
    )
    return [
        (
            choice_value(f.council_code, f.slug),
            f"{f.name} ({names.get(f.council_code, f.council_code)})",
        )
        for f in found
    ]


def resolve(names: Sequence[str]) -> tuple[str, list[Any]]:
    """The council and the localities named (``code:slug`` or a slug), or a LocalityError.

    Every locality must exist and all must be in one council.
    """
    from cohesion.plans.queries import localities_in

    wanted = [n.strip() for n in names if n.strip()]
    if not wanted:
        raise LocalityError(_("Name at least one locality."))
    known = localities_in(None)
    chosen: list[Any] = []
    for name in wanted:
        code, colon, slug = name.rpartition(":")
        matches = [
            f
            for f in known
            if f.slug == slug.strip().lower() and (not colon or f.council_code == code.upper())
        ]
        if not matches:
            raise LocalityError(_("There is no locality called %(name)s.") % {"name": name})
        if len(matches) > 1:
            raise LocalityError(
                _("More than one council has a locality called %(name)s; write it as %(example)s.")
                % {"name": name, "example": choice_value(matches[0].council_code, slug)}
            )
        if matches[0] not in chosen:
            chosen.append(matches[0])
    councils = {f.council_code for f in chosen}
    if len(councils) > 1:
        raise LocalityError(_("The localities of one pack must all be in the same council."))
    return councils.pop(), chosen


def split(text: str) -> list[str]:
    """``newport,north-ormesby`` or ``newport+north-ormesby`` as a list of names."""
    return [part for part in re.split(r"[,+]", text or "") if part.strip()]


def area_name(localities: Sequence[Any]) -> str:
    """ "Newport", "Newport and North Ormesby", "A, B and C"."""
    names = [f.name for f in localities]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def for_pack(kind: str, council_code: str, slugs: Sequence[str]) -> list[Any]:
    """The localities a pack of ``kind`` in ``council_code`` is about, or a LocalityError."""
    if kind not in LOCALITY_KINDS:
        raise LocalityError(
            _("Only a scrutiny update can be made for localities; choose a ward or council.")
        )
    found_council, chosen = resolve([choice_value(council_code, slug) for slug in slugs])
    if found_council != council_code:
        raise LocalityError(_("The localities of one pack must all be in the same council."))
    return chosen
