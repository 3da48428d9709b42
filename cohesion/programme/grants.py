"""What happens to grants: accepting an application, the officer's checks, scores, decisions and
monitoring returns, and the totals of awards by ward and stream.

Each write is one transaction, so nothing is half-saved, and writes an audit
event. An accepted application is never lost: it is stored in one
transaction before the confirmation is shown, and a form sent twice (a double
click, a refresh, the back button) carries the same submission key, which is
bound to what the form says (:func:`submission_hash`): the repeat finds the
application already stored and answers with its reference. Another form's key,
or the same key with different words, is a new application.

A decision to award never goes above what is left of the round's budget: the
round is locked while the awards are added up (:func:`decide`), so two
officers deciding at once cannot overspend it between them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.core.disclosure import LinkedCounts, rule_for_council
from cohesion.programme.choices import DecisionOutcome
from cohesion.programme.models import (
    Application,
    Decision,
    DueDiligence,
    GrantRound,
    MonitoringReturn,
    Score,
)

RETURN_AFTER_DAYS = 182  # an award's monitoring return is due six months after the decision


@dataclass(frozen=True)
class ApplicationInput:
    """What an applicant sends on the public form (or an officer types in for them)."""

    organisation_name: str
    contact_name: str
    contact_email: str
    ward_codes: tuple[str, ...]
    ward_names: tuple[str, ...]
    project_title: str
    summary: str
    amount_requested: Decimal
    eligibility_answers: dict[str, bool]
    language: str = ""
    synthetic: bool = False


def ineligible_answers(grant_round: GrantRound, answers: dict[str, bool]) -> list[str]:
    """The questions (in the current language) whose answer makes the applicant ineligible."""
    return [
        text
        for index, text, eligible in grant_round.questions()
        if answers.get(str(index)) is not eligible
    ]


def submission_hash(key: str, grant_round: GrantRound, data: ApplicationInput) -> str:
    """The form's key bound to the round and to what the application says (empty without a key)."""
    if not key:
        return ""
    payload = {
        "key": key,
        "round": grant_round.pk,
        "organisation": data.organisation_name.strip().casefold(),
        "email": data.contact_email.strip().casefold(),
        "title": data.project_title.strip(),
        "summary": data.summary.strip(),
        "amount": str(data.amount_requested),
        "wards": sorted(data.ward_codes),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def submit_application(
    grant_round: GrantRound, data: ApplicationInput, *, key: str = ""
) -> tuple[Application, bool]:
    """Store one application, or find the one this same form already stored: (application, created).

    Raises ValidationError (nothing saved) if the round is closed or the answers make the
    applicant ineligible.
    """
    if not grant_round.is_public or not grant_round.is_open():
        raise ValidationError(_("This grant round is not taking applications."))
    if ineligible_answers(grant_round, data.eligibility_answers):
        raise ValidationError(_("The answers to the eligibility questions do not qualify."))
    binding = submission_hash(key, grant_round, data)
    if binding:
        existing = Application.objects.filter(submission_hash=binding).first()
        if existing is not None:
            return existing, False
    for _attempt in range(5):
        application = Application(
            round=grant_round,
            organisation_name=data.organisation_name.strip(),
            contact_name=data.contact_name.strip(),
            contact_email=data.contact_email.strip(),
            ward_codes=list(data.ward_codes),
            ward_names=list(data.ward_names),
            project_title=data.project_title.strip(),
            summary=data.summary.strip(),
            amount_requested=data.amount_requested,
            eligibility_answers=dict(data.eligibility_answers),
            language=data.language,
            synthetic=data.synthetic,
            submission_hash=binding,
        )
        try:
            with transaction.atomic():
                application.save()
                record(
                    AuditAction.CREATE,
                    application,
                    changes={"round": grant_round.pk, "language": data.language},
                    username="public form",
                )
        except IntegrityError:
            existing = (
                Application.objects.filter(submission_hash=binding).first() if binding else None
            )
            if existing is not None:
                return existing, False  # the same form, sent at the same moment
            continue  # the random reference was taken: draw another
        return application, True
    raise RuntimeError("Could not store the application after 5 attempts.")


def record_due_diligence(application: Application, user: Any, **checks: Any) -> DueDiligence:
    """Record (or correct) the officer's checklist on an applicant."""
    with transaction.atomic():
        checklist, created = DueDiligence.objects.update_or_create(
            application=application,
            defaults={**checks, "checked_by": user, "checked_on": timezone.localdate()},
        )
        record(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            application,
            actor=user,
            changes={"due_diligence": {k: v for k, v in checks.items() if k != "note"}},
        )
    return checklist


def record_score(application: Application, user: Any, **scores: Any) -> Score:
    """Record (or change) one panel member's scores of an application."""
    with transaction.atomic():
        score, created = Score.objects.update_or_create(
            application=application, scorer=user, defaults=scores
        )
        record(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            application,
            actor=user,
            changes={"score": {c: scores[c] for c in Score.CRITERIA}},
        )
    return score


def decide(
    application: Application,
    user: Any,
    *,
    outcome: str,
    reasons: str,
    amount: Decimal | None = None,
    return_due_on: dt.date | None = None,
) -> Decision:
    """Award or decline. An award above what remains of the round's budget raises ValidationError
    and saves nothing; an award sets its first monitoring return due."""
    today = timezone.localdate()
    with transaction.atomic():
        grant_round = GrantRound.objects.select_for_update().get(pk=application.round_id)
        if outcome == DecisionOutcome.AWARDED:
            if amount is None or amount <= 0:
                raise ValidationError({"amount_awarded": _("Enter the amount awarded.")})
            remaining = grant_round.remaining(exclude=application)
            if amount > remaining:
                raise ValidationError(
                    {
                        "amount_awarded": _(
                            "This award of £%(amount)s is more than the £%(remaining)s left "
                            "in the round's budget. Nothing has been saved."
                        )
                        % {"amount": f"{amount:,.2f}", "remaining": f"{remaining:,.2f}"}
                    }
                )
        else:
            amount = Decimal(0)
        decision, created = Decision.objects.update_or_create(
            application=application,
            defaults={
                "outcome": outcome,
                "amount_awarded": amount,
                "reasons": reasons,
                "decided_by": user,
                "decided_on": today,
            },
        )
        if outcome == DecisionOutcome.AWARDED:
            due = return_due_on or today + dt.timedelta(days=RETURN_AFTER_DAYS)
            if not application.monitoring_returns.exists():
                MonitoringReturn.objects.create(application=application, due_on=due)
        else:
            application.monitoring_returns.filter(submitted_on__isnull=True).delete()
        record(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            application,
            actor=user,
            changes={"decision": outcome, "amount_awarded": str(amount)},
        )
    return decision


def record_return(monitoring_return: MonitoringReturn, user: Any, **fields: Any) -> None:
    """Record what a grant holder reported for one monitoring return."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(monitoring_return, name, value)
        monitoring_return.submitted_on = fields.get("submitted_on") or timezone.localdate()
        monitoring_return.save()
        record(
            AuditAction.UPDATE,
            monitoring_return.application,
            actor=user,
            changes={
                "monitoring_return": monitoring_return.due_on.isoformat(),
                "spend": str(monitoring_return.spend),
                "people_reached": monitoring_return.people_reached,
            },
        )


# ------------------------------------------------------------------------------- totals


@dataclass
class _Sums:
    awards: int = 0
    awarded: Decimal = Decimal(0)
    spend: Decimal = Decimal(0)
    people: int = 0


def _award_sums(
    council_codes: list[str] | None,
) -> tuple[_Sums, dict[str, _Sums], dict[str, _Sums], dict[tuple[str, ...], _Sums]]:
    """Sums overall, by stream, by ward (an award in each ward it serves) and by the exact set
    of wards an award serves (each award in one set: the sets add up to the overall sums)."""
    decisions = Decision.objects.filter(outcome=DecisionOutcome.AWARDED).select_related(
        "application__round__stream"
    )
    if council_codes is not None:
        decisions = decisions.filter(council_code__in=council_codes)
    returns: dict[int, tuple[Decimal, int]] = defaultdict(lambda: (Decimal(0), 0))
    for r in MonitoringReturn.objects.filter(
        application__decision__in=decisions, submitted_on__isnull=False
    ):
        spend, people = returns[r.application_id]
        returns[r.application_id] = (spend + (r.spend or 0), people + (r.people_reached or 0))
    overall = _Sums()
    by_stream: dict[str, _Sums] = defaultdict(_Sums)
    by_ward: dict[str, _Sums] = defaultdict(_Sums)
    by_ward_set: dict[tuple[str, ...], _Sums] = defaultdict(_Sums)
    for decision in decisions:
        application = decision.application
        spend, people = returns[application.pk]
        wards = tuple(sorted(set(application.ward_names or [_("Council-wide")])))
        groups = [overall, by_stream[application.round.stream.name], by_ward_set[wards]]
        groups += [by_ward[name] for name in wards]
        for sums in groups:
            sums.awards += 1
            sums.awarded += decision.amount_awarded
            sums.spend += spend
            sums.people += people
    return (
        overall,
        dict(sorted(by_stream.items())),
        dict(sorted(by_ward.items())),
        dict(by_ward_set),
    )


def _row(group: str, sums: _Sums) -> dict[str, Any]:
    return {
        "group": group,
        "awards": sums.awards,
        "awarded": sums.awarded,
        "spend": sums.spend,
        "people_reached": sums.people,
    }


def grant_totals(council_codes: list[str] | None) -> dict[str, Any]:
    """Officers' totals of awards, spend and people reached, by stream and ward (not suppressed)."""
    overall, by_stream, by_ward, _by_ward_set = _award_sums(council_codes)
    return {
        "overall": _row(_("All"), overall),
        "streams": [_row(name, s) for name, s in by_stream.items()],
        "wards": [_row(name, s) for name, s in by_ward.items()],
    }


def public_grant_totals(council_code: str) -> dict[str, Any]:
    """A council's grant totals for the public, with small numbers suppressed.

    The number of awards and the people reached go through the disclosure
    module, streams linked to the overall total. An award serving two wards
    counts in each, so the wards do not add up to the overall total; they are
    linked to it through counts never shown, one for each set of wards the
    awards serve (the sets add up to the overall total, and each ward to the
    sets it is in), so a hidden ward cannot be worked out from the overall
    total less the wards shown. Money awarded and spent is shown only where
    the number of awards behind it is shown.
    """
    overall, by_stream, by_ward, by_ward_set = _award_sums([council_code])
    counts = LinkedCounts()
    for measure in ("awards", "people"):
        counts.add((measure, "all"), getattr(overall, measure))
        for name, sums in by_stream.items():
            counts.add((measure, "stream", name), getattr(sums, measure))
        for name, sums in by_ward.items():
            counts.add((measure, "ward", name), getattr(sums, measure))
        if by_stream:
            counts.total((measure, "all"), [(measure, "stream", n) for n in by_stream])
        for wards, sums in by_ward_set.items():
            counts.add((measure, "wards", wards), getattr(sums, measure), published=False)
        if by_ward_set:
            counts.total((measure, "all"), [(measure, "wards", w) for w in by_ward_set])
        for name in by_ward:
            counts.total(
                (measure, "ward", name), [(measure, "wards", w) for w in by_ward_set if name in w]
            )
    rule = rule_for_council(council_code)
    disclosed = counts.protect(rule)

    def shown(key: tuple[str, ...], group: str, sums: _Sums) -> dict[str, Any]:
        awards = disclosed.value(("awards", *key))
        return {
            "group": group,
            "awards": awards,
            "awarded": sums.awarded if awards is not None else None,
            "spend": sums.spend if awards is not None else None,
            "people_reached": disclosed.value(("people", *key)),
        }

    return {
        "overall": shown(("all",), _("All"), overall),
        "streams": [shown(("stream", n), n, s) for n, s in by_stream.items()],
        "wards": [shown(("ward", n), n, s) for n, s in by_ward.items()],
        "rule": rule.describe(),
    }
