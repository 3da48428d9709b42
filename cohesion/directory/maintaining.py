"""Keeping the directory true: owners propose, coordinators approve, the public reports mistakes.

- :func:`propose` stores an owner's new service or edit as a
  :class:`~cohesion.directory.models.ProposedChange`; nothing the public sees
  changes. A new service waits, unpublished, in review.
- :func:`approve` checks the stored values with the same form again and applies
  them to the service, its costs, languages, needs, weekly session and place,
  in one transaction; a second approval of the same change, or of a change to a
  service deleted meanwhile, is refused with a message and changes nothing.
- :func:`send_back` returns it to the owner with a reason they read.
- :func:`confirm` records that an owner checked an entry and it is still right.
- :func:`report_mistake` and :func:`close_mistake` handle the public's reports.

Every step writes a line of the entry's history (:class:`EntryEvent`): who,
when, and each field's before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.directory.calculations.schedules import WEEKDAYS
from cohesion.directory.choices import AttendingType, Frequency, PublicationState
from cohesion.directory.locations import assign_wards
from cohesion.directory.maintain_forms import (
    COST_FIELDS,
    LANGUAGE_FIELDS,
    LANGUAGES,
    LOCATION_FIELDS,
    NEED_FIELDS,
    NEW_LOCATION,
    PLAIN_FIELDS,
    SCHEDULE_FIELDS,
    ServiceForm,
)
from cohesion.directory.models import (
    Address,
    Attribute,
    ChangeKind,
    ChangeStatus,
    CostOption,
    EntryEvent,
    EventKind,
    Language,
    Location,
    MistakeReport,
    MistakeStatus,
    Organisation,
    ProposedChange,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from cohesion.directory.taxonomy import TAXONOMY_ID

NEED_LINK = "need"


class ChangeError(ValueError):
    """A change cannot be made; the message says why in plain words."""


class RateLimited(ChangeError):
    """Too many reports from one sender in the last hour."""


# --------------------------------------------------------------------------- reading a service


def _schedule_of(service: Service) -> Schedule | None:
    """The weekly session the form edits: the service's own first, else its first place's."""
    own = [s for s in service.schedules.all() if s.freq in ("", Frequency.WEEKLY)]
    if own:
        return own[0]
    for at in service.at_locations.all():
        for schedule in at.schedules.all():
            if schedule.freq in ("", Frequency.WEEKLY):
                return schedule
    return None


def _first_location(service: Service) -> Location | None:
    at = service.at_locations.select_related("location").order_by("id").first()
    return at.location if at is not None else None


def values_of(service: Service) -> dict[str, Any]:
    """What the service says now, in the shape of :meth:`ServiceForm.values`."""
    schedule = _schedule_of(service)
    location = _first_location(service)
    amounts = [c.amount for c in service.cost_options.all() if c.amount]
    days = [d.strip()[-2:] for d in (schedule.byday if schedule else "").split(",") if d.strip()]

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "name": service.name,
        "description": service.description,
        "status": service.status,
        "url": service.url,
        "email": service.email,
        "cost": "paid" if amounts else "free",
        "amount": text(amounts[0]) if amounts else "",
        "fees": service.fees,
        "minimum_age": text(service.minimum_age),
        "maximum_age": text(service.maximum_age),
        "eligibility_description": service.eligibility_description,
        "languages": sorted({lang.code for lang in service.languages.all()}),
        "referral_route": service.referral_route,
        "application_process": service.application_process,
        "needs": sorted(
            a.taxonomy_term.code
            for a in service.attributes.select_related("taxonomy_term").filter(
                taxonomy_term__taxonomy_id=TAXONOMY_ID
            )
        ),
        "days": sorted(d for d in days if d in WEEKDAYS),
        "opens_at": schedule.opens_at.strftime("%H:%M") if schedule and schedule.opens_at else "",
        "closes_at": schedule.closes_at.strftime("%H:%M")
        if schedule and schedule.closes_at
        else "",
        "term_time": (schedule.term_time if schedule and days else ""),
        "location": str(location.pk) if location is not None else "",
        "new_location_name": "",
        "new_location_address": "",
        "new_location_town": "",
        "new_location_postcode": "",
    }


def blank_values() -> dict[str, Any]:
    """A service that does not exist yet: every field empty."""
    return {
        name: [] if name in ("languages", "needs", "days") else ""
        for name in (
            *PLAIN_FIELDS,
            *COST_FIELDS,
            *LANGUAGE_FIELDS,
            *NEED_FIELDS,
            *SCHEDULE_FIELDS,
            *LOCATION_FIELDS,
        )
    }


def changes_between(
    form: ServiceForm, before: dict[str, Any], after: dict[str, Any]
) -> list[dict[str, str]]:
    """Each field whose value differs, with its label and both values as a person reads them."""
    return [
        {
            "field": name,
            "label": str(form.fields[name].label),
            "before": form.display(name, before.get(name, "")),
            "after": form.display(name, after.get(name, "")),
        }
        for name in form.fields
        if before.get(name, "") != after.get(name, "")
    ]


def form_for(service: Service | None, organisation: Organisation, data: Any = None) -> ServiceForm:
    return ServiceForm(data, organisation=organisation, service=service)


# --------------------------------------------------------------------------- history


def record_event(
    entry: Service | Organisation,
    kind: str,
    *,
    actor: Any = None,
    changes: list[dict[str, str]] | None = None,
    note: str = "",
) -> EntryEvent:
    """Append one line to the history of a service or an organisation."""
    person = actor if getattr(actor, "is_authenticated", False) else None
    return EntryEvent.objects.create(
        entry_id=entry.pk,
        entry_name=entry.name[:250],
        council_code=entry.council_code,
        organisation_id=entry.organisation_id if isinstance(entry, Service) else entry.pk,
        kind=kind,
        actor=person,
        actor_name=(person.get_full_name() or person.get_username()) if person else "",
        changes=changes or [],
        note=note,
    )


def record_imported(service_ids: Iterable[Any], source: str) -> int:
    """A line in each imported service's history (called inside the import's transaction)."""
    services = list(Service.objects.filter(pk__in=list(service_ids)))
    EntryEvent.objects.bulk_create(
        [
            EntryEvent(
                entry_id=s.pk,
                entry_name=s.name[:250],
                council_code=s.council_code,
                organisation_id=s.organisation_id,
                kind=EventKind.IMPORTED,
                note=source[:500],
            )
            for s in services
        ]
    )
    return len(services)


def history_of(service: Service) -> Any:
    return EntryEvent.objects.filter(entry_id=service.pk).select_related(None)


# --------------------------------------------------------------------------- proposing


def pending_change(service: Service) -> ProposedChange | None:
    return service.proposed_changes.filter(status=ChangeStatus.PENDING).first()


@transaction.atomic
def propose(
    form: ServiceForm,
    *,
    organisation: Organisation,
    service: Service | None,
    actor: Any,
    synthetic: bool = False,
) -> ProposedChange:
    """Store an owner's new service or edit for review; what the public sees does not change.

    A second edit while one waits for review replaces the waiting one.
    Raises :class:`ChangeError` when an edit changes nothing.
    """
    values = form.values()
    if service is None:
        service = Service.objects.create(
            organisation=organisation,
            council_code=organisation.council_code,
            name=values["name"],
            description=values["description"],
            state=PublicationState.IN_REVIEW,
            synthetic=synthetic,
        )
        before = blank_values()
        record_event(service, EventKind.CREATED, actor=actor)
    else:
        service = Service.objects.select_for_update().get(pk=service.pk)
        before = values_of(service)
    kind = ChangeKind.EDIT if service.state == PublicationState.PUBLISHED else ChangeKind.NEW
    changes = changes_between(form, before, values)
    waiting = pending_change(service)
    if not changes and waiting is None:
        raise ChangeError(_("You have not changed anything."))
    if waiting is not None:
        waiting.values = values
        waiting.service_name = values["name"]
        waiting.proposed_by = actor
        waiting.kind = kind
        waiting.save(update_fields=["values", "service_name", "proposed_by", "kind", "updated_at"])
        change = waiting
    else:
        change = ProposedChange.objects.create(
            council_code=service.council_code,
            organisation=organisation,
            service=service,
            service_name=values["name"],
            kind=kind,
            values=values,
            proposed_by=actor,
            synthetic=synthetic,
        )
    if service.state in (PublicationState.DRAFT, PublicationState.WITHDRAWN):
        Service.objects.filter(pk=service.pk).update(state=PublicationState.IN_REVIEW)
    record_event(service, EventKind.PROPOSED, actor=actor, changes=changes)
    return change


# --------------------------------------------------------------------------- deciding


def _claim(change: ProposedChange, status: str, actor: Any, reason: str = "") -> None:
    """Decide a waiting change exactly once: the conditional update lets one decision through."""
    claimed = ProposedChange.objects.filter(pk=change.pk, status=ChangeStatus.PENDING).update(
        status=status, decided_by=actor, decided_at=timezone.now(), reason=reason
    )
    if not claimed:
        raise ChangeError(_("This change has already been decided. Nothing was changed."))
    change.refresh_from_db()


def review_form(change: ProposedChange) -> ServiceForm:
    """The proposed values, checked by the same form the owner used."""
    if change.service is None:
        raise ChangeError(
            _("The service was deleted after this change was proposed. Send it back instead.")
        )
    return form_for(change.service, change.organisation, change.values)


def review_rows(change: ProposedChange) -> list[dict[str, str]]:
    """Field by field, what the public sees now beside what the owner proposed."""
    if change.service is None or change.status != ChangeStatus.PENDING:
        return []
    form = review_form(change)
    before = (
        values_of(change.service)
        if change.service.state == PublicationState.PUBLISHED or change.kind == ChangeKind.EDIT
        else blank_values()
    )
    return changes_between(form, before, change.values)


@transaction.atomic
def approve(change: ProposedChange, *, actor: Any, today: dt.date | None = None) -> Service:
    """Apply a waiting change to its service and publish it, all or nothing."""
    today = today or timezone.localdate()
    if change.service_id is None:
        raise ChangeError(
            _("The service was deleted after this change was proposed. Send it back instead.")
        )
    _claim(change, ChangeStatus.APPROVED, actor)
    service = Service.objects.select_for_update().get(pk=change.service_id)
    form = form_for(service, change.organisation, change.values)
    if not form.is_valid():
        problems = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(str(e) for e in errors)}"
            for name, errors in form.errors.items()
        )
        raise ChangeError(
            _("The change cannot be applied as it is (%(problems)s). Send it back.")
            % {"problems": problems}
        )
    before = values_of(service)
    after = form.values()
    changed = {name for name in after if before.get(name) != after.get(name)}
    _apply(service, after, changed)
    service.last_checked = today
    service.state = PublicationState.PUBLISHED
    service.save()
    record_event(
        service, EventKind.APPROVED, actor=actor, changes=changes_between(form, before, after)
    )
    return service


@transaction.atomic
def send_back(change: ProposedChange, *, actor: Any, reason: str) -> None:
    """Return a waiting change to its owner with the coordinator's reason; the service is unchanged."""
    reason = reason.strip()
    if not reason:
        raise ChangeError(_("Say why, so the owner knows what to change."))
    _claim(change, ChangeStatus.SENT_BACK, actor, reason)
    if change.service is not None:
        if change.service.state == PublicationState.IN_REVIEW:
            Service.objects.filter(pk=change.service.pk).update(state=PublicationState.DRAFT)
        record_event(change.service, EventKind.SENT_BACK, actor=actor, note=reason)


