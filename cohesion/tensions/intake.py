"""Taking in a report: from the public form, a reporting centre or partner staff.

:func:`submit_report` is the one way a report enters Cohesion. It

- places the report in a ward and council (from a point, a ward chosen from
  the list, or a council when the reporter is not sure of the ward);
- fixes the response deadlines from the category's :class:`ResponseTimescale`;
- writes the report, the reporter's contact details (encrypted, in their own
  table) and the first line of its history in **one transaction** (on
  PostgreSQL, one statement that also applies the hourly limit), committed
  before the caller responds, so an acknowledged report is never lost and a
  refused one leaves nothing behind;
- makes a double submission one report: a second request with the same
  idempotency key, or with the same content from the same sender on the same
  day, gets the first report back (the database's unique constraints decide
  races between concurrent requests);
- refuses more than ``REPORT_RATE_LIMIT_PER_HOUR`` reports an hour from one
  sender (keyed on a hashed address, never the address itself).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.models import Organisation
from cohesion.core.sql import insert_with_children
from cohesion.places.assignment import AssignmentError, assign_point_to_area
from cohesion.places.choices import Level
from cohesion.places.models import Area
from cohesion.tensions.calculations.timescales import due_at
from cohesion.tensions.choices import (
    Category,
    Channel,
    EventKind,
    LocationSource,
    Status,
)
from cohesion.tensions.models import Report, ReporterContact, ReportEvent, ResponseTimescale
from cohesion.tensions.models.reports import new_reference


class IntakeError(ValueError):
    """A report cannot be accepted; the message is safe to show to the person reporting."""


class RateLimited(IntakeError):
    """Too many reports from one sender in the last hour."""


class PlaceError(IntakeError):
    """The place given cannot be matched to an area Cohesion covers."""


# ---------------------------------------------------------------------------
# Wards and councils that reports can be placed in
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WardInfo:
    code: str
    name: str
    council_code: str
    council_name: str
    generation: str


@dataclass(frozen=True)
class WardDirectory:
    """The current wards, grouped by council: the list the public form offers."""

    wards: dict[str, WardInfo]
    councils: dict[str, str]  # council code -> name
    council_generation: dict[str, str]

    def grouped(self) -> list[tuple[str, str, list[WardInfo]]]:
        """(council code, council name, wards by name) for each council, by council name."""
        by_council: dict[str, list[WardInfo]] = {code: [] for code in self.councils}
        for ward in self.wards.values():
            by_council[ward.council_code].append(ward)
        return [
            (code, self.councils[code], sorted(by_council[code], key=lambda w: w.name))
            for code in sorted(self.councils, key=lambda c: self.councils[c])
        ]


_DIRECTORY_SECONDS = 300.0
_directory_lock = threading.Lock()
_directory: tuple[float, WardDirectory] | None = None


def ward_directory(refresh: bool = False) -> WardDirectory:
    """Current wards and their councils, read once every few minutes per process."""
    global _directory
    now = time.monotonic()
    with _directory_lock:
        if not refresh and _directory is not None and now - _directory[0] < _DIRECTORY_SECONDS:
            return _directory[1]
    rows = (
        Area.objects.current(Level.WARD)
        .filter(parent__level=Level.COUNCIL)
        .values_list("code", "name", "parent__code", "parent__name", "generation__code")
    )
    wards: dict[str, WardInfo] = {}
    councils: dict[str, str] = {}
    council_generation: dict[str, str] = {}
    for code, name, council_code, council_name, generation in rows:
        wards[code] = WardInfo(code, name, council_code, council_name, generation)
        councils[council_code] = council_name
        council_generation[council_code] = generation
    directory = WardDirectory(wards, councils, council_generation)
    with _directory_lock:
        _directory = (now, directory)
    return directory


def clear_caches() -> None:
    """Forget cached wards and timescales (after loading places or changing a timescale)."""
    global _directory, _timescales
    with _directory_lock:
        _directory = None
        _timescales = None


@dataclass(frozen=True)
class Placement:
    ward_code: str = ""
    ward_name: str = ""
    council_code: str = ""
    council_name: str = ""
    generation: str = ""
    source: str = LocationSource.NONE


def place_report(
    *,
    longitude: float | None = None,
    latitude: float | None = None,
    area_code: str = "",
    on_date: dt.date | None = None,
) -> Placement:
    """The ward and council of a report, from a point or from a ward or council code.

    A point wins over a code. Raises :class:`PlaceError` with a plain message
    when the point is outside every ward Cohesion covers or the code is unknown.
    """
    directory = ward_directory()
    if longitude is not None and latitude is not None:
        try:
            ward = assign_point_to_area(longitude, latitude, Level.WARD, on_date)
        except AssignmentError:
            raise PlaceError(
                _("The place marked on the map is outside the areas this service covers.")
            ) from None
        info = directory.wards.get(ward.code)
        if info is None:
            raise PlaceError(
                _("The place marked on the map is outside the areas this service covers.")
            )
        return Placement(
            info.code,
            info.name,
            info.council_code,
            info.council_name,
            info.generation,
            LocationSource.POINT,
        )
    if area_code:
        info = directory.wards.get(area_code)
        if info is not None:
            return Placement(
                info.code,
                info.name,
                info.council_code,
                info.council_name,
                info.generation,
                LocationSource.WARD_LIST,
            )
        if area_code in directory.councils:
            return Placement(
                "",
                "",
                area_code,
                directory.councils[area_code],
                directory.council_generation[area_code],
                LocationSource.WARD_LIST,
            )
        raise PlaceError(_("Choose an area from the list."))
    return Placement()


# ---------------------------------------------------------------------------
# Response timescales
# ---------------------------------------------------------------------------

_TIMESCALE_SECONDS = 60.0
_timescales: tuple[float, dict[str, ResponseTimescale]] | None = None


def timescales() -> dict[str, ResponseTimescale]:
    """Response timescales by category, read once a minute per process."""
    global _timescales
    now = time.monotonic()
    cached = _timescales
    if cached is not None and now - cached[0] < _TIMESCALE_SECONDS:
        return cached[1]
    found = {t.category: t for t in ResponseTimescale.objects.all()}
    _timescales = (now, found)
    return found


def due_dates(
    category: str, received: dt.datetime
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(first contact due, senior contact due) for a report of ``category`` received at ``received``."""
    scale = timescales().get(category)
    if scale is None:
        return None, None
    first = due_at(received, scale.first_contact_amount, scale.first_contact_unit)
    senior = None
    if scale.senior_contact_amount is not None and scale.senior_contact_unit:
        senior = due_at(received, scale.senior_contact_amount, scale.senior_contact_unit)
    return first, senior


