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

_TRACKED = ("role", "is_active")


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(AuditAction.SIGN_IN, user, actor=user, object_repr=user.get_username())


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditAction.SIGN_OUT, user, actor=user, object_repr=user.get_username())


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(AuditAction.SIGN_IN_FAILED, username=username, object_repr=username)


@receiver(user_locked_out)
def _locked_out(
    sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any
) -> None:
    record(AuditAction.LOCKED_OUT, username=username or "", object_repr=username or "")


@receiver(pre_save, sender=Membership)
def _remember_membership(sender: Any, instance: Membership, **kwargs: Any) -> None:
    previous = (
        Membership.objects.filter(pk=instance.pk).values(*_TRACKED).first() if instance.pk else None
    )
    instance._audit_previous = previous  # type: ignore[attr-defined]


@receiver(post_save, sender=Membership)
def _membership_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    previous = getattr(instance, "_audit_previous", None) or {}
    changes: dict[str, Any] = {
        name: [previous.get(name), getattr(instance, name)]
        for name in _TRACKED
        if created or previous.get(name) != getattr(instance, name)
    }
    if created or changes:
        changes["event"] = "added" if created else "changed"
        record(
            AuditAction.MEMBERSHIP, instance, organisation=instance.organisation, changes=changes
        )


@receiver(m2m_changed, sender=Membership.areas.through)
def _membership_areas_changed(
    sender: Any, instance: Any, action: str, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Membership):
        from cohesion.places.models import Area

        codes = sorted(Area.objects.filter(pk__in=pk_set or []).values_list("code", flat=True))
        record(
            AuditAction.MEMBERSHIP,
            instance,
            organisation=instance.organisation,
            changes={"event": f"areas {action.removeprefix('post_')}", "areas": codes},
        )


@receiver(post_save, sender=Organisation)
def _organisation_saved(sender: Any, instance: Organisation, created: bool, **kwargs: Any) -> None:
    record(AuditAction.CREATE if created else AuditAction.UPDATE, instance, organisation=instance)


@receiver(post_save, sender=LogEntry)
def _admin_edit(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    if created:
        record(
            AuditAction.ADMIN_EDIT,
            actor=instance.user,
            object_repr=f"{instance.content_type} {instance.object_repr}"[:300],
            changes={"action_flag": instance.action_flag, "message": instance.get_change_message()},
        )
