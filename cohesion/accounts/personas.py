"""The people Cohesion is designed and tested for, as data.

The demo creates one account per persona; the tests use the same list so that
what is demonstrated is what is tested. Areas are named by GSS code (councils)
or by council code and ward name (wards), resolved against loaded places.
"""

from __future__ import annotations

from dataclasses import dataclass

from cohesion.accounts.choices import OrganisationKind, Role

MIDDLESBROUGH = "E06000002"
DARLINGTON = "E06000005"
CLEVELAND_COUNCILS = ("E06000001", "E06000002", "E06000003", "E06000004")


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    councils: tuple[str, ...]


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    description: str
    organisation: str
    role: str
    wards: tuple[
        str, ...
    ] = ()  # ward names within the organisation's council(s), narrowing the scope
    superuser: bool = False


ORGANISATIONS = (
    OrganisationSpec("Middlesbrough Council", OrganisationKind.COUNCIL, (MIDDLESBROUGH,)),
    OrganisationSpec("Cleveland Police", OrganisationKind.POLICE, CLEVELAND_COUNCILS),
    OrganisationSpec(
        "North Ormesby Community Hub", OrganisationKind.REPORTING_CENTRE, (MIDDLESBROUGH,)
    ),
    OrganisationSpec("Darlington Borough Council", OrganisationKind.COUNCIL, (DARLINGTON,)),
)

PERSONAS = (
    Persona(
        "alice",
        "Alice Ahmed",
        "Council cohesion officer",
        "Middlesbrough Council",
        Role.COORDINATOR,
    ),
    Persona("amir", "Amir Khan", "Community safety analyst", "Middlesbrough Council", Role.VIEWER),
    Persona(
        "nadia",
        "Nadia Novak",
        "Neighbourhood manager (Newport and North Ormesby)",
        "Middlesbrough Council",
        Role.OFFICER,
        wards=("Newport", "North Ormesby"),
    ),
    Persona(
        "bob", "Bob Bell", "Police community engagement officer", "Cleveland Police", Role.OFFICER
    ),
    Persona(
        "carol",
        "Carol Clarke",
        "Third-party reporting centre volunteer",
        "North Ormesby Community Hub",
        Role.OFFICER,
    ),
    Persona(
        "cllr.hussain",
        "Cllr Sara Hussain",
        "Ward councillor for North Ormesby",
        "Middlesbrough Council",
        Role.VIEWER,
        wards=("North Ormesby",),
    ),
    Persona(
        "dave",
        "Dave Dodd",
        "Officer of another council (Darlington)",
        "Darlington Borough Council",
        Role.OFFICER,
    ),
    Persona(
        "erin",
        "Erin Evans",
        "Administrator, Middlesbrough Council",
        "Middlesbrough Council",
        Role.ADMINISTRATOR,
    ),
)