# ---------------------------------------------------------------------------
# Submission
# ---------------------------------------------------------------------------


@dataclass
class ContactDetails:
    name: str = ""
    email: str = ""
    phone: str = ""
    safe_contact_notes: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone or self.safe_contact_notes)


@dataclass
class ReportInput:
    """Everything a form collects about one report, already validated by the form."""

    category: str
    description: str
    reporter_role: str
    channel: str = Channel.PUBLIC_ONLINE
    motivations: Sequence[str] = ()
    tension_type: str = ""
    occurred_at: dt.datetime | None = None
    occurred_approximate: bool = False
    occurred_time_known: bool = True
    location_text: str = ""
    longitude: float | None = None
    latitude: float | None = None
    area_code: str = ""
    told_police: str = ""
    wants_support: bool = False
    consent_police: bool = False
    consent_partners: bool = False
    eep: str = ""
    on_behalf_of: str = ""
    language: str = ""
    synthetic: bool = False
    contact: ContactDetails = field(default_factory=ContactDetails)


@dataclass(frozen=True)
class SubmitResult:
    report: Report
    created: bool

    @property
    def has_contact(self) -> bool:
        """Whether contact details are held for the report (a query only for a repeated submission)."""
        if self.created:
            return bool(getattr(self.report, "_contact_given", False))
        return ReporterContact.objects.filter(report=self.report).exists()


