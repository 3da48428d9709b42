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
- makes a double submission one report, and nothing else: a repeat is a
  request from the same sender with the same key (bound to the sender and to
  what the report says), or with the same words about the same person on the
  same day. It gets the first reference back and adds only what it adds
  (consent, contact details, "told police", "wants support"), written to the
  report's history. An edited resend, another sender's key, or the same words
  about another person (contact details that name someone else) make a report
  of their own. The database's unique constraints decide races between
  concurrent requests;
- refuses more than ``REPORT_RATE_LIMIT_PER_HOUR`` reports an hour from one
  sender (keyed on a hashed address, never the address itself), atomically:
  on PostgreSQL by claiming the sender's window row in the storing statement,
  on SQLite inside a transaction that begins with the write lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
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
    ToldPolice,
)
from cohesion.tensions.models import (
    Report,
    ReporterContact,
    ReportEvent,
    ResponseTimescale,
    SenderWindow,
)
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


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@dataclass
class ContactDetails:
    name: str = ""
    email: str = ""
    phone: str = ""
    safe_contact_notes: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone or self.safe_contact_notes)

    @property
    def reachable(self) -> bool:
        """Whether someone could get in touch: an email address or a phone number was given."""
        return bool(self.email.strip() or _digits(self.phone))

    def identity(self) -> dict[str, str]:
        """What tells one person from another: name, email and phone, normalised."""
        return {
            "name": " ".join(self.name.split()).lower(),
            "email": self.email.strip().lower(),
            "phone": _digits(self.phone),
        }


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
    interpreter_language: str = ""
    consent_police: bool = False
    consent_partners: bool = False
    eep: str = ""
    on_behalf_of: str = ""
    language: str = ""
    synthetic: bool = False
    contact: ContactDetails = field(default_factory=ContactDetails)


@dataclass(frozen=True)
class SubmitResult:
    """The report a submission made or repeated.

    ``created`` is False for a repeat; ``added`` then names what the repeat
    added to the report (empty when it added nothing). ``reachable`` says
    whether the report holds an email address or phone number, so that the
    confirmation promises contact only when it can be made.
    """

    report: Report
    created: bool
    reachable: bool = False
    added: tuple[str, ...] = ()

    @property
    def has_contact(self) -> bool:
        return self.reachable


# What a report says and who it is about: two submissions that differ in any
# of these are two reports. What a repeat may add (consent, contact details
# where none were held, "told police", "wants support") is left out, so that a
# resend that only adds it is recognised as the same report.
def _substance(data: ReportInput, organisation_id: int | None) -> dict[str, Any]:
    return {
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
        "on_behalf_of": " ".join(data.on_behalf_of.split()).lower(),
        "organisation": organisation_id,
    }


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def content_hash(
    data: ReportInput,
    sender: str,
    day: dt.date,
    organisation_id: int | None = None,
    variant: str = "",
) -> str:
    """A fingerprint of what was reported, about whom, from which sender (hashed) on which day.

    The same words about the same person from the same sender on the same day
    are one report. ``variant`` sets apart a second person behind the same
    sender (see :func:`submit_report`).
    """
    payload = {
        **_substance(data, organisation_id),
        "sender": sender,
        "day": day.isoformat(),
        "variant": variant,
    }
    return _digest(payload)


def submission_hash(
    key: str,
    data: ReportInput,
    sender: str,
    organisation_id: int | None = None,
    variant: str = "",
) -> str:
    """The form's key bound to its sender and to what the report says.

    Anyone can send any key, so a key proves a repeat only together with the
    same sender and the same report: another sender's key, or the same key
    with edited words, makes a new report.
    """
    if not key or not sender:
        return ""
    payload = {
        **_substance(data, organisation_id),
        "key": key,
        "sender": sender,
        "variant": variant,
    }
    return _digest(payload)


def _field(model: Any, name: str) -> Any:
    return model._meta.get_field(name)


