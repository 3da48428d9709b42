"""Directory import and export: Open Referral UK feeds (JSON) and the HSDS 3.0 tabular CSV package.

Both formats pass through one form, the HSDS tabular tables (``services.csv``,
``locations.csv``...) as lists of rows keyed by HSDS column names. A feed of
nested services is flattened into those tables; a CSV package is read into them;
:func:`store_tables` checks every row and writes them all in one transaction, so
a file with any bad row changes nothing and the errors name each row
(``services.csv row 4: name: This field cannot be blank.``). Records keep their
Open Referral ids, so importing the same feed again updates rather than doubles.
Export writes the same tables (and the same nested services as the API).

Cohesion's own fields that neither standard has travel as ``cohesion_*`` columns
(see :mod:`cohesion.directory.openreferral.serialise`).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction

from cohesion.core.db import refresh_statistics
from cohesion.core.exports import neutralise
from cohesion.core.tables import TableError, read_rows
from cohesion.directory import models as m
from cohesion.directory.choices import EligibleGroup, PublicationState

MAX_REPORTED_ERRORS = 50
SCHEMA = Path(__file__).parent / "openreferral/schema/uk_service.json"


class ImportFailed(ValueError):
    """Nothing was imported; ``errors`` says what is wrong with which row."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = len(errors) - len(shown)
        super().__init__(
            "Nothing was imported. "
            + " ".join(shown)
            + (f" … and {more} more problems." if more > 0 else "")
        )
        self.errors = errors


@dataclass(frozen=True)
class Table:
    """One HSDS tabular file: its model, and each column's model field (``None``: read, not stored)."""

    path: str
    model: type[models.Model]
    columns: dict[str, str]
    entry: bool = False  # carries council, state and source
    self_link: str = ""  # a column naming a row of the same table (written in a second pass)
    keep_existing: bool = False  # vocabulary: a record already held is used, not rewritten


