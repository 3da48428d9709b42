"""Directory records as Open Referral (HSDS 3.0, UK profile) objects.

Property names are the standard's. The UK profile drops some HSDS properties
that people here need (a language's name and code, phone numbers, required
documents); those are published under their HSDS 3.0 names, which the profile's
schemas allow. What neither standard has (term-time schedules, no recourse to
public funds, the referral route, who a service is for) is published under
names starting ``cohesion_``, the local-property convention the UK compliance
rules recommend, so a consumer can tell them from the standard's.

Empty optional fields are left out; required ones are always present.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from cohesion.directory.models import (
    Attribute,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from cohesion.directory.search import service_schedules

EMPTY: tuple[Any, ...] = (None, "", [], {})


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "hex") and not isinstance(value, (str, bytes, int, float)):
        return str(value)  # a UUID
    return value


def obj(required: dict[str, Any], optional: dict[str, Any]) -> dict[str, Any]:
    """An object with every required property and the optional ones that have a value."""
    out = {k: _value(v) for k, v in required.items()}
    out.update({k: _value(v) for k, v in optional.items() if v not in EMPTY})
    return out


# --------------------------------------------------------------------------- taxonomy


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    taxonomy = term.taxonomy
    return obj(
        {"id": term.id, "name": term.name, "description": term.description},
        {
            "code": term.code,
            "parent_id": term.parent_id,
            "taxonomy": taxonomy.name if taxonomy else "",
            "taxonomy_id": term.taxonomy_id,
            "language": term.language,
            "term_uri": term.term_uri,
        },
    )


def taxonomy(record: Taxonomy, *, terms: bool = False) -> dict[str, Any]:
    return obj(
        {"id": record.id, "name": record.name, "description": record.description},
        {
            "uri": record.uri,
            "version": record.version,
            "taxonomy_terms": [taxonomy_term(t) for t in record.terms.all()] if terms else [],
        },
    )


def attribute(record: Attribute) -> dict[str, Any]:
    return obj(
        {"id": record.id},
        {
            "link_id": record.link_id,
            "link_type": record.link_type,
            "link_entity": record.link_entity,
            "taxonomy_term_id": record.taxonomy_term_id,
            "taxonomy_term": taxonomy_term(record.taxonomy_term),
            "value": record.value,
        },
    )


# --------------------------------------------------------------------------- organisations


def organisation_summary(record: Organisation) -> dict[str, Any]:
    """The one-to-one fields (``organization_list``)."""
    return obj(
        {"id": record.id, "name": record.name, "description": record.description},
        {
            "email": record.email,
            "website": record.website,
            "logo": record.logo,
            "uri": record.uri,
            "parent_organization_id": record.parent_id,
        },
    )


def organisation_nested(record: Organisation) -> dict[str, Any]:
    """As nested in a service: with identifiers and attributes."""
    out = organisation_summary(record)
    out.update(
        obj(
            {},
            {
                "organization_identifiers": [
                    obj(
                        {
                            "id": i.id,
                            "identifier_type": i.identifier_type,
                            "identifier": i.identifier,
                        },
                        {"organization_id": record.id, "identifier_scheme": i.identifier_scheme},
                    )
                    for i in record.identifiers.all()
                ],
                "attributes": [attribute(a) for a in record.attributes.all()],
                "funding": [obj({"id": f.id}, {"source": f.source}) for f in record.funding.all()],
                "phones": [phone(p) for p in record.phones.all()],
            },
        )
    )
    return out


def organisation_full(record: Organisation, services: list[Service]) -> dict[str, Any]:
    out = organisation_nested(record)
    if services:
        out["services"] = [service_summary(s, with_organisation=False) for s in services]
    return out


# --------------------------------------------------------------------------- locations


def location_summary(record: Location) -> dict[str, Any]:
    return obj(
        {"id": record.id, "location_type": record.location_type},
        {
            "organization_id": record.organisation_id,
            "url": record.url,
            "name": record.name,
            "alternate_name": record.alternate_name,
            "description": record.description,
            "transportation": record.transportation,
            "latitude": record.latitude,
            "longitude": record.longitude,
            "external_identifier": record.external_identifier,
            "external_identifier_type": record.external_identifier_type,
        },
    )


def location_full(record: Location) -> dict[str, Any]:
    out = location_summary(record)
    out.update(
        obj(
            {},
            {
                "addresses": [
                    obj(
                        {
                            "id": a.id,
                            "address_1": a.address_1,
                            "city": a.city,
                            "state_province": a.state_province,
                            "postal_code": a.postal_code,
                            "country": a.country,
                            "address_type": a.address_type,
                        },
                        {
                            "location_id": record.id,
                            "attention": a.attention,
                            "address_2": a.address_2,
                            "region": a.region,
                        },
                    )
                    for a in record.addresses.all()
                ],
                "accessibility": [
                    obj(
                        {"id": a.id},
                        {
                            "location_id": record.id,
                            "description": a.description,
                            "details": a.details,
                            "url": a.url,
                        },
                    )
                    for a in record.accessibility.all()
                ],
                "attributes": [attribute(a) for a in record.attributes.all()],
                "phones": [phone(p) for p in record.phones.all()],
                "languages": [language(lang) for lang in record.languages.all()],
            },
        )
    )
    return out


# --------------------------------------------------------------------------- services


def phone(record: Any) -> dict[str, Any]:
    return obj(
        {"id": record.id, "number": record.number},
        {
            "extension": record.extension,
            "type": record.type,
            "description": record.description,
            "contact_id": record.contact_id,
        },
    )


def language(record: Any) -> dict[str, Any]:
    return obj(
        {"id": record.id},
        {
            "service_id": record.service_id,
            "phone_id": record.phone_id,
            "name": record.name,
            "code": record.code,
            "note": record.note,
        },
    )


def schedule(record: Schedule) -> dict[str, Any]:
    return obj(
        {"id": record.id},
        {
            "service_id": record.service_id,
            "service_at_location_id": record.service_at_location_id,
            "valid_from": record.valid_from,
            "valid_to": record.valid_to,
            "dtstart": record.dtstart,
            "freq": record.freq,
            "interval": record.interval,
            "byday": record.byday,
            "bymonthday": record.bymonthday,
            "description": record.description,
            "opens_at": record.opens_at,
            "closes_at": record.closes_at,
            "schedule_link": record.schedule_link,
            "attending_type": record.get_attending_type_display() if record.attending_type else "",
            "notes": record.notes,
            "cohesion_term_time": record.term_time,
        },
    )


def service_summary(record: Service, *, with_organisation: bool = True) -> dict[str, Any]:
    """The one-to-one fields (``service_list``), with the organisation's."""
    out = obj(
        {"id": record.id, "name": record.name, "status": record.status},
        {
            "organization_id": record.organisation_id,
            "description": record.description,
            "url": record.url,
            "email": record.email,
            "fees": record.fees,
            "accreditations": record.accreditations,
            "minimum_age": record.minimum_age,
            "maximum_age": record.maximum_age,
            "assured_date": record.assured_date,
            "assurer_email": record.assurer_email,
            "alert": record.alert,
            "last_modified": record.last_modified,
            "application_process": record.application_process,
            "eligibility_description": record.eligibility_description,
            "cohesion_referral_route": record.referral_route,
            "cohesion_no_recourse_to_public_funds": record.no_recourse,
            "cohesion_last_checked": record.last_checked,
        },
    )
    if with_organisation:
        out["organization"] = organisation_summary(record.organisation)
    return out