def _apply(service: Service, values: dict[str, Any], changed: set[str]) -> None:
    for name in PLAIN_FIELDS:
        if name in changed:
            value = values[name]
            if name in ("minimum_age", "maximum_age"):
                value = int(value) if value != "" else None
            setattr(service, name, value)
    if changed & set(COST_FIELDS):
        service.cost_options.all().delete()
        if values["cost"] == "paid":
            CostOption.objects.create(
                service=service,
                amount=Decimal(values["amount"]),
                option=_("Per session"),
                amount_description=values["fees"][:250],
            )
    if changed & set(LANGUAGE_FIELDS):
        names = LANGUAGES | {lang.code: lang.name for lang in service.languages.all()}
        service.languages.all().delete()
        Language.objects.bulk_create(
            [Language(service=service, code=code, name=names[code]) for code in values["languages"]]
        )
    if changed & set(NEED_FIELDS):
        ours = service.attributes.filter(taxonomy_term__taxonomy_id=TAXONOMY_ID)
        ours.exclude(taxonomy_term__code__in=values["needs"]).delete()
        held = set(ours.values_list("taxonomy_term__code", flat=True))
        terms = TaxonomyTerm.objects.filter(
            taxonomy_id=TAXONOMY_ID, code__in=set(values["needs"]) - held
        )
        Attribute.objects.bulk_create(
            [Attribute(service=service, taxonomy_term=t, link_type=NEED_LINK) for t in terms]
        )
    location = _first_location(service)
    if changed & set(LOCATION_FIELDS):
        if location is not None:
            service.at_locations.filter(location=location).delete()
        location = _place(service, values)
        if location is not None:
            ServiceAtLocation.objects.get_or_create(service=service, location=location)
    if changed & set(SCHEDULE_FIELDS):
        old = _schedule_of(service)
        if old is not None:
            old.delete()
        if values["days"]:
            Schedule.objects.create(
                service=service,
                freq=Frequency.WEEKLY,
                byday=",".join(d for d in WEEKDAYS if d in values["days"]),
                opens_at=dt.time.fromisoformat(values["opens_at"]) if values["opens_at"] else None,
                closes_at=dt.time.fromisoformat(values["closes_at"])
                if values["closes_at"]
                else None,
                term_time=values["term_time"],
                attending_type=AttendingType.IN_PERSON
                if location is not None
                else AttendingType.ONLINE,
            )