TABLES: tuple[Table, ...] = (
    Table(
        "taxonomies.csv",
        m.Taxonomy,
        {
            "id": "id",
            "name": "name",
            "description": "description",
            "uri": "uri",
            "version": "version",
        },
    ),
    Table(
        "taxonomy_terms.csv",
        m.TaxonomyTerm,
        {
            "id": "id",
            "code": "code",
            "name": "name",
            "description": "description",
            "taxonomy_id": "taxonomy_id",
            "language": "language",
            "term_uri": "term_uri",
            "parent_id": "parent_id",
        },
        self_link="parent_id",
        keep_existing=True,
    ),
    Table(
        "organizations.csv",
        m.Organisation,
        {
            "id": "id",
            "name": "name",
            "description": "description",
            "email": "email",
            "website": "website",
            "logo": "logo",
            "uri": "uri",
            "parent_organization_id": "parent_id",
        },
        entry=True,
        self_link="parent_organization_id",
    ),
    Table(
        "organization_identifiers.csv",
        m.OrganisationIdentifier,
        {
            "id": "id",
            "organization_id": "organisation_id",
            "identifier_scheme": "identifier_scheme",
            "identifier_type": "identifier_type",
            "identifier": "identifier",
        },
    ),
    Table(
        "locations.csv",
        m.Location,
        {
            "id": "id",
            "location_type": "location_type",
            "url": "url",
            "organization_id": "organisation_id",
            "name": "name",
            "alternate_name": "alternate_name",
            "description": "description",
            "transportation": "transportation",
            "latitude": "latitude",
            "longitude": "longitude",
            "external_identifier": "external_identifier",
            "external_identifier_type": "external_identifier_type",
        },
        entry=True,
    ),
    Table(
        "addresses.csv",
        m.Address,
        {
            "id": "id",
            "location_id": "location_id",
            "attention": "attention",
            "address_1": "address_1",
            "address_2": "address_2",
            "city": "city",
            "region": "region",
            "state_province": "state_province",
            "postal_code": "postal_code",
            "country": "country",
            "address_type": "address_type",
        },
    ),
    Table(
        "accessibility.csv",
        m.Accessibility,
        {
            "id": "id",
            "location_id": "location_id",
            "description": "description",
            "details": "details",
            "url": "url",
        },
    ),
    Table(
        "services.csv",
        m.Service,
        {
            "id": "id",
            "organization_id": "organisation_id",
            "name": "name",
            "description": "description",
            "url": "url",
            "email": "email",
            "status": "status",
            "application_process": "application_process",
            "fees_description": "fees",
            "accreditations": "accreditations",
            "eligibility_description": "eligibility_description",
            "minimum_age": "minimum_age",
            "maximum_age": "maximum_age",
            "assured_date": "assured_date",
            "assurer_email": "assurer_email",
            "alert": "alert",
            "cohesion_referral_route": "referral_route",
            "cohesion_no_recourse_to_public_funds": "no_recourse",
            "cohesion_last_checked": "last_checked",
            "cohesion_eligible_groups": "",  # who it is for: group codes, comma-separated
        },
        entry=True,
    ),
    Table(
        "service_at_location.csv",
        m.ServiceAtLocation,
        {
            "id": "id",
            "service_id": "service_id",
            "location_id": "location_id",
            "description": "description",
        },
    ),
    Table(
        "contacts.csv",
        m.Contact,
        {
            "id": "id",
            "organization_id": "organisation_id",
            "service_id": "service_id",
            "service_at_location_id": "service_at_location_id",
            "location_id": "location_id",
            "name": "name",
            "title": "title",
            "department": "department",
            "email": "email",
        },
    ),
    Table(
        "phones.csv",
        m.Phone,
        {
            "id": "id",
            "location_id": "location_id",
            "service_id": "service_id",
            "organization_id": "organisation_id",
            "contact_id": "contact_id",
            "service_at_location_id": "service_at_location_id",
            "number": "number",
            "extension": "extension",
            "type": "type",
            "description": "description",
        },
    ),
    Table(
        "schedules.csv",
        m.Schedule,
        {
            "id": "id",
            "service_id": "service_id",
            "service_at_location_id": "service_at_location_id",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "dtstart": "dtstart",
            "freq": "freq",
            "interval": "interval",
            "byday": "byday",
            "bymonthday": "bymonthday",
            "description": "description",
            "opens_at": "opens_at",
            "closes_at": "closes_at",
            "schedule_link": "schedule_link",
            "notes": "notes",
            "cohesion_term_time": "term_time",
        },
    ),
    Table(
        "languages.csv",
        m.Language,
        {
            "id": "id",
            "service_id": "service_id",
            "location_id": "location_id",
            "phone_id": "phone_id",
            "name": "name",
            "code": "code",
            "note": "note",
        },
    ),
    Table(
        "cost_options.csv",
        m.CostOption,
        {
            "id": "id",
            "service_id": "service_id",
            "valid_from": "valid_from",
            "valid_to": "valid_to",
            "option": "option",
            "currency": "currency",
            "amount": "amount",
            "amount_description": "amount_description",
        },
    ),
    Table(
        "funding.csv",
        m.Funding,
        {
            "id": "id",
            "organization_id": "organisation_id",
            "service_id": "service_id",
            "source": "source",
        },
    ),
    Table(
        "service_areas.csv",
        m.ServiceArea,
        {
            "id": "id",
            "service_id": "service_id",
            "name": "name",
            "description": "description",
            "extent": "extent",
            "extent_type": "extent_type",
            "uri": "uri",
            "cohesion_gss_code": "area_code",
        },
    ),
    Table(
        "required_documents.csv",
        m.RequiredDocument,
        {"id": "id", "service_id": "service_id", "document": "document", "uri": "uri"},
    ),
    Table(
        "attributes.csv",
        m.Attribute,
        {
            "id": "id",
            "link_id": "",
            "link_entity": "",
            "link_type": "link_type",
            "taxonomy_term_id": "taxonomy_term_id",
            "value": "value",
        },
    ),
)
TABLE_BY_PATH = {table.path: table for table in TABLES}
ATTRIBUTE_LINKS = {
    "service": "service_id",
    "organization": "organisation_id",
    "location": "location_id",
    "service_at_location": "service_at_location_id",
}
Rows = dict[str, list[dict[str, Any]]]


@dataclass
class ImportReport:
    """What an import wrote, table by table."""

    written: dict[str, int] = field(default_factory=dict)

    @property
    def services(self) -> int:
        return self.written.get("services.csv", 0)


# --------------------------------------------------------------------------- storing