@dataclass(frozen=True)
class HourlyLimit:
    """The hourly limit on one sender: at most ``limit`` reports created at or after ``since``."""

    submitter_hash: str
    now: dt.datetime
    limit: int

    @property
    def since(self) -> dt.datetime:
        return self.now - dt.timedelta(hours=1)

    @classmethod
    def for_sender(cls, submitter_hash: str, now: dt.datetime | None = None) -> HourlyLimit | None:
        if not submitter_hash:
            return None
        return cls(submitter_hash, now or timezone.now(), settings.REPORT_RATE_LIMIT_PER_HOUR)

    def reached(self) -> bool:
        """Is there a limit-th report in the last hour? (LIMIT 1 OFFSET limit-1 on the
        (submitter_hash, created_at) index: the check never counts past the limit.)

        Exact only when no other report from the sender can be written at the
        same time: on SQLite, inside a transaction that began with the write lock.
        """
        return (
            Report.objects.filter(submitter_hash=self.submitter_hash, created_at__gte=self.since)
            .order_by()[self.limit - 1 : self.limit]
            .exists()
        )

    def recent_sql(self, connection: Any) -> tuple[str, list[Any]]:
        """The same question as :meth:`reached`, as an SQL condition (true while under the limit)."""
        quote = connection.ops.quote_name

        def column(name: str) -> str:
            return str(quote(_field(Report, name).column))

        # Identifiers from the model's metadata, quoted; the values are parameters.
        sql = (
            f"NOT EXISTS (SELECT 1 FROM {quote(Report._meta.db_table)} "  # noqa: S608
            f"WHERE {column('submitter_hash')} = %s "
            f"AND {column('created_at')} >= %s LIMIT 1 OFFSET %s)"
        )
        return sql, [self.submitter_hash, self.since, self.limit - 1]

    def claim_sql(self, connection: Any) -> tuple[str, list[Any]]:
        """An upsert that counts one more report in the sender's window, returning a row only if allowed.

        ``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` locks the sender's row
        and judges the condition on its latest committed version, so however
        many requests arrive at once, at most ``limit`` of them get a row back
        in one window. The last-hour count (:meth:`recent_sql`) is asked as
        well, so a new window cannot open while the previous hour is full.
        """
        quote = connection.ops.quote_name
        table = quote(SenderWindow._meta.db_table)
        sender, started, count = (
            quote(_field(SenderWindow, name).column)
            for name in ("submitter_hash", "started_at", "count")
        )
        recent, recent_params = self.recent_sql(connection)
        expired = f"w.{started} < %s"
        sql = (
            f"INSERT INTO {table} AS w ({sender}, {started}, {count}) "
            f"SELECT %s, %s, 1 WHERE {recent} "
            f"ON CONFLICT ({sender}) DO UPDATE SET "
            f"{started} = CASE WHEN {expired} THEN EXCLUDED.{started} ELSE w.{started} END, "
            f"{count} = CASE WHEN {expired} THEN 1 ELSE w.{count} + 1 END "
            f"WHERE ({expired} OR w.{count} < %s) AND {recent} "
            "RETURNING 1"
        )
        params = [
            self.submitter_hash,
            self.now,
            *recent_params,
            self.since,
            self.since,
            self.since,
            self.limit,
            *recent_params,
        ]
        return sql, params


@dataclass
class NewReportRows:
    """What one accepted report writes: the report, its contact details if given, its first event."""

    report: Report
    contact: ReporterContact | None
    event: ReportEvent


def _store(rows: NewReportRows, limit: HourlyLimit | None) -> bool:
    """Write the report, its contact details and its first event together, or nothing.

    False (and nothing written) when the sender has reached the hourly limit.
    On PostgreSQL this is one statement, limit included; on SQLite one
    transaction that begins with the write lock, so the limit's check and the
    writes cannot interleave with another request's. A unique constraint that
    refuses the report raises :class:`IntegrityError` with nothing written.
    """
    connection = connections[router.db_for_write(Report)]
    if connection.vendor == "postgresql":
        return _store_in_one_statement(connection, rows, limit)
    return _store_with_orm(connection, rows, limit)