def _place(service: Service, values: dict[str, Any]) -> Location | None:
    """The place chosen on the form, made if it is new (with its point, if postcodes are loaded)."""
    choice = values["location"]
    if not choice:
        return None
    if choice != NEW_LOCATION:
        return Location.objects.filter(pk=choice).first()
    location = Location.objects.create(
        organisation=service.organisation,
        council_code=service.council_code,
        name=values["new_location_name"],
        synthetic=service.synthetic,
    )
    Address.objects.create(
        location=location,
        address_1=values["new_location_address"],
        city=values["new_location_town"],
        state_province=values["new_location_town"],
        postal_code=values["new_location_postcode"].upper(),
    )
    _locate(location, values["new_location_postcode"])
    return location


def _locate(location: Location, postcode: str) -> None:
    from cohesion.places.postcodes import PostcodeLookupError, find_postcode

    try:
        found = find_postcode(postcode)
    except PostcodeLookupError:
        return  # no postcode file loaded, or not in it: the place shows without a point
    location.latitude, location.longitude = found.lat, found.lon
    location.save(update_fields=["latitude", "longitude"])
    assign_wards([location])


# --------------------------------------------------------------------------- last checked


def stale_after_days() -> int:
    return int(settings.COHESION_DIRECTORY_STALE_AFTER_DAYS)