def _convert(model: type[models.Model], name: str, value: Any) -> Any:
    """A cell (text or JSON value) as the model field wants it; blank is empty."""
    model_field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None if getattr(model_field, "null", False) or model_field.is_relation else ""
    if isinstance(value, str):
        value = value.strip()
    if isinstance(model_field, (models.ForeignKey, models.UUIDField)):
        return uuid.UUID(str(value))
    if isinstance(model_field, models.DecimalField):
        return Decimal(str(value))
    if isinstance(model_field, models.FloatField):
        return float(value)
    if isinstance(model_field, models.PositiveSmallIntegerField):
        number = float(value)
        if number != int(number):
            raise ValueError("must be a whole number")
        return int(number)
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(model_field, models.TimeField) and isinstance(value, str):
        return dt.time.fromisoformat(value.rstrip("Z")[:8])
    return value if isinstance(value, str) else str(value)


def _instance(
    table: Table, row: dict[str, Any], *, council_code: str, state: str, source: str
) -> models.Model:
    values: dict[str, Any] = {}
    for column, name in table.columns.items():
        if not name or column == table.self_link or column not in row:
            continue
        try:
            values[name] = _convert(table.model, name, row[column])
        except (ValueError, TypeError, InvalidOperation, ArithmeticError):
            raise ValidationError({column: f"“{row[column]}” cannot be read"}) from None
    if table.model is m.Attribute:
        entity = str(row.get("link_entity") or "service").strip()
        if entity not in ATTRIBUTE_LINKS:
            raise ValidationError(
                {"link_entity": f"“{entity}” is not a record an attribute can tag"}
            )
        try:
            values[ATTRIBUTE_LINKS[entity]] = uuid.UUID(str(row.get("link_id")))
        except ValueError:
            raise ValidationError({"link_id": "is not an Open Referral id"}) from None
    if table.entry:
        values.update(council_code=council_code, state=state, source=source)
    return table.model(**values)


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(msg) for inner in errors for msg in inner.messages)}"
            for name, errors in error.error_dict.items()
        )
    return " ".join(error.messages)


def store_tables(
    tables: Rows,
    *,
    council_code: str,
    state: str = PublicationState.IN_REVIEW,
    source: str = "",
) -> ImportReport:
    """Check and write every row in one transaction; raise :class:`ImportFailed` if any row is bad."""
    unknown = sorted(set(tables) - set(TABLE_BY_PATH))
    errors: list[str] = [
        f"{path}: Cohesion does not read this table." for path in unknown if path.endswith(".json")
    ]
    if not tables.get("services.csv"):
        errors.append("services.csv: there are no services to import.")
    report = ImportReport()
    imported: list[Any] = []  # services written, for their history
    with transaction.atomic():
        for table in TABLES:
            links: list[tuple[models.Model, Any]] = []
            seen: set[str] = set()
            for number, row in enumerate(tables.get(table.path, []), start=2):
                where = f"{table.path} row {number}"
                if str(row.get("id", "")) in seen:
                    errors.append(f"{where}: the id {row.get('id')} is used twice.")
                    continue
                seen.add(str(row.get("id", "")))
                try:
                    instance = _instance(
                        table, row, council_code=council_code, state=state, source=source
                    )
                    held = table.model._default_manager.filter(pk=instance.pk).exists()
                    instance._state.adding = not held  # an id already held is updated
                    instance.full_clean(validate_unique=False)
                except ValidationError as exc:
                    errors.append(f"{where}: {_message(exc)}.")
                    continue
                if errors or (held and table.keep_existing):
                    continue  # after an error keep checking, but write nothing more
                if held:
                    instance.save(update_fields=_updatable(table.model))
                else:
                    instance.save()
                if table.model is m.Service:
                    errors += _store_groups(instance, row.get("cohesion_eligible_groups"), where)
                    imported.append(instance.pk)
                if table.self_link and row.get(table.self_link):
                    links.append((instance, row[table.self_link]))
                report.written[table.path] = report.written.get(table.path, 0) + 1
            for instance, target in links:
                try:
                    parent = table.model._default_manager.get(pk=uuid.UUID(str(target)))
                except (ValueError, table.model.DoesNotExist):  # type: ignore[attr-defined]
                    errors.append(
                        f"{table.path}: {instance.pk} names a parent {target} that is not in the file."
                    )
                    continue
                instance.parent = parent  # type: ignore[attr-defined]
                instance.save(update_fields=["parent"])
        if errors:
            transaction.set_rollback(True)
        else:
            from cohesion.directory.maintaining import record_imported

            record_imported(imported, source or "an import")
    if errors:
        raise ImportFailed(errors)
    refresh_statistics(apps.get_app_config("directory").get_models())
    return report


