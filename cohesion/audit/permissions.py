from __future__ import annotations

from typing import Any

from cohesion.audit.models import AuditEvent


def can_view_audit(user: Any) -> bool:
    """Whether the audit log page has anything this person may see (superusers and organisation administrators)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from cohesion.accounts.permissions import memberships_with

    return bool(user.is_superuser or memberships_with(user, min_role="administrator"))


__all__ = ["AuditEvent", "can_view_audit"]
