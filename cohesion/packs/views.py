"""Pages for packs: the list, making one, reading it, its files, issuing and reissuing it,
and a council's templates. Access is decided by the querysets (cohesion/packs/access.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohesion.accounts.choices import Role
from cohesion.accounts.permissions import VIEW, get_for_user, may
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, record_many, view_or_export
from cohesion.core.twins import Twin, render_twin
from cohesion.packs import access, making, renderers
from cohesion.packs.choices import PackKind
from cohesion.packs.contents import Audience
from cohesion.packs.forms import PackForm, ScheduleForm, TemplateForm
from cohesion.packs.models import Pack, PackTemplate


def _may_make(user: Any) -> bool:
    return getattr(user, "is_superuser", False) or bool(access.maker_scope(user))


@login_required
def pack_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    packs = list(Pack.objects.restrict(request.user, VIEW).select_related("organisation"))
    rows = [
        {
            "id": p.pk,
            "title": p.title,
            "kind": p.kind,
            "area_code": p.area_code,
            "period_start": p.period_start,
            "period_end": p.period_end,
            "audience": p.audience_name or "public",
            "version": p.version,
            "status": p.status,
            "made_at": p.made_at,
            "issued_at": p.issued_at,
            "url": request.build_absolute_uri(reverse("packs-pack-detail", args=[p.pk])),
        }
        for p in packs
    ]
    record_many(view_or_export(fmt), packs, "Packs", fmt=fmt)
    return render_twin(
        request,
        fmt,
        Twin(
            template="packs/pack_list.html",
            context={"packs": packs, "can_make": _may_make(request.user)},
            data={"packs": rows},
            rows=rows,
            filename="packs",
        ),
    )


@login_required
def pack_create(request: HttpRequest) -> HttpResponse:
    if not _may_make(request.user):
        raise PermissionDenied("You may not make packs.")
    form = PackForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                pack = making.make_pack(
                    request.user,
                    data["kind"],
                    data["area"],
                    data["period"],
                    audience=Audience(data["audience_kind"], data["audience_name"]),
                    frame=form.frame(),
                    language=data["language"],
                    localities=data["locality_slugs"],
                )
                record(AuditAction.CREATE, pack)
        except making.PackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Draft pack made. Check it, then issue it."))
            return redirect("packs-pack-detail", pk=pack.pk)
    return render(
        request,
        "packs/pack_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def pack_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_for_user(
        Pack.objects.select_related("organisation", "made_by"), request.user, VIEW, pk=pk
    )
    record(AuditAction.VIEW, pack)
    versions = Pack.objects.restrict(request.user, VIEW).filter(
        pk__in=[pack.first_issue.pk, *pack.first_issue.reissues.values_list("pk", flat=True)]
    )
    return render(
        request,
        "packs/pack_detail.html",
        {
            "pack": pack,
            "direction": renderers.direction(pack.language),
            "made_by": renderers.made_by_name(pack),
            "tables": [
                {"number": i, "section": s.heading, "title": t.title}
                for i, (s, t) in enumerate(renderers.tables_of(pack), start=1)
            ],
            "versions": versions.order_by("version"),
            "can_change": may(Pack.objects, request.user, "change", pack),
            "marking": renderers.marking(pack),
        },
    )


@login_required
def pack_file(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The pack as a file: PDF, DOCX, a standalone HTML document, or every table as XLSX."""
    pack = get_for_user(
        Pack.objects.select_related("organisation", "made_by"), request.user, VIEW, pk=pk
    )
    fmt = file_format
    if fmt not in renderers.FORMATS:
        raise Http404("No such format.")
    record(AuditAction.EXPORT, pack, object_repr=f"{pack} as {fmt}")
    response = HttpResponse(renderers.render(pack, fmt), content_type=renderers.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{renderers.file_name(pack, fmt)}"'
    return response


@login_required
def pack_table_csv(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One of the pack's tables as CSV (numbered in the order the pack shows them)."""
    pack = get_for_user(Pack.objects.all(), request.user, VIEW, pk=pk)
    tables = renderers.tables_of(pack)
    if not 1 <= number <= len(tables):
        raise Http404("No such table.")
    _section, table = tables[number - 1]
    record(AuditAction.EXPORT, pack, object_repr=f"{pack}: table {number} as csv")
    response = HttpResponse(
        renderers.table_csv(table, renderers.marking(pack)),
        content_type=renderers.CONTENT_TYPES["csv"],
    )
    name = table.key or f"table-{number}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _act(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    pack = get_for_user(Pack.objects.all(), request.user, "change", pk=pk)
    try:
        result = action(pack, request.user)
    except making.PackError as error:
        messages.error(request, str(error))
        return redirect("packs-pack-detail", pk=pack.pk)
    record(AuditAction.UPDATE, result, changes={"action": done})
    messages.success(request, done)
    return redirect("packs-pack-detail", pk=result.pk)


@login_required
@require_POST
def pack_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, making.issue, _("Pack issued. Its figures are now frozen."))


@login_required
@require_POST
def pack_rebuild(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, making.rebuild, _("Draft rebuilt from today's data."))


@login_required
@require_POST
def pack_reissue(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        making.reissue,
        _("New version made from today's data; check what changed, then issue it."),
    )


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    organisations = {m.organisation for m in _template_memberships(request.user)}
    templates = sorted(
        PackTemplate.objects.filter(organisation__in=organisations).select_related("organisation"),
        key=lambda t: (t.organisation.name, PackKind.values.index(t.kind)),
    )
    changeable = set(
        PackTemplate.objects.restrict(request.user, "change").values_list("pk", flat=True)
    )
    return render(
        request, "packs/template_list.html", {"templates": templates, "changeable": changeable}
    )


def _template_memberships(user: Any) -> list[Any]:
    from cohesion.accounts.choices import OrganisationKind
    from cohesion.accounts.permissions import active_memberships

    return [m for m in active_memberships(user) if m.organisation.kind == OrganisationKind.COUNCIL]


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_for_user(
        PackTemplate.objects.select_related("organisation"), request.user, "change", pk=pk
    )
    form = TemplateForm(
        request.POST or None, initial={"sections": TemplateForm.as_text(template.sections)}
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            before = template.sections
            template.sections = form.cleaned_data["sections"]
            template.updated_by = request.user  # type: ignore[assignment]
            template.save()
            record(AuditAction.UPDATE, template, changes={"sections": [before, template.sections]})
        messages.success(request, _("Template saved. New packs follow it."))
        return redirect("packs-template-list")
    return render(
        request,
        "packs/template_form.html",
        {"form": form, "template": template},
        status=400 if request.method == "POST" else 200,
    )


def _coordinated_scopes(user: Any) -> list[tuple[Any, Any]]:
    """The councils whose schedules ``user`` manages (as coordinator or above), each with its scope."""
    from cohesion.accounts.choices import OrganisationKind, Role
    from cohesion.accounts.permissions import AreaScope, active_memberships, membership_scope

    if getattr(user, "is_superuser", False):
        return [(None, AreaScope(everywhere=True))]
    return [
        (m.organisation, membership_scope(m))
        for m in active_memberships(user)
        if m.organisation.kind == OrganisationKind.COUNCIL and m.has_role(Role.COORDINATOR)
    ]


def _schedule_areas(scopes: list[tuple[Any, Any]]) -> list[tuple[str, str]]:
    """The councils and wards a coordinator may schedule packs for, councils first."""
    from django.db.models import Q

    from cohesion.places.choices import Level
    from cohesion.places.models import Area

    areas = Area.objects.current().filter(level__in=[Level.COUNCIL, Level.WARD])
    if not any(scope.everywhere for _org, scope in scopes):
        councils = set().union(*(scope.councils for _org, scope in scopes))
        wards = set().union(*(scope.wards for _org, scope in scopes))
        areas = areas.filter(Q(code__in=councils | wards) | Q(parent__code__in=councils))
    return [
        (a.code, f"{a.name} ({a.parent.name})" if a.parent is not None else a.name)
        for a in areas.select_related("parent").order_by("level", "parent__name", "name")
    ]


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    """A council's pack schedules (who receives each, its next and last run) and a form to add one."""
    from django.utils import timezone

    from cohesion.packs.models import PackSchedule
    from cohesion.packs.periods import next_run
    from cohesion.packs.scheduling import recipients

    scopes = _coordinated_scopes(request.user)
    if not scopes:
        raise PermissionDenied("Only a council's coordinators manage its pack schedules.")
    form = ScheduleForm(request.POST or None, areas=_schedule_areas(scopes))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = making.resolve_area(data["area"])
        council = making.council_of(area)
        organisation = next(
            (
                org
                for org, scope in scopes
                if org is not None and scope.covers(council.code, area.code)
            ),
            None,
        ) or making.maker_organisation(None, area)
        with transaction.atomic():
            schedule = PackSchedule.objects.create(
                organisation=organisation,
                kind=data["kind"],
                area_code=area.code,
                cadence=data["cadence"],
                audience_kind=data["audience_kind"],
                audience_name=data["audience_name"].strip(),
                roles=sorted(data["roles"]),
            )
            record(AuditAction.CREATE, schedule)
        messages.success(request, _("Schedule added: %(s)s.") % {"s": schedule})
        return redirect("packs-schedule-list")
    today = timezone.localdate()
    schedules = list(
        PackSchedule.objects.restrict(request.user, "change").select_related("organisation")
    )
    rows = []
    for schedule in schedules:
        try:
            area = making.resolve_area(schedule.area_code)
        except making.PackError:
            area = None
        rows.append(
            {
                "schedule": schedule,
                "area": area.name if area is not None else schedule.area_code,
                "roles": [Role(r).label for r in schedule.roles if r in Role.values],
                "recipients": recipients(schedule, making.council_of(area).code) if area else [],
                "next_run": next_run(schedule.cadence, today) if schedule.active else None,
            }
        )
    return render(
        request,
        "packs/schedule_list.html",
        {"rows": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def schedule_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a schedule: no more packs are made or sent by it (it stays listed, stopped)."""
    from cohesion.packs.models import PackSchedule

    schedule = get_for_user(PackSchedule.objects.all(), request.user, "change", pk=pk)
    if schedule.active:
        with transaction.atomic():
            schedule.active = False
            schedule.save(update_fields=["active"])
            record(AuditAction.UPDATE, schedule, changes={"active": [True, False]})
    messages.success(request, _("Schedule stopped: %(s)s.") % {"s": schedule})
    return redirect("packs-schedule-list")
