"""The directory's models (HSDS 3.0 with the Open Referral UK profile), one module per kind of record.

- ``organisations``: organisations that provide services, and their identifiers;
- ``services``: services and what describes them (schedules, languages, costs,
  eligibility, service areas, required documents, funding, contacts, phones);
- ``locations``: locations, addresses, accessibility, services at locations;
- ``taxonomy``: taxonomies, terms, mappings between taxonomies, attributes;
- ``upkeep``: proposed changes, reports of mistakes, stale reminders, history.
"""

from cohesion.directory.models.locations import (
    Accessibility,
    Address,
    Location,
    ServiceAtLocation,
)
from cohesion.directory.models.organisations import Organisation, OrganisationIdentifier
from cohesion.directory.models.services import (
    Contact,
    CostOption,
    Eligibility,
    Funding,
    Language,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
)
from cohesion.directory.models.signposts import Signpost, SignpostKind
from cohesion.directory.models.taxonomy import Attribute, Taxonomy, TaxonomyTerm, TermMapping
from cohesion.directory.models.upkeep import (
    ChangeKind,
    ChangeStatus,
    EntryEvent,
    EventKind,
    MistakeReport,
    MistakeStatus,
    ProposedChange,
    StaleReminder,
)

__all__ = [
    "Accessibility",
    "Address",
    "Attribute",
    "ChangeKind",
    "ChangeStatus",
    "Contact",
    "CostOption",
    "Eligibility",
    "EntryEvent",
    "EventKind",
    "Funding",
    "Language",
    "Location",
    "MistakeReport",
    "MistakeStatus",
    "Organisation",
    "OrganisationIdentifier",
    "Phone",
    "ProposedChange",
    "RequiredDocument",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Signpost",
    "SignpostKind",
    "StaleReminder",
    "Taxonomy",
    "TaxonomyTerm",
    "TermMapping",
]