def content_hash(data: ReportInput, sender: str, day: dt.date) -> str:
    """A fingerprint of what was reported, from where (hashed), with which contact details and on which day.

    The same words sent twice by the same sender on the same day are one report.
    """
    payload = {
        "category": data.category,
        "motivations": sorted(data.motivations),
        "tension_type": data.tension_type,
        "description": " ".join(data.description.split()),
        "occurred_at": data.occurred_at.isoformat() if data.occurred_at else "",
        "location_text": " ".join(data.location_text.split()).lower(),
        "point": [data.longitude, data.latitude],
        "area": data.area_code,
        "role": data.reporter_role,
        "channel": data.channel,
        # Two people behind one address who send the same words with different
        # contact details are two reports.
        "contact": [
            data.contact.name.strip().lower(),
            data.contact.email.strip().lower(),
            "".join(ch for ch in data.contact.phone if ch.isdigit()),
        ],
        "sender": sender,
        "day": day.isoformat(),
    }
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def _existing(idempotency_key: str, fingerprint: str) -> Report | None:
    if idempotency_key:
        found = Report.objects.filter(idempotency_key=idempotency_key).order_by().first()
        if found is not None:
            return found
    if fingerprint:
        return Report.objects.filter(content_hash=fingerprint).order_by().first()
    return None


@dataclass(frozen=True)
class SenderWindow:
    """The hourly limit on one sender: at most ``limit`` reports created at or after ``since``."""

    submitter_hash: str
    since: dt.datetime
    limit: int

    @classmethod
    def for_sender(cls, submitter_hash: str, now: dt.datetime | None = None) -> SenderWindow | None:
        if not submitter_hash:
            return None
        now = now or timezone.now()
        return cls(submitter_hash, now - dt.timedelta(hours=1), settings.REPORT_RATE_LIMIT_PER_HOUR)

    def reached(self) -> bool:
        """Is there a limit-th report in the window? (LIMIT 1 OFFSET limit-1 on the
        (submitter_hash, created_at) index: the check never counts past the limit.)"""
        return (
            Report.objects.filter(submitter_hash=self.submitter_hash, created_at__gte=self.since)
            .order_by()[self.limit - 1 : self.limit]
            .exists()
        )

    def sql(self, connection: Any) -> tuple[str, list[Any]]:
        """The same question as :meth:`reached`, as a condition for an INSERT ... SELECT."""
        quote = connection.ops.quote_name

        def field(name: str) -> Any:
            return Report._meta.get_field(name)

        # Identifiers from the model's metadata, quoted; the values are parameters.
        sql = (
            f"NOT EXISTS (SELECT 1 FROM {quote(Report._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(field('submitter_hash').column)} = %s "
            f"AND {quote(field('created_at').column)} >= %s LIMIT 1 OFFSET %s)"
        )
        return sql, [self.submitter_hash, self.since, self.limit - 1]


@dataclass
class NewReportRows:
    """What one accepted report writes: the report, its contact details if given, its first event."""

    report: Report
    contact: ReporterContact | None
    event: ReportEvent


def _store(rows: NewReportRows, window: SenderWindow | None) -> bool:
    """Write the report, its contact details and its first event together, or nothing.

    False (and nothing written) when the sender has reached the hourly limit.
    On PostgreSQL this is one statement, limit check included; elsewhere it is
    a check and one transaction of ORM saves. A unique constraint that refuses
    the report raises :class:`IntegrityError` with nothing written.
    """
    connection = connections[router.db_for_write(Report)]
    if connection.vendor == "postgresql":
        return _store_in_one_statement(connection, rows, window)
    return _store_with_orm(connection, rows, window)


def _store_in_one_statement(
    connection: Any, rows: NewReportRows, window: SenderWindow | None
) -> bool:
    children: list[tuple[Any, str]] = [(rows.event, "report_id")]
    if rows.contact is not None:
        children.insert(0, (rows.contact, "report_id"))
    where, where_params = window.sql(connection) if window else ("", [])

    def insert() -> bool:
        return (
            insert_with_children(connection, rows.report, children, where, where_params) is not None
        )

    if connection.in_atomic_block:
        # Inside the caller's transaction: a savepoint, so a refusal leaves it usable.
        with transaction.atomic(using=connection.alias):
            return insert()
    # In autocommit, one statement is atomic by itself: no BEGIN, no COMMIT.
    return insert()