def _store_groups(service: Any, text: Any, where: str) -> list[str]:
    """The service's eligible groups, from its ``cohesion_eligible_groups`` cell."""
    groups = [g.strip() for g in str(text or "").split(",") if g.strip()]
    unknown = [g for g in groups if g not in EligibleGroup.values]
    if unknown:
        return [
            f"{where}: cohesion_eligible_groups: {', '.join(unknown)} is not a group Cohesion knows."
        ]
    service.eligibility.exclude(group__in=groups).delete()
    for group in groups:
        m.Eligibility.objects.get_or_create(
            service=service, group=group, defaults={"id": uuid.uuid5(service.id, group)}
        )
    return []


def _updatable(model: type[models.Model]) -> list[str]:
    """Every stored field but the id and when the record was first made."""
    return [
        f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != "created_at"
    ]


# --------------------------------------------------------------------------- reading files


@functools.cache
def _service_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(
        json.loads(SCHEMA.read_text()), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def read_feed(content: bytes) -> list[dict[str, Any]]:
    """The services of an Open Referral feed: a JSON list, a page with ``contents``, one service, or ndjson."""
    text = content.decode("utf-8-sig")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                [f"The file is not JSON or newline-delimited JSON (line {exc.lineno}): {exc.msg}."]
            ) from None
    if isinstance(data, dict):
        data = data.get("contents", [data])
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise ImportFailed(["The file does not hold a list of Open Referral services."])
    return data


def feed_errors(services: list[dict[str, Any]]) -> list[str]:
    """Every way each service breaks the Open Referral UK service schema."""
    errors = []
    for number, service in enumerate(services, start=1):
        label = f"Service {number}" + (f" (“{service['name']}”)" if service.get("name") else "")
        for error in _service_validator().iter_errors(service):
            path = "/".join(str(p) for p in error.absolute_path) or "(the service)"
            errors.append(f"{label}: {path}: {error.message}.")
        if isinstance(service.get("name"), str) and not service["name"].strip():
            errors.append(f"{label}: name: a service needs a name.")
    return errors


def tables_from_feed(services: list[dict[str, Any]]) -> Rows:
    """Flatten nested Open Referral services into HSDS tabular rows (one row per id)."""
    tables: dict[str, dict[str, dict[str, Any]]] = {t.path: {} for t in TABLES}

    def put(path: str, row: dict[str, Any], **links: Any) -> None:
        flat = {k: v for k, v in row.items() if not isinstance(v, (dict, list))}
        flat.update({k: v for k, v in links.items() if v is not None})
        held = tables[path].setdefault(str(flat.get("id")), flat)
        for key, value in flat.items():  # a phone of a service and of its contact: both links
            if held.get(key) in (None, ""):
                held[key] = value

    def terms_of(attributes: list[dict[str, Any]], entity: str, link_id: Any) -> None:
        for attribute in attributes:
            term = attribute.get("taxonomy_term")
            if term:
                if term.get("taxonomy_id"):
                    put(
                        "taxonomies.csv",
                        {
                            "id": term["taxonomy_id"],
                            "name": term.get("taxonomy") or "Imported",
                            "description": "",
                        },
                    )
                put("taxonomy_terms.csv", term)
            put("attributes.csv", attribute, link_entity=entity, link_id=link_id)

    def phones_of(phones: list[dict[str, Any]], **links: Any) -> None:
        for phone in phones:
            put("phones.csv", phone, **links)

    def location_of(location: dict[str, Any]) -> None:
        put("locations.csv", location)
        for address in location.get("addresses", []):
            put("addresses.csv", address, location_id=location["id"])
        for item in location.get("accessibility", []):
            put("accessibility.csv", item, location_id=location["id"])
        phones_of(location.get("phones", []), location_id=location["id"])
        for language in location.get("languages", []):
            put("languages.csv", _language(language), location_id=location["id"])
        terms_of(location.get("attributes", []), "location", location["id"])

    for service in services:
        organisation = service.get("organization") or {}
        service_id = service["id"]
        if organisation:
            put("organizations.csv", organisation)
            for identifier in organisation.get("organization_identifiers", []):
                put("organization_identifiers.csv", identifier, organization_id=organisation["id"])
            terms_of(organisation.get("attributes", []), "organization", organisation["id"])
            phones_of(organisation.get("phones", []), organization_id=organisation["id"])
        row = dict(service)
        row.setdefault("organization_id", organisation.get("id"))
        row["fees_description"] = service.get("fees_description") or service.get("fees")
        row["cohesion_eligible_groups"] = ",".join(service.get("cohesion_eligible_groups", []))
        put("services.csv", row)
        for schedule in service.get("schedules", []):
            put("schedules.csv", schedule, service_id=service_id)
        for area in service.get("service_areas", []):
            put(
                "service_areas.csv",
                {**area, "description": area.get("service_area", "")},
                service_id=service_id,
            )
        for at in service.get("service_at_locations", []):
            if at.get("location"):
                location_of(at["location"])
            put(
                "service_at_location.csv",
                at,
                service_id=service_id,
                location_id=(at.get("location") or {}).get("id") or at.get("location_id"),
            )
        for language in service.get("languages", []):
            put("languages.csv", _language(language), service_id=service_id)
        for funding in service.get("funding", []):
            put("funding.csv", funding, service_id=service_id)
        for cost in service.get("cost_options", []):
            put("cost_options.csv", cost, service_id=service_id)
        for contact in service.get("contacts", []):
            put("contacts.csv", contact, service_id=service_id)
            phones_of(contact.get("phones", []), contact_id=contact["id"])
        phones_of(service.get("phones", []), service_id=service_id)
        for document in service.get("required_documents", []):
            put("required_documents.csv", document, service_id=service_id)
        terms_of(service.get("attributes", []), "service", service_id)
    return {path: list(rows.values()) for path, rows in tables.items() if rows}


