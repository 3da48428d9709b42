"""Who may do what with indicators.

Indicator definitions, datasets and values are public aggregates (with small
numbers suppressed), so anyone may read them. Adding a council's own figures
is for officers, coordinators and administrators of a council, within the
areas their membership covers; the rules for each record live on its
queryset (:class:`~cohesion.indicators.models.UploadQuerySet`,
:class:`~cohesion.indicators.models.DatasetQuerySet`).
"""

from __future__ import annotations

from typing import Any

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import memberships_with


def councils_for_uploads(user: Any) -> list[Organisation]:
    """The councils on whose behalf the person may upload figures (none for anyone below officer)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if getattr(user, "is_superuser", False):
        return list(Organisation.objects.filter(kind=OrganisationKind.COUNCIL))
    return [
        m.organisation
        for m in memberships_with(user, min_role=Role.OFFICER, kinds=(OrganisationKind.COUNCIL,))
    ]


def may_upload(user: Any) -> bool:
    return bool(councils_for_uploads(user))
