from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.audit.models import AuditEvent, AuditEventOwner
from cohesion.audit.permissions import can_view_audit
from cohesion.audit.presentation import describe_changes
from cohesion.core.params import BadParameter, date_param
from cohesion.core.twins import Twin, render_twin

COLUMNS = [
    "at",
    "actor",
    "organisation",
    "on_behalf_of",
    "action",
    "object_type",
    "object_id",
    "object",
    "changes",
    "path",
    "record_of",
]


def _parse_date(value: str | None) -> tuple[dt.date | None, bool]:
    """The date, and whether ``value`` was given but is not a real date in YYYY-MM-DD form."""
    try:
        return date_param({"date": value}, "date"), False
    except BadParameter:
        return None, True


def _owner_names(events: Any) -> dict[int, list[str]]:
    """The names of the organisations whose records each event is about, by event id."""
    from cohesion.accounts.models import Organisation

    pairs = list(
        AuditEventOwner.objects.filter(event__in=events.values("pk")).values_list(
            "event_id", "organisation_id"
        )
    )
    names = dict(
        Organisation.objects.filter(pk__in={o for _e, o in pairs}).values_list("pk", "name")
    )
    owners: dict[int, list[str]] = {}
    for event_id, organisation_id in pairs:
        owners.setdefault(event_id, []).append(names.get(organisation_id, str(organisation_id)))
    return {event_id: sorted(found) for event_id, found in owners.items()}


@login_required
def event_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    if not can_view_audit(request.user):
        raise PermissionDenied
    events = AuditEvent.objects.restrict(request.user, "view")
    action = request.GET.get("action", "")
    who = request.GET.get("who", "").strip()[:150]
    since, bad_since = _parse_date(request.GET.get("from"))
    until, bad_until = _parse_date(request.GET.get("to"))
    errors: dict[str, str] = {}
    if bad_since:
        errors["from"] = _("'From' must be a real date, like 2026-03-27")
    if bad_until:
        errors["to"] = _("'To' must be a real date, like 2026-03-27")
    if since and until and until < since:
        errors["to"] = _("'To' must be the same as or after 'From'")
        until = None
    if errors and fmt is not None:
        return HttpResponseBadRequest(" ".join(errors.values()), content_type="text/plain")
    if action in AuditAction.values:
        events = events.filter(action=action)
    if who:
        events = events.filter(actor_username__icontains=who)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    rows: list[dict[str, object]] = []
    if fmt in ("csv", "json"):
        owners = _owner_names(events)
        rows = [
            {
                "at": e.at,
                "actor": e.actor_username,
                "organisation": e.organisation_name,
                "on_behalf_of": e.on_behalf_of,
                "action": e.action,
                "object_type": e.object_type,
                "object_id": e.object_id,
                "object": e.object_repr,
                "changes": e.changes,
                "path": e.path,
                "record_of": "; ".join(owners.get(e.pk, [])),
            }
            for e in events.iterator()
        ]
        record(AuditAction.EXPORT, object_repr=f"audit log ({len(rows)} rows, {fmt})")
    page = Paginator(events, 50).get_page(request.GET.get("page")) if fmt is None else None
    if page is not None:
        for event in page.object_list:
            event.details = describe_changes(event.changes)
    response = render_twin(
        request,
        fmt,
        Twin(
            template="audit/event_list.html",
            context={
                "page": page,
                "actions": AuditAction.choices,
                "filters": {
                    "action": action,
                    "who": who,
                    "from": request.GET.get("from", "").strip()[:20],
                    "to": request.GET.get("to", "").strip()[:20],
                },
                "errors": errors,
                "query": request.GET.urlencode(),
            },
            data={"events": rows},
            rows=rows,
            columns=COLUMNS,
            filename="audit-log",
        ),
    )
    if page is not None:
        # Recorded after the page is drawn, so a page does not list its own reading.
        record(AuditAction.VIEW, object_repr=f"audit log (page {page.number})")
    return response
