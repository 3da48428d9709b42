"""Making, rebuilding, issuing and reissuing packs: the only code that writes them.

Every section is built before anything is saved, so a template naming a missing
section, an area outside the officer's scope or a period with no data is a clear
message and no half-made pack (:class:`PackError`).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.choices import OrganisationKind
from cohesion.accounts.models import Organisation
from cohesion.packs import access
from cohesion.packs.choices import AudienceKind, PackKind, PackStatus
from cohesion.packs.contents import (
    SECTION_BUILDERS,
    Audience,
    PackContext,
    Section,
    SectionError,
    changed_figures,
)
from cohesion.packs.defaults import DEFAULT_SECTIONS
from cohesion.packs.models import Pack, PackTemplate
from cohesion.packs.periods import Period


class PackError(ValueError):
    """A pack that cannot be made as asked; the message says why, for the person who asked."""


@functools.cache
def load_builders() -> None:
    """Import every module that registers section builders (the frame here, the rest in ``sections``), once."""
    import importlib
    import pkgutil

    from cohesion.packs import case_studies, paper  # noqa: F401  (register their sections)

    try:
        package = importlib.import_module("cohesion.packs.sections")
    except ModuleNotFoundError:
        return
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


def template_for(organisation: Organisation, kind: str) -> PackTemplate:
    """The council's template for ``kind``, made from the defaults the first time it is asked for."""
    template, _created = PackTemplate.objects.get_or_create(
        organisation=organisation,
        kind=kind,
        defaults={
            "sections": [
                {"key": key, "heading": heading} for key, heading in DEFAULT_SECTIONS[kind]
            ]
        },
    )
    return template


def seed_templates(organisation: Organisation) -> None:
    """Give a council its default template for every kind of pack it has none for yet.

    Run when a council organisation is saved and after every ``migrate``
    (:mod:`cohesion.packs.apps`), so pages that list templates only read them.
    """
    if organisation.kind != OrganisationKind.COUNCIL:
        return
    for kind in PackKind.values:
        template_for(organisation, kind)


def seed_all_templates() -> None:
    for organisation in Organisation.objects.filter(kind=OrganisationKind.COUNCIL):
        seed_templates(organisation)


def missing_sections(sections: list[dict[str, str]]) -> list[str]:
    """The keys a template names that no builder provides."""
    load_builders()
    return [entry["key"] for entry in sections if entry["key"] not in SECTION_BUILDERS]


def resolve_area(area_code: str) -> Any:
    """The current ward or council with this code, or a PackError."""
    from cohesion.places.choices import Level
    from cohesion.places.models import Area

    area = (
        Area.objects.current()
        .filter(code=area_code.strip().upper(), level__in=[Level.WARD, Level.COUNCIL])
        .select_related("parent")
        .first()
    )
    if area is None:
        raise PackError(
            _("There is no ward or council with the code %(code)s.") % {"code": area_code}
        )
    return area


def council_of(area: Any) -> Any:
    """The council of ``area`` (itself for a council), or a PackError."""
    from cohesion.packs.sections.common import council_of as council_of_area

    try:
        return council_of_area(area)
    except SectionError as error:
        raise PackError(str(error)) from error


def maker_organisation(
    user: Any, area: Any, organisation: Organisation | None = None
) -> Organisation:
    """The council ``user`` makes a pack for ``area`` as, or a PackError if it is outside their scope.

    ``organisation``, when given, is the council the pack must be made as (a
    schedule's own council): it must cover the area, and ``user``, if any,
    must make packs there. ``user=None`` is the command line or a scheduled
    job; with no ``organisation`` it is the council that covers the area.
    """
    from cohesion.accounts.permissions import organisation_scope

    council = council_of(area)
    outside = PackError(
        _("%(area)s is outside the areas you may make packs for.") % {"area": area.name}
    )
    if user is None or getattr(user, "is_superuser", False):
        if organisation is not None:
            if not organisation_scope(organisation).covers(council.code, area.code):
                raise PackError(
                    _("%(organisation)s does not cover %(area)s.")
                    % {"organisation": organisation.name, "area": area.name}
                )
            return organisation
        found = Organisation.objects.filter(
            kind=OrganisationKind.COUNCIL, areas__code=council.code
        ).first()
        if found is None:
            raise PackError(_("No council organisation covers %(area)s.") % {"area": area.name})
        return found
    for member_of, scope in access.maker_scope(user):
        if organisation not in (None, member_of):
            continue
        if scope.covers(council.code, area.code):
            return member_of
    raise outside