def service_full(record: Service, *, with_locations: bool = True) -> dict[str, Any]:
    out = service_summary(record, with_organisation=False)
    out.update(
        obj(
            {},
            {
                "schedules": [schedule(s) for s in service_schedules(record)],
                "service_areas": [
                    obj(
                        {"id": a.id},
                        {
                            "service_id": record.id,
                            "name": a.name,
                            "extent": a.extent,
                            "extent_type": a.extent_type,
                            "uri": a.uri,
                            "service_area": a.description,
                            "cohesion_gss_code": a.area_code,
                        },
                    )
                    for a in record.service_areas.all()
                ],
                "service_at_locations": [
                    obj(
                        {"id": at.id},
                        {
                            "service_id": record.id,
                            "location_id": at.location_id,
                            "description": at.description,
                            "location": location_full(at.location),
                        },
                    )
                    for at in record.at_locations.all()
                ]
                if with_locations
                else [],
                "languages": [language(lang) for lang in record.languages.all()],
                "organization": organisation_nested(record.organisation),
                "funding": [obj({"id": f.id}, {"source": f.source}) for f in record.funding.all()],
                "cost_options": [
                    obj(
                        {"id": c.id},
                        {
                            "service_id": record.id,
                            "valid_from": c.valid_from,
                            "valid_to": c.valid_to,
                            "option": c.option,
                            "amount": c.amount,
                            "currency": c.currency,
                            "amount_description": c.amount_description,
                        },
                    )
                    for c in record.cost_options.all()
                ],
                "contacts": [
                    obj(
                        {"id": c.id},
                        {
                            "service_id": record.id,
                            "name": c.name,
                            "title": c.title,
                            "department": c.department,
                            "email": c.email,
                            "phones": [phone(p) for p in c.phones.all()],
                        },
                    )
                    for c in record.contacts.all()
                ],
                "phones": [phone(p) for p in record.phones.all()],
                "required_documents": [
                    obj(
                        {"id": d.id},
                        {"service_id": record.id, "document": d.document, "uri": d.uri},
                    )
                    for d in record.required_documents.all()
                ],
                "attributes": [attribute(a) for a in record.attributes.all()],
                "cohesion_eligible_groups": [e.group for e in record.eligibility.all()],
            },
        )
    )
    return out


