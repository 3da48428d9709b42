"""Downloading and uploading plans, actions and targets as CSV or Excel, in the same columns.

Each download is the file its upload page takes back (see :mod:`cohesion.plans.spreadsheets`).
An upload is checked row by row and saved in one transaction, or not at all: the page lists
every problem with its row, column and value, and says that nothing was saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.accounts.permissions import CHANGE, VIEW, get_for_user, offer_only
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record, record_many
from cohesion.core import spreadsheets as tables
from cohesion.core.forms import GovukForm
from cohesion.places.models import Area
from cohesion.plans import spreadsheets
from cohesion.plans.access import council_scope
from cohesion.plans.models import Plan


class UploadForm(GovukForm):
    """A file of rows in the table's columns, and whether only to check it."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A CSV or Excel (.xlsx) file in the columns listed below."),
    )
    check_only = forms.BooleanField(
        required=False,
        label=gettext_lazy("Only check the file; save nothing"),
    )


class PlansUploadForm(UploadForm):
    council = forms.ChoiceField(label=gettext_lazy("Council"))

    field_order = ["council", "file", "check_only"]

    def __init__(self, *args: Any, councils: Sequence[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_only(
            self.fields["council"],
            [(c.code, c.name) for c in councils],
            gettext_lazy("Choose a council whose plans you may add or change."),
        )


def _download(
    request: HttpRequest, rows: list[dict[str, Any]], table: str, name: str, sheet: str
) -> HttpResponse:
    columns = spreadsheets.TABLES[table]
    response = HttpResponse(
        tables.file_bytes(rows, columns, sheet, title="Plan"),
        content_type=tables.content_type(sheet),
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.{sheet}"'
    return response


@login_required
def export_plans(request: HttpRequest, council: str, sheet: str) -> HttpResponse:
    """A council's plans the person may see, in the plans import's columns (404 outside their council)."""
    plans = spreadsheets.plans_for_export(request.user, council)
    if not plans and not council_scope(request.user).covers(council):
        raise Http404("No such council among yours.")
    record_many(AuditAction.EXPORT, plans, "plans", actor=request.user, fmt=sheet)
    rows = spreadsheets.plan_rows(plans)
    return _download(request, rows, "plans", f"plans-{council}", sheet)


@login_required
def export_actions(request: HttpRequest, pk: int, sheet: str) -> HttpResponse:
    """A plan's actions the person may see, in the actions import's columns."""
    plan = get_for_user(Plan.objects.all(), request.user, VIEW, pk=pk)
    actions = spreadsheets.actions_for_export(plan, request.user)
    record(AuditAction.EXPORT, plan, changes={"table": "actions", "format": sheet})
    rows = spreadsheets.action_rows(actions)
    return _download(request, rows, "actions", f"plan-{plan.pk}-actions", sheet)


@login_required
def export_targets(request: HttpRequest, pk: int, sheet: str) -> HttpResponse:
    """A plan's targets with their computed status, in the targets import's columns."""
    plan = get_for_user(Plan.objects.all(), request.user, VIEW, pk=pk)
    record(AuditAction.EXPORT, plan, changes={"table": "targets", "format": sheet})
    rows = spreadsheets.target_rows(spreadsheets.targets_for_export(plan))
    return _download(request, rows, "targets", f"plan-{plan.pk}-targets", sheet)


def _upload_page(
    request: HttpRequest,
    form: UploadForm,
    *,
    table: str,
    title: str,
    plan: Plan | None,
    download: tuple[str, Sequence[Any]],
    run: Callable[[str, bytes, bool], spreadsheets.Outcome],
) -> HttpResponse:
    """The upload page: the form, the columns, and after a POST the problems or what was saved."""
    outcome = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            check_only = form.cleaned_data["check_only"]
            outcome = run(upload.name, upload.read(), check_only)
            if outcome.saved:
                what = f"{table} imported from {upload.name[:200]}"
                if plan is None:
                    record_many(AuditAction.UPDATE, outcome.records, what, actor=request.user)
                else:
                    record(
                        AuditAction.UPDATE,
                        plan,
                        changes={
                            "import": what,
                            "created": outcome.created,
                            "changed": outcome.changed,
                        },
                    )
                messages.success(
                    request,
                    _(
                        "%(file)s was imported: %(created)s added, %(changed)s changed, "
                        "%(unchanged)s unchanged."
                    )
                    % {
                        "file": upload.name,
                        "created": outcome.created,
                        "changed": outcome.changed,
                        "unchanged": outcome.unchanged,
                    },
                )
                return redirect(request.path)
            if not outcome.ok:
                status = 400
        else:
            status = 400
    return render(
        request,
        "core/spreadsheet_upload.html",
        {
            "form": form,
            "title": title,
            "caption": plan.title if plan else "",
            "columns": spreadsheets.TABLES[table],
            "outcome": outcome,
            "downloads": [
                (sheet.upper(), reverse(download[0], args=[*download[1], sheet]))
                for sheet in tables.FORMATS
            ],
        },
        status=status,
    )


@login_required
def import_actions(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a plan's actions: partners add and change their own, the plan's editors any."""
    plan = get_for_user(Plan.objects.all(), request.user, VIEW, pk=pk)
    if not spreadsheets.may_import_actions(plan, request.user):
        raise PermissionDenied(_("Only the plan's editors and its partners' officers add actions."))
    return _upload_page(
        request,
        UploadForm(request.POST or None, request.FILES or None),
        table="actions",
        title=_("Upload actions for %(plan)s") % {"plan": plan.title},
        plan=plan,
        download=("plans-io-export-actions", [plan.pk]),
        run=lambda name, content, check: spreadsheets.import_actions(
            plan, name, content, request.user, check_only=check
        ),
    )


@login_required
def import_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a plan's targets: the plan's editors only."""
    plan = get_for_user(Plan.objects.all(), request.user, CHANGE, pk=pk)
    return _upload_page(
        request,
        UploadForm(request.POST or None, request.FILES or None),
        table="targets",
        title=_("Upload targets for %(plan)s") % {"plan": plan.title},
        plan=plan,
        download=("plans-io-export-targets", [plan.pk]),
        run=lambda name, content, check: spreadsheets.import_targets(
            plan, name, content, request.user, check_only=check
        ),
    )


@login_required
def import_plans(request: HttpRequest) -> HttpResponse:
    """Upload a council's plans: its coordinators, and managers of its localities."""
    councils = spreadsheets.councils_for_plan_import(request.user)
    if not councils:
        raise PermissionDenied(_("Only a council's coordinators and locality managers add plans."))
    form = PlansUploadForm(request.POST or None, request.FILES or None, councils=councils)
    by_code = {c.code: c for c in councils}

    def run(name: str, content: bytes, check: bool) -> spreadsheets.Outcome:
        council = by_code[form.cleaned_data["council"]]
        return spreadsheets.import_plans(council, name, content, request.user, check_only=check)

    return _upload_page(
        request,
        form,
        table="plans",
        title=_("Upload plans"),
        plan=None,
        download=("plans-io-export-plans", [councils[0].code]),
        run=run,
    )
