"""Questions about what a person may do with reports that are not about one record.

Per-record access is decided by ``Report.objects.restrict(user, action)``
(cohesion.tensions.models.reports); these helpers answer the questions that
come before a record exists: may this person enter reports for others, and
may they see case lists at all.
"""

from __future__ import annotations

from typing import Any

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.models import Organisation
from cohesion.accounts.permissions import active_memberships

# Organisations whose officers may record reports for someone else.
INTAKE_KINDS = (
    OrganisationKind.REPORTING_CENTRE,
    OrganisationKind.COUNCIL,
    OrganisationKind.POLICE,
    OrganisationKind.HEALTH,
    OrganisationKind.EDUCATION,
    OrganisationKind.HOUSING,
    OrganisationKind.VOLUNTARY,
)


def intake_organisations(user: Any) -> list[Organisation]:
    """The organisations for which ``user`` may record a report on someone's behalf (officers and above)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        m.organisation
        for m in active_memberships(user)
        if m.has_role(Role.OFFICER) and m.organisation.kind in INTAKE_KINDS
    ]


def may_enter_reports(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or intake_organisations(user))


def may_use_case_lists(user: Any) -> bool:
    """Whether the case lists can show this person anything: officers of any partner, and superusers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(m.has_role(Role.OFFICER) for m in active_memberships(user))


def may_export_reports(user: Any) -> bool:
    """Whether queues may be downloaded as CSV or JSON: council and police officers, and superusers.

    Reporting-centre volunteers and other partners read their cases on screen only.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(
        m.has_role(Role.OFFICER)
        and m.organisation.kind in (OrganisationKind.COUNCIL, OrganisationKind.POLICE)
        for m in active_memberships(user)
    )


def sees_every_report(user: Any, council_code: str) -> bool:
    """Whether ``user`` may open every report of the council (``Report.objects.restrict``).

    Counts of reports shown to anyone else (viewers, police officers who see
    only consented cases, partners) go through disclosure control
    (:func:`cohesion.tensions.alerting.disclose_weekly_counts`), because they
    would describe cases the person may not open.
    """
    from cohesion.accounts.permissions import VIEW
    from cohesion.tensions.models import Report

    if getattr(user, "is_superuser", False):
        return True
    every = Report.objects.filter(council_code=council_code)
    visible = Report.objects.restrict(user, VIEW).filter(council_code=council_code)
    return not every.exclude(pk__in=visible.values("pk")).exists()