def _store_in_one_statement(
    connection: Any, rows: NewReportRows, limit: HourlyLimit | None
) -> bool:
    children: list[tuple[Any, str]] = [(rows.event, "report_id")]
    if rows.contact is not None:
        children.insert(0, (rows.contact, "report_id"))
    source = ("sender_window", *limit.claim_sql(connection)) if limit else None

    def insert() -> bool:
        return insert_with_children(connection, rows.report, children, source=source) is not None

    if connection.in_atomic_block:
        # Inside the caller's transaction: a savepoint, so a refusal leaves it usable.
        with transaction.atomic(using=connection.alias):
            return insert()
    # In autocommit, one statement is atomic by itself: no BEGIN, no COMMIT.
    return insert()


def _store_with_orm(connection: Any, rows: NewReportRows, limit: HourlyLimit | None) -> bool:
    # The settings open SQLite transactions with BEGIN IMMEDIATE: the write lock
    # is taken before the limit is checked, so concurrent requests queue here.
    with transaction.atomic(using=connection.alias):
        if limit is not None and limit.reached():
            return False
        rows.report.save(force_insert=True, using=connection.alias)
        for child in (rows.contact, rows.event):
            if child is not None:
                child.report = rows.report
                child.save(force_insert=True, using=connection.alias)
    return True


def _find(submission: str, fingerprint: str) -> Report | None:
    """The report a submission repeats: by its bound key first, then by its fingerprint."""
    if submission:
        found = Report.objects.filter(submission_hash=submission).order_by().first()
        if found is not None:
            return found
    if fingerprint:
        return Report.objects.filter(content_hash=fingerprint).order_by().first()
    return None


def _contact_conflicts(held: ReporterContact | None, given: ContactDetails) -> bool:
    """Whether the details given name someone other than the details held (then it is another person)."""
    if held is None or given.is_empty:
        return False
    old = ContactDetails(held.name, held.email, held.phone).identity()
    new = given.identity()
    return any(old[part] and new[part] and old[part] != new[part] for part in new)


# How sure the reporter is that the police know, least to most: a repeat may move it up only.
_TOLD_POLICE_ORDER = {"": 0, ToldPolice.NOT_SURE: 1, ToldPolice.NO: 2, ToldPolice.YES: 3}