def build_sections(template_sections: list[dict[str, str]], context: PackContext) -> list[Section]:
    """Run each builder the template names, in order, under the template's headings."""
    missing = missing_sections(template_sections)
    if missing:
        raise PackError(
            _("The template names sections that do not exist: %(keys)s. Edit the template.")
            % {"keys": ", ".join(missing)}
        )
    built = []
    for entry in template_sections:
        try:
            made = SECTION_BUILDERS[entry["key"]](context)
        except SectionError as error:
            raise PackError(str(error)) from error
        built.append(dataclasses.replace(made, key=entry["key"], heading=entry["heading"]))
    return built


def has_figures(sections: list[Section]) -> bool:
    return any(any(t.rows for t in s.tables) or s.charts for s in sections)


def last_issued(
    kind: str,
    area_code: str,
    audience: Audience,
    before: Any = None,
    localities: list[str] | None = None,
) -> Pack | None:
    """The latest pack of ``kind`` issued for the same area (and localities) and audience (before ``before``).

    The same audience is the same panel *and* the same kind of audience: a
    public pack is never compared with a restricted one, even for a panel of
    the same name, or its "what changed" table would print the restricted
    figures as what they "were".
    """
    packs = Pack.objects.filter(
        kind=kind,
        area_code=area_code,
        audience_kind=audience.kind,
        audience_name=audience.name.strip(),
        status=PackStatus.ISSUED,
    )
    if before is not None:
        packs = packs.filter(issued_at__lt=before)
    wanted = sorted(localities or [])
    for pack in packs.order_by("-issued_at", "-pk").only("pk", "localities", "sections"):
        if sorted(pack.localities or []) == wanted:
            return pack
    return None


def _context(pack: Pack, user: Any) -> PackContext:
    previous = last_issued(
        pack.kind, pack.area_code, pack.audience, localities=list(pack.localities)
    )
    return PackContext(
        kind=pack.kind,
        area_code=pack.area_code,
        period_start=pack.period_start,
        period_end=pack.period_end,
        audience=pack.audience,
        user=user,
        options={
            "frame": dict(pack.frame),
            "previous": previous.sections if previous else [],
            "localities": list(pack.localities),
        },
    )


def title_for(kind: str, area_name: str, period: Period) -> str:
    return f"{PackKind(kind).label}: {area_name}, {period.label}"