def _language(row: dict[str, Any]) -> dict[str, Any]:
    """A UK-profile language carries only ids: it still needs a name to be stored."""
    return {
        **row,
        "name": row.get("name") or row.get("code") or "Not stated",
        "code": row.get("code") or "",
    }


def import_feed(
    content: bytes, *, council_code: str, state: str = PublicationState.IN_REVIEW, source: str = ""
) -> ImportReport:
    """Import an Open Referral UK feed (services, nested as ``/services/{id}`` gives them)."""
    services = read_feed(content)
    errors = feed_errors(services)
    if errors:
        raise ImportFailed(errors)
    return store_tables(
        tables_from_feed(services), council_code=council_code, state=state, source=source
    )


def read_package(path: Path) -> Rows:
    """The CSV files of an HSDS tabular package: a folder or a zip of ``services.csv``, ``locations.csv``..."""
    files: dict[str, bytes] = {}
    if path.is_dir():
        files = {p.name: p.read_bytes() for p in sorted(path.glob("*.csv"))}
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            files = {
                Path(n).name: archive.read(n) for n in archive.namelist() if n.endswith(".csv")
            }
    else:
        raise ImportFailed([f"{path.name}: give a folder or a zip of HSDS CSV files."])
    tables: Rows = {}
    errors = []
    for name, content in files.items():
        if name not in TABLE_BY_PATH:
            continue
        try:
            rows = read_rows(name, content)
        except TableError as exc:
            errors.append(f"{name}: {exc}")
            continue
        heading, *body = rows
        tables[name] = [dict(zip(heading, row, strict=False)) for row in body]
    if errors:
        raise ImportFailed(errors)
    return tables


def import_package(
    path: Path, *, council_code: str, state: str = PublicationState.IN_REVIEW, source: str = ""
) -> ImportReport:
    return store_tables(
        read_package(path), council_code=council_code, state=state, source=source or path.name
    )


# --------------------------------------------------------------------------- exporting


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.time, uuid.UUID, Decimal)):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return neutralise(value)


