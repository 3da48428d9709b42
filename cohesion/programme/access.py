"""Who may see and change the partnership calendar.

The rules of the issue, in one place:

- the calendar is shared among partners: every member (any role) of a partner
  organisation working in a council or ward sees the events there, so that
  partners plan together and see clashes before they happen;
- a partner's officers (and above) add and change their own organisation's
  events, in the areas their organisation works in;
- a council's coordinators (and administrators) change every event in the council;
- outsiders (another council's officer) see nothing: 404. The public see only
  events marked public, on the public pages, never through these querysets.

:class:`cohesion.programme.models.Event`'s ``restrict`` calls :func:`event_q`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest

from cohesion.accounts.choices import OrganisationKind, Role
from cohesion.accounts.permissions import (
    VIEW,
    AreaScope,
    active_memberships,
    membership_scope,
    user_scope,
)

NOTHING = Q(pk__in=[])


def event_q(user: Any, action: str = VIEW) -> Q:
    """The events ``user`` may ``action`` (``view``, ``change`` or ``delete``), as a filter on Event."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if action == VIEW:
        scope = user_scope(user, min_role=Role.VIEWER)
        # Someone working in some wards of a council also sees its council-wide events.
        return scope.q("council_code", "ward_code") | Q(
            council_code__in=_councils_of(scope.wards), ward_code=""
        )
    condition = NOTHING
    for membership in active_memberships(user):
        scope = membership_scope(membership)
        if membership.organisation.kind == OrganisationKind.COUNCIL and membership.has_role(
            Role.COORDINATOR
        ):
            condition |= Q(council_code__in=list(scope.councils))
        if membership.has_role(Role.OFFICER) and action != "delete":
            condition |= Q(organiser=membership.organisation_id) & scope.q(
                "council_code", "ward_code"
            )
    return condition


def _councils_of(wards: frozenset[str]) -> list[str]:
    from cohesion.places.queries import councils_of_wards

    return sorted(councils_of_wards(wards))


def organisers_for(user: Any) -> Any:
    """The organisations ``user`` may add events for: those they are an officer (or above) of,
    and for a council's coordinator, every organisation working in the council."""
    from cohesion.accounts.models import Organisation

    if getattr(user, "is_superuser", False):
        return Organisation.objects.order_by("name")
    own = [m.organisation_id for m in active_memberships(user) if m.has_role(Role.OFFICER)]
    councils = list(coordinated_councils(user))
    return (
        Organisation.objects.filter(
            Q(pk__in=own) | Q(areas__code__in=councils) | Q(areas__parent__code__in=councils)
        )
        .distinct()
        .order_by("name")
    )


def coordinated_councils(user: Any) -> frozenset[str]:
    """The councils where ``user`` is a coordinator (or above) of the council itself."""
    councils: frozenset[str] = frozenset()
    for membership in active_memberships(user):
        if membership.organisation.kind == OrganisationKind.COUNCIL and membership.has_role(
            Role.COORDINATOR
        ):
            councils |= membership_scope(membership).councils
    return councils


def adding_scope(user: Any, organisation_id: int) -> AreaScope:
    """Where ``user`` may put an event organised by ``organisation_id``.

    An officer of the organisation, where the membership works; a council's
    coordinator, anywhere in the council, for any organiser.
    """
    if getattr(user, "is_superuser", False):
        return AreaScope(everywhere=True)
    scope = AreaScope()
    for membership in active_memberships(user):
        if membership.organisation_id == organisation_id and membership.has_role(Role.OFFICER):
            scope = scope | membership_scope(membership)
    return scope | AreaScope(councils=coordinated_councils(user))


def takes_part(request: HttpRequest) -> bool:
    """Signed-in members of a partner organisation (the pages decide what each sees)."""
    user = request.user
    return bool(user.is_authenticated and (user.is_superuser or active_memberships(user)))