def _merge_repeat(
    report: Report,
    data: ReportInput,
    *,
    entered_by: Any,
    entered_by_organisation: Organisation | None,
    now: dt.datetime,
) -> SubmitResult | None:
    """Add to ``report`` what a repeat of it adds; None when the repeat is about someone else.

    Only additions are taken: consent given, "wants support", an interpreter
    asked for, a firmer answer to "told police", contact details where none (or fewer) were held. Nothing
    the report already holds is removed or overwritten, and the additions are
    written to the report's history. Contact details that name another person
    make the submission a report of its own (None).
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        held = ReporterContact.objects.filter(report=report).first()
        if _contact_conflicts(held, data.contact):
            return None
        changes: dict[str, Any] = {}
        for name in ("consent_police", "consent_partners", "wants_support"):
            if getattr(data, name) and not getattr(report, name):
                changes[name] = [False, True]
                setattr(report, name, True)
        if data.interpreter_language and not report.interpreter_language:
            changes["interpreter_language"] = ["", data.interpreter_language]
            report.interpreter_language = data.interpreter_language
        if _TOLD_POLICE_ORDER.get(data.told_police, 0) > _TOLD_POLICE_ORDER.get(
            report.told_police, 0
        ):
            changes["told_police"] = [report.told_police, data.told_police]
            report.told_police = data.told_police
        given = data.contact
        if not given.is_empty:
            if held is None:
                held = ReporterContact(report=report, created_at=now)
            added = [
                part
                for part in ("name", "email", "phone", "safe_contact_notes")
                if getattr(given, part) and not getattr(held, part)
            ]
            if added:
                for part in added:
                    setattr(held, part, getattr(given, part))
                held.save()
                # Which details were added, never their values: the history is read more widely.
                changes["contact_added"] = added
        if changes:
            report.save(update_fields=[*(k for k in changes if k != "contact_added"), "updated_at"])
            _history_line(
                EventKind.RESENT,
                data,
                entered_by,
                entered_by_organisation,
                now,
                report=report,
                changes=changes,
            ).save()
        reachable = held is not None and bool(held.email or _digits(held.phone))
        return SubmitResult(report, False, reachable, tuple(changes))


def _history_line(
    kind: str,
    data: ReportInput,
    entered_by: Any,
    entered_by_organisation: Organisation | None,
    now: dt.datetime,
    **fields: Any,
) -> ReportEvent:
    """An unsaved line of a report's history, written by whoever sent or entered the report."""
    return ReportEvent(
        at=now,
        kind=kind,
        actor=entered_by,
        actor_username=entered_by.get_username() if entered_by is not None else "",
        organisation_name=str(entered_by_organisation or ""),
        on_behalf_of=data.on_behalf_of,
        **fields,
    )


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
    """Accept one report, or recognise a repeat of one already accepted and add what it adds.

    A repeat is a submission from the same sender (the hashed address, or the
    signed-in person) that carries the same key, or the same fingerprint on
    the same day, *and* says the same thing about the same person. Anything
    else is a new report: another sender's key, edited words, another person
    it is for, contact details that name someone else. A repeat gets the
    first report's reference and adds to it only what it adds (see
    :func:`_merge_repeat`).

    Raises :class:`RateLimited` or :class:`PlaceError` (nothing is saved).
    """
    if data.category not in Category.values:
        raise IntakeError(_("Choose what you want to report."))
    now = now or timezone.now()
    sender = submitter_hash or (f"user:{entered_by.pk}" if entered_by is not None else "")
    organisation_id = entered_by_organisation.pk if entered_by_organisation is not None else None

    placement = place_report(
        longitude=data.longitude,
        latitude=data.latitude,
        area_code=data.area_code,
        on_date=timezone.localdate(now),
    )
    first_due, senior_due = due_dates(data.category, now)
    limit = HourlyLimit.for_sender(submitter_hash, now) if rate_limit else None

    def repeat_of(existing: Report | None) -> SubmitResult | None:
        if existing is None:
            return None
        return _merge_repeat(
            existing,
            data,
            entered_by=entered_by,
            entered_by_organisation=entered_by_organisation,
            now=now,
        )

    # A second person behind the same sender (a shared connection, a family's
    # phone, a centre recording two victims in the same words) is told apart
    # by their contact details: their submission is hashed with a variant.
    variant = ""
    for _attempt in range(6):
        binding = submission_hash(idempotency_key, data, sender, organisation_id, variant)
        fingerprint = (
            content_hash(data, sender, timezone.localdate(now), organisation_id, variant)
            if sender
            else ""
        )
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
            interpreter_language=data.interpreter_language,
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
            submission_hash=binding,
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
        event = _history_line(
            EventKind.CREATED,
            data,
            entered_by,
            entered_by_organisation,
            now,
            to_status=Status.NEW,
            changes={"channel": data.channel},
        )
        try:
            stored = _store(NewReportRows(report, contact, event), limit)
        except IntegrityError:
            existing = _find(binding, fingerprint)
            if existing is None:
                continue  # the random reference was taken: draw another
            repeated = repeat_of(existing)
            if repeated is not None:
                return repeated
            variant = _next_variant(variant, data.contact)
            continue
        if not stored:
            # A repeat of a report already accepted is answered even at the limit.
            existing = _find(binding, fingerprint)
            repeated = repeat_of(existing)
            if repeated is not None:
                return repeated
            if existing is not None:
                variant = _next_variant(variant, data.contact)
                continue  # another person's report: is there a repeat of this one?
            raise RateLimited(_("Too many reports have been sent from here in the last hour."))
        return SubmitResult(report, True, data.contact.reachable)
    raise RuntimeError("Could not store the report after 6 attempts.")


def _next_variant(variant: str, contact: ContactDetails) -> str:
    """The variant for a second person behind one sender: their first contact detail, then random."""
    if not variant:
        identity = contact.identity()
        return identity["email"] or identity["phone"] or identity["name"]
    return f"{variant}:{secrets.token_hex(8)}"