def _store_with_orm(connection: Any, rows: NewReportRows, window: SenderWindow | None) -> bool:
    if window is not None and window.reached():
        return False
    with transaction.atomic(using=connection.alias):
        rows.report.save(force_insert=True, using=connection.alias)
        for child in (rows.contact, rows.event):
            if child is not None:
                child.report = rows.report
                child.save(force_insert=True, using=connection.alias)
    return True


def submit_report(
    data: ReportInput,
    *,
    idempotency_key: str = "",
    submitter_hash: str = "",
    entered_by: Any = None,
    entered_by_organisation: Organisation | None = None,
    now: dt.datetime | None = None,
    rate_limit: bool = True,
) -> SubmitResult:
    """Accept one report, or return the report already made by the same submission.

    Raises :class:`RateLimited` or :class:`PlaceError` (nothing is saved).
    """
    if data.category not in Category.values:
        raise IntakeError(_("Choose what you want to report."))
    now = now or timezone.now()
    sender = submitter_hash or (f"user:{entered_by.pk}" if entered_by is not None else "")
    fingerprint = content_hash(data, sender, timezone.localdate(now)) if sender else ""

    placement = place_report(
        longitude=data.longitude,
        latitude=data.latitude,
        area_code=data.area_code,
        on_date=timezone.localdate(now),
    )
    first_due, senior_due = due_dates(data.category, now)
    window = SenderWindow.for_sender(submitter_hash, now) if rate_limit else None

    for _attempt in range(5):
        report = Report(
            reference=new_reference(),
            category=data.category,
            motivations=list(data.motivations) if data.category == Category.HATE_INCIDENT else [],
            tension_type=data.tension_type if data.category == Category.TENSION else "",
            description=data.description,
            occurred_at=data.occurred_at,
            occurred_approximate=data.occurred_approximate,
            occurred_time_known=data.occurred_time_known,
            location_text=data.location_text,
            longitude=data.longitude,
            latitude=data.latitude,
            location_source=placement.source,
            ward_code=placement.ward_code,
            ward_name=placement.ward_name,
            council_code=placement.council_code,
            council_name=placement.council_name,
            area_generation=placement.generation,
            reporter_role=data.reporter_role,
            told_police=data.told_police,
            wants_support=data.wants_support,
            consent_police=data.consent_police,
            consent_partners=data.consent_partners,
            channel=data.channel,
            eep=data.eep,
            status=Status.NEW,
            first_contact_due=first_due,
            senior_contact_due=senior_due,
            entered_by=entered_by,
            entered_by_organisation=entered_by_organisation,
            on_behalf_of=data.on_behalf_of,
            language=data.language,
            synthetic=data.synthetic,
            idempotency_key=idempotency_key,
            content_hash=fingerprint,
            submitter_hash=submitter_hash,
            created_at=now,
        )
        contact = (
            None
            if data.contact.is_empty
            else ReporterContact(
                name=data.contact.name,
                email=data.contact.email,
                phone=data.contact.phone,
                safe_contact_notes=data.contact.safe_contact_notes,
                created_at=now,
            )
        )
        event = ReportEvent(
            at=now,
            kind=EventKind.CREATED,
            actor=entered_by,
            actor_username=entered_by.get_username() if entered_by is not None else "",
            organisation_name=str(entered_by_organisation or ""),
            on_behalf_of=data.on_behalf_of,
            to_status=Status.NEW,
            changes={"channel": data.channel},
        )
        try:
            stored = _store(NewReportRows(report, contact, event), window)
        except IntegrityError:
            existing = _existing(idempotency_key, fingerprint)
            if existing is not None:
                return SubmitResult(existing, False)
            continue  # the random reference was taken: draw another
        if not stored:
            # A repeat of a submission already accepted still gets its reference back.
            existing = _existing(idempotency_key, fingerprint)
            if existing is not None:
                return SubmitResult(existing, False)
            raise RateLimited(_("Too many reports have been sent from here in the last hour."))
        report._contact_given = contact is not None  # type: ignore[attr-defined]
        return SubmitResult(report, True)
    raise RuntimeError("Could not find a free reference after 5 attempts.")
