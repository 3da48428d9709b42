"""Taking in a report: from the public form, a reporting centre or partner staff.

:func:`submit_report` is the one way a report enters Cohesion. It

- places the report in a ward and council (from a point, a ward chosen from
  the list, or a council when the reporter is not sure of the ward);
- fixes the response deadlines from the category's :class:`ResponseTimescale`;
- writes the report, the reporter's contact details (encrypted, in their own
  table) and the first line of its history in **one transaction**, committed
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
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.accounts.models import Organisation
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


def check_rate_limit(submitter_hash: str, now: dt.datetime | None = None) -> None:
    """Raise :class:`RateLimited` when this sender has reached the hourly limit."""
    if not submitter_hash:
        return
    now = now or timezone.now()
    limit = settings.REPORT_RATE_LIMIT_PER_HOUR
    # Is there a limit-th report in the last hour? (LIMIT 1 OFFSET limit-1 on the
    # (submitter_hash, created_at) index: the check never counts past the limit.)
    at_limit = (
        Report.objects.filter(
            submitter_hash=submitter_hash, created_at__gte=now - dt.timedelta(hours=1)
        )
        .order_by()[limit - 1 : limit]
        .exists()
    )
    if at_limit:
        raise RateLimited(_("Too many reports have been sent from here in the last hour."))


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

    if rate_limit:
        try:
            check_rate_limit(submitter_hash, now)
        except RateLimited:
            # A repeat of a submission already accepted still gets its reference back.
            existing = _existing(idempotency_key, fingerprint)
            if existing is not None:
                return SubmitResult(existing, False)
            raise
    placement = place_report(
        longitude=data.longitude,
        latitude=data.latitude,
        area_code=data.area_code,
        on_date=timezone.localdate(now),
    )
    first_due, senior_due = due_dates(data.category, now)

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
        try:
            with transaction.atomic():
                report.save(force_insert=True)
                if not data.contact.is_empty:
                    ReporterContact.objects.create(
                        report=report,
                        name=data.contact.name,
                        email=data.contact.email,
                        phone=data.contact.phone,
                        safe_contact_notes=data.contact.safe_contact_notes,
                        created_at=now,
                    )
                ReportEvent.objects.create(
                    report=report,
                    at=now,
                    kind=EventKind.CREATED,
                    actor=entered_by,
                    actor_username=entered_by.get_username() if entered_by is not None else "",
                    organisation_name=str(entered_by_organisation or ""),
                    on_behalf_of=data.on_behalf_of,
                    to_status=Status.NEW,
                    changes={"channel": data.channel},
                )
        except IntegrityError:
            existing = _existing(idempotency_key, fingerprint)
            if existing is not None:
                return SubmitResult(existing, False)
            continue  # the random reference was taken: draw another
        report._contact_given = not data.contact.is_empty  # type: ignore[attr-defined]
        return SubmitResult(report, True)
    raise RuntimeError("Could not find a free reference after 5 attempts.")
