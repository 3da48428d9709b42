"""Create the persona organisations and accounts (for the demo and the tests)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cohesion.accounts.models import Membership, Organisation
from cohesion.accounts.personas import ORGANISATIONS, PERSONAS
from cohesion.places.choices import Level
from cohesion.places.models import Area


def _council(code: str) -> Area | None:
    return (
        Area.objects.current(Level.COUNCIL).filter(code=code).first()
        or Area.objects.filter(code=code, level=Level.COUNCIL).first()
    )


@transaction.atomic
def create_personas(password: str | None) -> dict[str, Any]:
    """Organisations and one user per persona; an existing account is left as it is. Returns users by username."""
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            name=spec.name, defaults={"kind": spec.kind}
        )
        if created:
            organisation.areas.set(
                [a for a in (_council(c) for c in spec.councils) if a is not None]
            )
        organisations[spec.name] = organisation
    users: dict[str, Any] = {}
    User = get_user_model()
    for persona in PERSONAS:
        first, _sep, last = persona.full_name.partition(" ")
        user, created = User.objects.get_or_create(
            username=persona.username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.is_superuser = user.is_staff = persona.superuser
            user.save()
            organisation = organisations[persona.organisation]
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=persona.role
            )
            if persona.wards:
                councils = organisation.areas.filter(level=Level.COUNCIL)
                wards = Area.objects.current(Level.WARD).filter(
                    parent__in=councils, name__in=persona.wards
                )
                membership.areas.set(wards)
        users[persona.username] = user
    return users