# --- Grants -------------------------------------------------------------------------------
#
# Applications hold personal data (a contact's name and email) and the panel's
# judgements, so grants are the council's alone:
#
# - its grant officers (officers and above of the council itself, council-wide or
#   in some of its wards) read rounds and applications and score them as the panel;
# - its coordinators (and administrators) record due diligence, decisions and
#   monitoring returns;
# - everyone else (partners, viewers, another council) sees nothing: 404.
# The public see only open public rounds, on the public form.

SCORE = "score"


def grant_councils(user: Any, min_role: str, *, council_wide: bool = False) -> frozenset[str]:
    """The councils whose grants ``user`` works on as a member of the council with ``min_role``."""
    councils: set[str] = set()
    wards: set[str] = set()
    for membership in active_memberships(user):
        if membership.organisation.kind != OrganisationKind.COUNCIL:
            continue
        if not membership.has_role(min_role):
            continue
        scope = membership_scope(membership)
        councils |= scope.councils
        if not council_wide:
            wards |= scope.wards
    return frozenset(councils | set(_councils_of(frozenset(wards))))


def grant_q(user: Any, action: str = VIEW) -> Q:
    """The grant records (keyed by ``council_code``) ``user`` may ``action``.

    ``view`` and ``score``: the council's officers and above; anything else
    (``change``): its coordinators and above, council-wide.
    """
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if action in (VIEW, SCORE):
        councils = grant_councils(user, Role.OFFICER)
    else:
        councils = grant_councils(user, Role.COORDINATOR, council_wide=True)
    return Q(council_code__in=sorted(councils)) if councils else NOTHING


def works_on_grants(request: HttpRequest) -> bool:
    """Signed-in officers of a council (or site staff): the grant pages have something for them."""
    user = request.user
    return bool(user.is_authenticated and (user.is_superuser or grant_councils(user, Role.OFFICER)))


# --- The volunteer and interpreter register ------------------------------------------------
#
# - a volunteer's personal details are seen and changed only by officers (and above) of the
#   coordinating organisation that holds the record (a viewer of that organisation, another
#   partner or another council sees nothing: 404);
# - any partner's officer may request an interpreter from a register working in the council;
#   the requesting organisation's members then see their booking and whether it is booked,
#   never who the interpreter is; the coordinating organisation's officers fill, confirm and
#   cancel it.


def register_organisations(user: Any) -> list[int]:
    """Ids of the organisations whose volunteer register ``user`` keeps (officer or above)."""
    return sorted({m.organisation_id for m in active_memberships(user) if m.has_role(Role.OFFICER)})


def keeps_a_register(user: Any) -> bool:
    """Whether ``user`` may add volunteers to some organisation's register."""
    return bool(getattr(user, "is_superuser", False) or register_organisations(user))


def volunteer_q(user: Any, action: str = VIEW) -> Q:
    """The volunteers ``user`` may ``action``, as a filter on Volunteer."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    return Q(organisation__in=register_organisations(user))


def booking_q(user: Any, action: str = VIEW) -> Q:
    """The interpreter bookings ``user`` may ``action``, as a filter on InterpreterBooking."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    condition = Q(organisation__in=register_organisations(user))
    if action == VIEW:
        members_of = [m.organisation_id for m in active_memberships(user)]
        condition |= Q(requesting_organisation__in=members_of)
    return condition


def sees_interpreter(user: Any, organisation_id: int) -> bool:
    """Whether ``user`` may see who the interpreters of ``organisation_id``'s register are."""
    return bool(
        getattr(user, "is_superuser", False) or organisation_id in register_organisations(user)
    )


def requesting_memberships(user: Any) -> list[Any]:
    """The memberships through which ``user`` may request an interpreter (officer or above)."""
    return [m for m in active_memberships(user) if m.has_role(Role.OFFICER)]


def may_cancel_booking(user: Any, booking: Any) -> bool:
    """Whether ``user`` may cancel ``booking``: the register's keepers, and the officers of the
    organisation that asked for it (a partner withdraws its own request)."""
    if booking.organisation_id in register_organisations(user) or getattr(
        user, "is_superuser", False
    ):
        return True
    return booking.requesting_organisation_id in {
        m.organisation_id for m in requesting_memberships(user)
    }


def may_request_interpreter(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False) or requesting_memberships(user))
