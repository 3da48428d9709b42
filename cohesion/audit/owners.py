"""Which organisations own a record, so that their administrators see every event about it.

The rules, in the order they are tried:

- an organisation owns itself; a membership belongs to its organisation;
- a person belongs to the organisations they are an active member of (so a failed
  sign-in to alice's account is shown to Middlesbrough Council's administrators);
- a record about a place belongs to the councils that cover it: a report, an
  assessment, a rumour or an alert by its ``council_code``, a survey by its
  ``council``, an area by the council it lies in;
- a case moved to another council also stays with the councils it came from
  (``Report.former_council_codes``), so they see who opens it after the move;
- a record that hangs off another (contact details, notes and referrals off a
  report; waves off a survey; imports and responses off a wave) belongs to the
  owners of that record; failing that, a record kept for an organisation (an
  indicator import) belongs to that organisation.

A council covers a council area when the area, or one of its wards, is among the
organisation's areas. Anything else (an indicator, a reference setting) belongs
to nobody in particular, and its events are seen by the actor's organisation only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model, Q

# Attributes that lead from a record to the record it belongs to.
_PARENTS = ("report", "wave", "survey", "batch", "organisation")
_MAX_DEPTH = 4


def councils_covering(*council_codes: str) -> list[int]:
    """Ids of the council organisations whose areas include one of these councils or their wards."""
    from cohesion.accounts.choices import OrganisationKind
    from cohesion.accounts.models import Organisation

    codes = [code for code in council_codes if code]
    if not codes:
        return []
    return list(
        Organisation.objects.filter(kind=OrganisationKind.COUNCIL)
        .filter(Q(areas__code__in=codes) | Q(areas__parent__code__in=codes))
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )


def _former_codes(objects: list[Model]) -> dict[tuple[type[Model], Any], set[str]]:
    """Councils records were moved away from, for models that keep that history (a report)."""
    former: dict[tuple[type[Model], Any], set[str]] = {}
    by_model: dict[type[Model], list[Any]] = {}
    for obj in objects:
        if obj.pk is not None and hasattr(type(obj), "former_council_codes"):
            by_model.setdefault(type(obj), []).append(obj.pk)
    for model, pks in by_model.items():
        for pk, codes in model.former_council_codes(pks).items():  # type: ignore[attr-defined]
            former[(model, pk)] = codes
    return former


def council_code_of(obj: Any) -> str | None:
    """The GSS code of the council a record is about, or None if it is not about a place."""
    from cohesion.places.choices import Level
    from cohesion.places.models import Area

    if isinstance(obj, Area):
        area: Area | None = obj
        for _step in range(_MAX_DEPTH):
            if area is None or area.level == Level.COUNCIL:
                break
            area = area.parent
        return area.code if area is not None and area.level == Level.COUNCIL else ""
    code = getattr(obj, "council_code", None)
    if isinstance(code, str):
        return code
    council = getattr(obj, "council", None)
    if isinstance(council, Area):
        return council.code
    return None


def owning_organisations(obj: Model | None, _depth: int = 0) -> list[int]:
    """Ids of the organisations that own ``obj`` (see the module's rules), without repeats."""
    from cohesion.accounts.models import Membership, Organisation
    from cohesion.accounts.permissions import active_memberships

    if obj is None or _depth > _MAX_DEPTH:
        return []
    if isinstance(obj, Organisation):
        return [obj.pk]
    if isinstance(obj, Membership):
        return [obj.organisation_id]
    if getattr(obj, "_meta", None) is not None and obj._meta.label == _user_label():
        return sorted({m.organisation_id for m in active_memberships(obj)})
    code = council_code_of(obj)
    if code is not None:
        return councils_covering(code, *_former_codes([obj]).get((type(obj), obj.pk), ()))
    for name in _PARENTS:
        parent = getattr(obj, name, None)
        if isinstance(parent, Model):
            return owning_organisations(parent, _depth + 1)
    return []


def owners_of_many(objects: Iterable[Model]) -> dict[tuple[int, ...], list[Model]]:
    """The records grouped by the organisations that own them, resolving each council once."""
    records = list(objects)
    former = _former_codes(records)
    groups: dict[tuple[int, ...], list[Model]] = {}
    by_codes: dict[tuple[str, ...], tuple[int, ...]] = {}
    for obj in records:
        code = council_code_of(obj)
        if code is not None:
            codes = tuple(sorted({code, *former.get((type(obj), obj.pk), ())}))
            if codes not in by_codes:
                by_codes[codes] = tuple(councils_covering(*codes))
            key = by_codes[codes]
        else:
            key = tuple(owning_organisations(obj))
        groups.setdefault(key, []).append(obj)
    return groups


def _user_label() -> str:
    from django.conf import settings

    return str(settings.AUTH_USER_MODEL)
