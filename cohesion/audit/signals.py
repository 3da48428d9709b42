"""Audit records for sign-ins, memberships and administrator edits, wherever they happen."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from cohesion.accounts.models import Membership, Organisation
from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.audit.owners import owning_organisations


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(AuditAction.SIGN_IN, user, actor=user, object_repr=user.get_username())


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditAction.SIGN_OUT, user, actor=user, object_repr=user.get_username())


def _account_named(username: str) -> Any:
    """The person with exactly this username, or None (a mistyped or made-up name)."""
    from django.contrib.auth import get_user_model

    if not username:
        return None
    model = get_user_model()
    try:
        return model._default_manager.get_by_natural_key(username)
    except model.DoesNotExist:
        return None


def _record_attempt(action: str, username: str) -> None:
    """A failed sign-in or lockout, shown to the administrators of the account's organisations.

    Nobody acted who could be named: the attempt may not be the account's owner.
    A username that matches no account is recorded for superusers only, so no
    organisation learns which names people try.
    """
    account = _account_named(username)
    record(
        action,
        account,
        actor=None,
        username=username,
        object_repr=username,
        owners=owning_organisations(account) if account is not None else [],
    )


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    _record_attempt(AuditAction.SIGN_IN_FAILED, str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any
) -> None:
    _record_attempt(AuditAction.LOCKED_OUT, str(username or "")[:150])


# Fields whose old and new values are written down when a row changes.
_TRACKED: dict[type[Any], tuple[str, ...]] = {
    Membership: ("role", "is_active"),
    Organisation: ("name", "kind", "is_active"),
}


@receiver(pre_save, sender=Membership)
@receiver(pre_save, sender=Organisation)
def _remember_previous(sender: Any, instance: Any, **kwargs: Any) -> None:
    fields = _TRACKED[sender]
    previous = (
        sender.objects.filter(pk=instance.pk).values(*fields).first() if instance.pk else None
    )
    instance._audit_previous = previous


def _changes(instance: Any, created: bool) -> dict[str, Any]:
    """Old and new values of the tracked fields that changed (all of them for a new row)."""
    previous = getattr(instance, "_audit_previous", None) or {}
    changes: dict[str, Any] = {
        name: [previous.get(name), getattr(instance, name)]
        for name in _TRACKED[type(instance)]
        if created or previous.get(name) != getattr(instance, name)
    }
    if changes:
        changes = {"event": "added" if created else "changed", **changes}
    return changes


@receiver(post_save, sender=Membership)
def _membership_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    changes = _changes(instance, created)
    if changes:
        record(
            AuditAction.MEMBERSHIP, instance, organisation=instance.organisation, changes=changes
        )


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender: Any, instance: Organisation, created: bool, **kwargs: Any) -> None:
    if created:
        record(AuditAction.CREATE, instance, organisation=instance)
    else:
        changes = _changes(instance, created)
        if changes:
            record(AuditAction.UPDATE, instance, organisation=instance, changes=changes)


def _area_codes(pks: Any) -> list[str]:
    from cohesion.places.models import Area

    return sorted(Area.objects.filter(pk__in=pks or []).values_list("code", flat=True))


def _areas_changed(action: str, instance: Any, pk_set: set[int] | None) -> dict[str, Any] | None:
    """The ``changes`` of an event for a change to ``instance.areas``, or None if nothing changed yet.

    A clear does not say which areas it removed, so they are noted just before it.
    """
    if action == "pre_clear":
        instance._audit_cleared = list(instance.areas.values_list("pk", flat=True))
        return None
    if action == "post_clear":
        pk_set = set(getattr(instance, "_audit_cleared", []))
        if not pk_set:
            return None
    elif action not in ("post_add", "post_remove") or not pk_set:
        return None
    return {"event": f"areas {action.removeprefix('post_')}", "areas": _area_codes(pk_set)}


@receiver(m2m_changed, sender=Membership.areas.through)
def _membership_areas_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if isinstance(instance, Membership):
        changes = _areas_changed(action, instance, pk_set)
        if changes:
            record(
                AuditAction.MEMBERSHIP,
                instance,
                organisation=instance.organisation,
                changes=changes,
            )


@receiver(m2m_changed, sender=Organisation.areas.through)
def _organisation_areas_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if isinstance(instance, Organisation):
        changes = _areas_changed(action, instance, pk_set)
        if changes:
            record(AuditAction.UPDATE, instance, organisation=instance, changes=changes)


@receiver(post_save, sender=LogEntry)
def _admin_edit(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if created:
        record(
            AuditAction.ADMIN_EDIT,
            actor=instance.user,
            object_repr=f"{instance.content_type} {instance.object_repr}"[:300],
            changes={"action_flag": instance.action_flag, "message": instance.get_change_message()},
        )