def export_tables(council_code: str) -> Iterator[tuple[str, list[str], Iterable[list[Any]]]]:
    """(file name, heading, rows) of each HSDS table, for the council's published directory."""
    services = m.Service.objects.filter(council_code=council_code, state=PublicationState.PUBLISHED)
    selections: dict[type[models.Model], Callable[[], Any]] = {
        m.Taxonomy: lambda: m.Taxonomy.objects.all(),
        m.TaxonomyTerm: lambda: m.TaxonomyTerm.objects.all(),
        m.Organisation: lambda: m.Organisation.objects.filter(
            id__in=services.values("organisation_id")
        ),
        m.OrganisationIdentifier: lambda: m.OrganisationIdentifier.objects.filter(
            organisation__in=services.values("organisation_id")
        ),
        m.Location: lambda: m.Location.objects.filter(
            id__in=m.ServiceAtLocation.objects.filter(service__in=services).values("location_id")
        ),
        m.Address: lambda: m.Address.objects.filter(
            location__services_at__service__in=services
        ).distinct(),
        m.Accessibility: lambda: m.Accessibility.objects.filter(
            location__services_at__service__in=services
        ).distinct(),
        m.Service: lambda: services.prefetch_related("eligibility"),
        m.ServiceAtLocation: lambda: m.ServiceAtLocation.objects.filter(service__in=services),
        m.Contact: lambda: m.Contact.objects.filter(service__in=services),
        m.Phone: lambda: m.Phone.objects.filter(
            models.Q(service__in=services)
            | models.Q(contact__service__in=services)
            | models.Q(organisation__services__in=services)
        ).distinct(),
        m.Schedule: lambda: m.Schedule.objects.filter(service__in=services),
        m.Language: lambda: m.Language.objects.filter(service__in=services),
        m.CostOption: lambda: m.CostOption.objects.filter(service__in=services),
        m.Funding: lambda: m.Funding.objects.filter(service__in=services),
        m.ServiceArea: lambda: m.ServiceArea.objects.filter(service__in=services),
        m.RequiredDocument: lambda: m.RequiredDocument.objects.filter(service__in=services),
        m.Attribute: lambda: m.Attribute.objects.filter(service__in=services),
    }
    for table in TABLES:
        heading = list(table.columns)
        queryset = selections[table.model]().order_by("pk")

        def rows(queryset: Any = queryset, table: Table = table) -> Iterator[list[Any]]:
            for record in queryset.iterator(chunk_size=500):
                out = []
                for column, name in table.columns.items():
                    if table.model is m.Attribute and column in ("link_id", "link_entity"):
                        out.append(_cell(getattr(record, column)))
                    elif column == "cohesion_eligible_groups":
                        out.append(",".join(e.group for e in record.eligibility.all()))
                    else:
                        out.append(_cell(getattr(record, name)))
                yield out

        yield table.path, heading, rows()


def write_package(council_code: str, target: Path) -> dict[str, int]:
    """Write the HSDS tabular package to a folder or, for a ``.zip`` name, a zip; returns rows per file."""
    counts: dict[str, int] = {}
    files: dict[str, str] = {}
    for path, heading, rows in export_tables(council_code):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(heading)
        counts[path] = 0
        for row in rows:
            writer.writerow(row)
            counts[path] += 1
        files[path] = buffer.getvalue()
    files["datapackage.json"] = json.dumps(
        {
            "name": "cohesion-directory",
            "profile": "tabular-data-package",
            "resources": [
                {
                    "name": p.removesuffix(".csv"),
                    "path": p,
                    "format": "csv",
                    "mediatype": "text/csv",
                }
                for p in counts
            ],
        },
        indent=2,
    )
    if target.suffix == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(name, text)
    else:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (target / name).write_text(text, encoding="utf-8")
    return counts


def feed_services(council_code: str) -> Iterator[dict[str, Any]]:
    """The council's published services, nested as ``/openreferral/services/{id}`` gives them."""
    from cohesion.directory.openreferral.serialise import service_full, with_full_services

    services = m.Service.objects.filter(
        council_code=council_code,
        state=PublicationState.PUBLISHED,
        organisation__state=PublicationState.PUBLISHED,
    ).order_by("name", "id")
    for service in with_full_services(services).iterator(chunk_size=200):
        yield service_full(service)


def write_feed(council_code: str, target: Path, *, ndjson: bool = False) -> int:
    count = 0
    with target.open("w", encoding="utf-8") as out:
        if not ndjson:
            out.write("[\n")
        for service in feed_services(council_code):
            if not ndjson and count:
                out.write(",\n")
            out.write(json.dumps(service, ensure_ascii=False))
            if ndjson:
                out.write("\n")
            count += 1
        if not ndjson:
            out.write("\n]\n")
    return count
