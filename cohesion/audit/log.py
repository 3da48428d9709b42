"""Write to the audit log. Other apps call :func:`record`, :func:`record_view` and :func:`record_many`
(with :func:`view_or_export` for a page and its twins)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from cohesion.audit.choices import AuditAction
from cohesion.audit.context import Actor, current_actor
from cohesion.audit.models import AuditEvent, AuditEventOwner
from cohesion.audit.owners import owners_of_many, owning_organisations


def view_or_export(fmt: str | None) -> str:
    """The action for a page or one of its twins: the page is viewed; ``.csv``, ``.json``,
    ``.geojson`` and ``.xlsx`` downloads are exported."""
    return AuditAction.VIEW if fmt in (None, "html") else AuditAction.EXPORT


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
    owners: Iterable[int] | None = None,
) -> AuditEvent:
    """Append one event. Who acted defaults to the person making the current request.

    The event belongs to the actor's organisation and to the organisations that
    own ``obj`` (:func:`cohesion.audit.owners.owning_organisations`); ``owners``
    (organisation ids) replaces the latter when the caller knows better, for
    example for a list of several councils' records.
    """
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
    owner_ids = sorted(set(owners if owners is not None else owning_organisations(obj)))
    with transaction.atomic():
        event = AuditEvent.objects.create(
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
        AuditEventOwner.objects.bulk_create(
            [AuditEventOwner(event=event, organisation_id=pk) for pk in owner_ids]
        )
    return event


def record_view(user: Any, obj: models.Model, *, organisation: Any = None) -> AuditEvent:
    """Note that ``user`` looked at a sensitive record."""
    return record(AuditAction.VIEW, obj, actor=user, organisation=organisation)


def _identifier(obj: models.Model) -> str:
    return str(getattr(obj, "reference", "") or obj.pk)


def record_many(
    action: str,
    objects: Iterable[models.Model],
    what: str,
    *,
    actor: Any = None,
    fmt: str | None = None,
) -> list[AuditEvent]:
    """Note that ``actor`` saw (or, with EXPORT, downloaded) a list of records, such as a case queue.

    One event per set of owning organisations, naming only that set's records,
    so each council's administrators see who listed their records and never
    learn another council's references. An empty list is still one event.
    """
    groups = owners_of_many(objects)
    suffix = f" as {fmt}" if fmt else ""
    if not groups:
        return [record(action, actor=actor, object_repr=f"{what}{suffix} (0 records)", owners=[])]
    events = []
    for owner_ids, members in groups.items():
        events.append(
            record(
                action,
                actor=actor,
                object_repr=f"{what}{suffix} ({len(members)} records)",
                changes={
                    "records": members[0]._meta.label,
                    "ids": [_identifier(obj) for obj in members],
                },
                owners=owner_ids,
            )
        )
    return events