def make_pack(
    user: Any,
    kind: str,
    area_code: str,
    period: Period,
    *,
    audience: Audience | None = None,
    frame: dict[str, Any] | None = None,
    template: list[dict[str, str]] | None = None,
    language: str = "en",
    localities: Sequence[str] = (),
    organisation: Organisation | None = None,
) -> Pack:
    """Build a draft pack from the live data, or raise PackError having saved nothing.

    ``localities``: slugs of plans' localities in the council ``area_code`` that the
    pack is about instead of the whole council (see :mod:`cohesion.packs.localities`).
    ``organisation`` is the council to make it as, when that is already
    decided (a schedule belongs to one); otherwise it is worked out from the
    maker and the area (:func:`maker_organisation`).
    """
    if kind not in PackKind.values:
        raise PackError(
            _("There is no kind of pack called %(kind)s. Choose one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(PackKind.values)}
        )
    area = resolve_area(area_code)
    organisation = maker_organisation(user, area, organisation)
    area_name, slugs = area.name, []
    if localities:
        from cohesion.packs import localities as locality_areas

        try:
            chosen = locality_areas.for_pack(kind, area.code, localities)
        except locality_areas.LocalityError as error:
            raise PackError(str(error)) from error
        area_name, slugs = locality_areas.area_name(chosen), [f.slug for f in chosen]
    audience = audience or Audience(AudienceKind.PUBLIC)
    if audience.kind == AudienceKind.RESTRICTED and not audience.name.strip():
        raise PackError(_("Name the panel a restricted pack is for."))
    sections_spec = template if template is not None else template_for(organisation, kind).sections
    pack = Pack(
        organisation=organisation,
        kind=kind,
        title=title_for(kind, area_name, period),
        area_code=area.code,
        area_name=area_name,
        localities=slugs,
        council_code=council_of(area).code,
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        audience_kind=audience.kind,
        audience_name=audience.name.strip(),
        language=language,
        made_by=user if getattr(user, "is_authenticated", False) else None,
        made_at=timezone.now(),
        frame=frame or {},
        outline=[dict(entry) for entry in sections_spec],
    )
    sections = build_sections(sections_spec, _context(pack, user))
    if kind != PackKind.COMMITTEE_PAPER and not has_figures(sections):
        raise PackError(
            _("There is no data for %(area)s in %(period)s, so there is nothing to put in a pack.")
            % {"area": area_name, "period": period.label}
        )
    pack.sections = [s.to_dict() for s in sections]
    with transaction.atomic():
        pack.save()
    return pack


def rebuild(pack: Pack, user: Any) -> Pack:
    """Build a draft again from today's data (an issued pack never changes)."""
    if pack.is_issued:
        raise PackError(_("An issued pack cannot change; reissue it as a new version."))
    sections = build_sections(pack.outline, _context(pack, user))
    pack.sections = [s.to_dict() for s in sections]
    pack.made_at = timezone.now()
    pack.save(update_fields=["sections", "made_at"])
    return pack


def issue(pack: Pack, user: Any) -> Pack:
    """Freeze a draft: from now on it is shown exactly as it is."""
    with transaction.atomic():
        locked = Pack.objects.select_for_update().get(pk=pack.pk)
        if locked.is_issued:
            raise PackError(_("This pack has already been issued."))
        locked.status = PackStatus.ISSUED
        locked.issued_by = user if getattr(user, "is_authenticated", False) else None
        locked.issued_at = timezone.now()
        locked.save(update_fields=["status", "issued_by", "issued_at"])
    return locked


def latest_version(pack: Pack) -> Pack:
    first = pack.first_issue
    return first.reissues.order_by("-version").first() or first


def reissue(pack: Pack, user: Any) -> Pack:
    """A new draft version of an issued pack, built from today's data, listing what changed."""
    if not pack.is_issued:
        raise PackError(_("Only an issued pack can be reissued; change the draft instead."))
    first = pack.first_issue
    with transaction.atomic():
        latest = (
            Pack.objects.select_for_update()
            .filter(pk__in=[first.pk, *first.reissues.values_list("pk", flat=True)])
            .order_by("-version")
            .first()
        )
        assert latest is not None
        if not latest.is_issued:
            raise PackError(
                _("Version %(v)s is still a draft; issue or change it.") % {"v": latest.version}
            )
        fresh = Pack(
            organisation=first.organisation,
            kind=first.kind,
            title=first.title,
            area_code=first.area_code,
            area_name=first.area_name,
            localities=first.localities,
            council_code=first.council_code,
            period_start=first.period_start,
            period_end=first.period_end,
            period_label=first.period_label,
            audience_kind=first.audience_kind,
            audience_name=first.audience_name,
            language=first.language,
            notice=first.notice,
            frame=latest.frame,
            outline=latest.outline,
            made_by=user if getattr(user, "is_authenticated", False) else None,
            made_at=timezone.now(),
            version=latest.version + 1,
            reissue_of=first,
        )
        sections = build_sections(fresh.outline, _context(fresh, user))
        fresh.sections = [s.to_dict() for s in sections]
        fresh.changes = changed_figures(
            [Section.from_dict(d) for d in latest.sections],
            [Section.from_dict(d) for d in fresh.sections],
        )
        fresh.save()
    return fresh
