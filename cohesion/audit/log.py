"""Write to the audit log. Other apps call :func:`record` and :func:`record_view`."""

from __future__ import annotations

from typing import Any

from django.db import models

from cohesion.audit.choices import AuditAction
from cohesion.audit.context import Actor, current_actor
from cohesion.audit.models import AuditEvent


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: Any = None,
    organisation: Any = None,
    on_behalf_of: str = "",
    changes: dict[str, Any] | None = None,
    object_repr: str = "",
    username: str = "",
) -> AuditEvent:
    """Append one event. Who acted defaults to the person making the current request."""
    context = current_actor()
    if context is None:
        # Not in a web request: a command, a task or a migration acted.
        context = Actor()
        username = username or "system"
    user = actor if actor is not None else context.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if organisation is None and user is not None:
        from cohesion.accounts.permissions import active_memberships

        memberships = active_memberships(user)
        organisation = memberships[0].organisation if len(memberships) == 1 else None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=(user.get_username() if user is not None else username)[:150],
        organisation_id=organisation.pk if organisation is not None else None,
        organisation_name=str(organisation)[:200] if organisation is not None else "",
        on_behalf_of=on_behalf_of[:200],
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        changes=changes or {},
        ip_hash=context.ip_hash,
        path=context.path,
    )


def record_view(user: Any, obj: models.Model, *, organisation: Any = None) -> AuditEvent:
    """Note that ``user`` looked at a sensitive record."""
    return record(AuditAction.VIEW, obj, actor=user, organisation=organisation)
