"""Naming a locality: its wards chosen beside the council's priority ranking, which is frozen with it.

Middlesbrough chose its priority localities (Newport, North Ormesby) from the
data. A council's coordinators name a locality here: the form lists the
council's wards in their priority order (``indicators.queries.priority_ranking``,
deprivation and tension-related crime), and the ranking as it stood that day is
kept with the locality (``chosen_from``) so the reason survives later data.
Changing a locality later never re-freezes the ranking.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cohesion.accounts.choices import OrganisationKind
from cohesion.accounts.permissions import CHANGE, get_for_user, user_scope
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.plans.access import coordinates_council, coordinating_memberships
from cohesion.plans.forms_pages import LocalityForm
from cohesion.plans.models import Locality
from cohesion.plans.services import frozen_ranking
from cohesion.plans.views.editing import council_in_scope, form_page


def ward_ranks(ranking: dict[str, Any]) -> dict[str, float]:
    return {row["code"]: row["rank"] for row in ranking.get("rows", [])}


def _own_council_organisations(user: Any, council_code: str) -> list[int]:
    """The council organisations through which ``user`` coordinates ``council_code``."""
    return [m.organisation_id for m in coordinating_memberships(user, council_code)]


@login_required
def locality_create(request: HttpRequest, council_code: str) -> HttpResponse:
    """A council coordinator names a locality, choosing its wards beside the priority ranking."""
    council = council_in_scope(request.user, council_code)
    if not coordinates_council(request.user, council.code):
        raise PermissionDenied(_("Only the council's coordinators name its localities."))
    ranking = frozen_ranking(council)
    own = _own_council_organisations(request.user, council.code)
    form = LocalityForm(
        request.POST or None,
        council_code=council.code,
        ranks=ward_ranks(ranking),
        initial={"partners": own},
        instance=Locality(council=council, chosen_from=ranking),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locality = form.save()
            # The coordinator's own council stays a partner, so they can go on editing it.
            locality.partners.add(*own)
            record(
                AuditAction.CREATE,
                locality,
                actor=request.user,
                changes={
                    "wards": sorted(locality.wards.values_list("code", flat=True)),
                    "ranking_frozen_on": ranking["frozen_on"],
                },
            )
        messages.success(
            request, _("Locality named, with the ranking it was chosen from kept beside it.")
        )
        return redirect("plans-locality", pk=locality.pk)
    return form_page(
        request,
        "plans/pages/locality_form.html",
        {
            "form": form,
            "title": _("Name a locality"),
            "caption": council.name,
            "ranking": ranking,
            "cancel": reverse("plans-locality-list"),
        },
    )


def _within_reach(form: LocalityForm, user: Any, locality: Locality) -> None:
    """Offer someone who does not coordinate the council (the locality's manager) only the wards
    they work in, beside those the locality already has: naming a wider area is the coordinators'."""
    scope = user_scope(user)
    held = set(locality.wards.values_list("pk", flat=True))
    field: Any = form.fields["wards"]
    reach = [
        ward.pk
        for ward in field.queryset
        if ward.pk in held or scope.covers(locality.council_code, ward.code)
    ]
    ranked = list(field.choices)  # the form's labels, with each ward's priority rank
    field.queryset = field.queryset.filter(pk__in=reach)
    field.choices = [(pk, label) for pk, label in ranked if pk in reach]


def _keeps_council(form: LocalityForm) -> bool:
    """The locality's council organisations stay partners, so its coordinators can still change it."""
    before = set(
        form.instance.partners.filter(kind=OrganisationKind.COUNCIL).values_list("pk", flat=True)
    )
    kept = {p.pk for p in form.cleaned_data.get("partners") or []}
    if before <= kept:
        return True
    form.add_error(
        "partners",
        _("Keep the council as a partner: its coordinators look after the locality with you."),
    )
    return False


@login_required
def locality_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a locality's name, wards, manager or partners; its frozen ranking is kept as it was."""
    locality = get_for_user(Locality.objects.select_related("council"), request.user, CHANGE, pk=pk)
    ranking = locality.chosen_from or {}
    before = model_to_dict(locality, fields=["name", "slug", "kind", "manager", "is_public"])
    before["wards"] = sorted(locality.wards.values_list("code", flat=True))
    form = LocalityForm(
        request.POST or None,
        council_code=locality.council_code,
        ranks=ward_ranks(ranking),
        instance=locality,
    )
    coordinator = coordinates_council(request.user, locality.council_code)
    if not coordinator:
        _within_reach(form, request.user, locality)
    if request.method == "POST" and form.is_valid() and (coordinator or _keeps_council(form)):
        with transaction.atomic():
            locality = form.save()
            record(AuditAction.UPDATE, locality, actor=request.user, changes={"before": before})
        messages.success(request, _("Locality saved."))
        return redirect("plans-locality", pk=locality.pk)
    return form_page(
        request,
        "plans/pages/locality_form.html",
        {
            "form": form,
            "title": _("Change the locality"),
            "caption": locality.council.name,
            "ranking": ranking,
            "cancel": reverse("plans-locality", args=[locality.pk]),
        },
    )
