"""The tensions records other apps may raise actions and issue plans from, read through one function.

Plans (and any other app) never read tensions tables directly: they ask
:func:`source_record` for a short, access-checked description of an early-warning
alert, a tension assessment, a trigger event, a rumour or a community impact
assessment. The record is fetched with ``get_for_user``, so an outsider gets 404
exactly as on the record's own page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from cohesion.accounts.permissions import VIEW, get_for_user

# The kinds, as plans' ``IssueSource`` names them.
ALERT = "alert"
ASSESSMENT = "assessment"
TRIGGER_EVENT = "trigger_event"
RUMOUR = "rumour"
IMPACT = "impact"


@dataclass(frozen=True)
class SourceRecord:
    """What another app needs to know of a tensions record: a label, where it is, its page."""

    kind: str
    pk: int
    label: str
    council_code: str
    area_code: str
    url: str
    actions_text: str = ""  # the record's own free-text actions, kept for history
    record: Any = field(default=None, compare=False, repr=False)  # the model row, for the audit log


def _models() -> dict[str, Any]:
    from cohesion.tensions.models.alerts import Alert
    from cohesion.tensions.models.assessment import TensionAssessment
    from cohesion.tensions.models.events import CommunityImpactAssessment, Rumour, TriggerEvent

    return {
        ALERT: Alert,
        ASSESSMENT: TensionAssessment,
        TRIGGER_EVENT: TriggerEvent,
        RUMOUR: Rumour,
        IMPACT: CommunityImpactAssessment,
    }


def _url(kind: str, obj: Any) -> str:
    if kind == ALERT:
        return reverse("tensions-early-warning-area", args=[obj.area_code])
    return str(obj.get_absolute_url())


def _text(kind: str, obj: Any) -> str:
    if kind == ASSESSMENT:
        return str(obj.actions or "")
    if kind == IMPACT:
        return str(obj.reassurance or "")
    if kind == RUMOUR:
        return str(obj.counter_message or "")
    return ""


def source_record(user: Any, kind: str, pk: int, action: str = VIEW) -> SourceRecord:
    """The record ``kind``/``pk`` as ``user`` may ``action`` it (404 for outsiders, 403 otherwise)."""
    from django.http import Http404

    model = _models().get(kind)
    if model is None:
        raise Http404("No such record.")
    obj = get_for_user(model.objects.select_related("area"), user, action, pk=pk)
    return SourceRecord(
        kind=kind,
        pk=obj.pk,
        label=str(obj)[:300],
        council_code=obj.council_code,
        area_code=obj.area_code,
        url=_url(kind, obj),
        actions_text=_text(kind, obj),
        record=obj,
    )


def latest_alert_pk(council_code: str) -> int | None:
    """The most recent early-warning alert in a council (for the demo's issue plan), or None."""
    from cohesion.tensions.models.alerts import Alert

    return (
        Alert.objects.filter(council_code=council_code)
        .order_by("-week_start", "pk")
        .values_list("pk", flat=True)
        .first()
    )