def stale_cutoff(today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) - dt.timedelta(days=stale_after_days())


def stale(services: Any, today: dt.date | None = None) -> Any:
    """Published services nobody has confirmed since the cutoff (never checked: since added)."""
    cutoff = stale_cutoff(today)
    return (
        services.filter(state=PublicationState.PUBLISHED)
        .filter(
            Q(last_checked__lt=cutoff) | Q(last_checked__isnull=True, created_at__date__lt=cutoff)
        )
        .select_related("organisation")
        .order_by("last_checked", "name")
    )


@transaction.atomic
def confirm(entry: Service | Organisation, *, actor: Any, today: dt.date | None = None) -> None:
    """The owner checked the entry (a service or an organisation) and it is still right.

    Last checked becomes today. The details are unchanged, so ``last_modified``
    (which Open Referral's ``modified_after`` reads) is left alone.
    """
    today = today or timezone.localdate()
    before = entry.last_checked
    type(entry).objects.filter(pk=entry.pk).update(last_checked=today)
    entry.last_checked = today
    record_event(
        entry,
        EventKind.CONFIRMED,
        actor=actor,
        changes=[
            {
                "field": "last_checked",
                "label": str(type(entry)._meta.get_field("last_checked").verbose_name),
                "before": f"{before:%d %b %Y}" if before else "–",
                "after": f"{today:%d %b %Y}",
            }
        ],
    )


# --------------------------------------------------------------------------- the public's reports


@transaction.atomic
def report_mistake(
    service: Service,
    *,
    what_is_wrong: str,
    email: str = "",
    interpreter_language: str = "",
    submitter_hash: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> MistakeReport:
    """Keep a member of the public's report; committed before the caller answers.

    Raises :class:`RateLimited` (nothing saved) past the hourly limit for the sender.
    """
    now = now or timezone.now()
    if submitter_hash:
        recent = MistakeReport.objects.filter(
            submitter_hash=submitter_hash, created_at__gte=now - dt.timedelta(hours=1)
        )
        if recent.count() >= settings.DIRECTORY_MISTAKE_REPORTS_PER_HOUR:
            raise RateLimited(
                _(
                    "Too many reports have been sent from this connection in the last hour. "
                    "What you typed is still below: please try again later."
                )
            )
    report = MistakeReport.objects.create(
        council_code=service.council_code,
        organisation=service.organisation,
        service=service,
        service_name=service.name,
        what_is_wrong=what_is_wrong,
        email=email,
        interpreter_language=interpreter_language[:60],
        submitter_hash=submitter_hash,
        language=language[:10],
        synthetic=service.synthetic,
    )
    record_event(service, EventKind.REPORTED)
    return report


@transaction.atomic
def close_mistake(report: MistakeReport, *, actor: Any, note: str) -> None:
    closed = MistakeReport.objects.filter(pk=report.pk, status=MistakeStatus.OPEN).update(
        status=MistakeStatus.CLOSED, closed_by=actor, closed_at=timezone.now(), closing_note=note
    )
    if not closed:
        raise ChangeError(_("This report has already been closed."))
    report.refresh_from_db()
    if report.service is not None:
        record_event(report.service, EventKind.CLOSED, actor=actor, note=note)