def service_at_location_summary(record: ServiceAtLocation) -> dict[str, Any]:
    return obj(
        {"id": record.id},
        {
            "service_id": record.service_id,
            "location_id": record.location_id,
            "description": record.description,
            "location": location_summary(record.location),
            "service": service_summary(record.service),
        },
    )


def service_at_location_full(record: ServiceAtLocation) -> dict[str, Any]:
    return obj(
        {"id": record.id},
        {
            "service_id": record.service_id,
            "location_id": record.location_id,
            "description": record.description,
            "location": location_full(record.location),
            "service": service_full(record.service, with_locations=False),
        },
    )


# --------------------------------------------------------------------------- what to fetch


def _attributes(prefix: str) -> Prefetch[Any]:
    return Prefetch(
        f"{prefix}attributes", queryset=Attribute.objects.select_related("taxonomy_term__taxonomy")
    )


def location_prefetches(prefix: str = "") -> list[Any]:
    return [
        f"{prefix}addresses",
        f"{prefix}accessibility",
        f"{prefix}phones",
        f"{prefix}languages",
        _attributes(prefix),
    ]


def organisation_prefetches(prefix: str = "") -> list[Any]:
    return [f"{prefix}identifiers", f"{prefix}funding", f"{prefix}phones", _attributes(prefix)]


def with_full_services(queryset: QuerySet[Service], *, locations: bool = True) -> QuerySet[Service]:
    """Everything :func:`service_full` reads, fetched in a fixed number of queries."""
    prefetches: list[Any] = [
        Prefetch("at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
        "at_locations__schedules",  # every session, as the search lists them
        "schedules",
        "service_areas",
        "languages",
        "funding",
        "cost_options",
        "contacts__phones",
        "phones",
        "required_documents",
        "eligibility",
        _attributes(""),
        *organisation_prefetches("organisation__"),
    ]
    if locations:
        prefetches += location_prefetches("at_locations__location__")
    return queryset.select_related("organisation").prefetch_related(*prefetches)
