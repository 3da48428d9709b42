"""Who may see the scheduled jobs: site administrators only (superusers).

The jobs are the whole site's, not one council's, so no council role reaches them.
"""

from __future__ import annotations

from typing import Any


def may_see_jobs(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
