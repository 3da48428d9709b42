"""Every view that shows personal or case data writes an audit event the record's owner can read.

Trust item 12. The URLconf is walked and every route must be listed here, either
in ``AUDITED`` (with the persona who opens it and where) or in ``NOT_AUDITED``
(with the reason): a new route that is in neither fails
``test_every_route_is_classified_as_audited_or_not``, so a later page cannot
escape the audit log by being forgotten.

For each audited route, a GET by a permitted persona must write an event with
that persona as the actor, belonging to Middlesbrough Council (whose records
they are), and Middlesbrough's administrator, erin, must see it on the audit
log page, including when the viewer is from another organisation: bob (Cleveland
Police), carol (North Ormesby Community Hub) or a superuser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from cohesion.accounts.models import Membership, Organisation
from cohesion.audit.models import AuditEvent, AuditEventOwner
from cohesion.packs.tests.factories import make_pack
from cohesion.plans.tests.factories_reviews import review_records
from cohesion.plans.tests.route_records import make_plan_records
from cohesion.programme.tests.factories_volunteers import make_volunteer_records
from cohesion.programme.tests.route_records import make_grant_records
from cohesion.tensions.models import Referral, ReporterContact
from cohesion.tensions.tests.factories_assessment import (
    AlertFactory,
    CommunityImpactFactory,
    RumourFactory,
    TensionAssessmentFactory,
    TriggerEventFactory,
)
from cohesion.tensions.tests.factories_reports import NEWPORT, ReportFactory

pytestmark = pytest.mark.django_db

MIDDLESBROUGH = "E06000002"
NORTH_ORMESBY = "E05009867"
OWNER = "Middlesbrough Council"
ROOT = "root"  # a superuser: site staff, of no organisation

Objects = Mapping[str, Any]


@dataclass(frozen=True)
class Audited:
    """Who opens the route, at which address, and whether the event belongs to Middlesbrough's records."""

    persona: str
    url: Callable[[Objects], str]
    owned: bool = True  # False: the page is no record's (the audit log itself)


def _to(name: str, *args: Callable[[Objects], Any]) -> Callable[[Objects], str]:
    return lambda o: reverse(name, args=[arg(o) if callable(arg) else arg for arg in args])


def _ref(key: str) -> Callable[[Objects], str]:
    return lambda o: o[key].reference


def _pk(key: str) -> Callable[[Objects], int]:
    return lambda o: o[key].pk


def _case(suffix: str, key: str = "police_case", persona: str = "alice") -> Audited:
    return Audited(persona, _to(f"tensions-report-{suffix}", _ref(key)))


AUDITED: dict[str, Audited] = {
    # --- Plans pages: the steering group, localities, plans and actions, and their twins ---
    "plans-steering": Audited("bob", _to("plans-steering", MIDDLESBROUGH)),
    "plans-steering-twin": Audited("bob", _to("plans-steering-twin", MIDDLESBROUGH, "csv")),
    "plans-locality-list": Audited("carol", _to("plans-locality-list")),
    "plans-locality-list-twin": Audited("carol", _to("plans-locality-list-twin", "json")),
    "plans-locality": Audited("bob", _to("plans-locality", _pk("locality"))),
    "plans-locality-twin": Audited("bob", _to("plans-locality-twin", _pk("locality"), "csv")),
    "plans-plan": Audited("carol", _to("plans-plan", _pk("plan"))),
    "plans-plan-twin": Audited("carol", _to("plans-plan-twin", _pk("plan"), "json")),
    "plans-action": Audited("bob", _to("plans-action", _pk("plan_action"))),
    "plans-action-twin": Audited("bob", _to("plans-action-twin", _pk("plan_action"), "csv")),
    "plans-action-list": Audited("bob", _to("plans-action-list")),
    "plans-action-list-twin": Audited("bob", _to("plans-action-list-twin", "json")),
    # A partner's download of the plans covering a ward (anonymous callers get the public parts).
    "plans-area-plans": Audited("bob", _to("plans-area-plans", NORTH_ORMESBY, "json")),
    # Case queues and their downloads: the police liaison lists a council's cases.
    "tensions-report-list": Audited("bob", _to("tensions-report-list")),
    "tensions-report-list-twin": Audited("bob", _to("tensions-report-list-twin", "csv")),
    "tensions-queue-new": Audited("bob", _to("tensions-queue-new")),
    "tensions-queue-new-twin": Audited("bob", _to("tensions-queue-new-twin", "json")),
    "tensions-queue-overdue": Audited("bob", _to("tensions-queue-overdue")),
    "tensions-queue-overdue-twin": Audited("bob", _to("tensions-queue-overdue-twin", "csv")),
    # A case, its contact details and the forms that show it.
    "tensions-report-detail": _case("detail", persona="bob"),
    "tensions-report-contact": _case("contact", key="hub_case", persona="carol"),
    "tensions-report-note": _case("note", persona="bob"),
    # --- signposting from a case (directory, dir-find) ---
    "directory-signpost": Audited("bob", _to("directory-signpost", _ref("police_case"))),
    # A public report of a mistake shows the reporter's email, if they gave one.
    "directory-review-mistake": Audited(
        "carol", _to("directory-review-mistake", _pk("directory_mistake"))
    ),
    "tensions-report-triage": _case("triage"),
    "tensions-report-status": _case("status"),
    "tensions-report-assign": _case("assign"),
    "tensions-report-refer": _case("refer"),
    "tensions-report-link": _case("link"),
    "tensions-report-contact-made": _case("contact-made"),
    # The board, an area's tension record, assessments.
    "tensions-board": Audited("bob", _to("tensions-board", MIDDLESBROUGH)),
    "tensions-board-twin": Audited("bob", _to("tensions-board-twin", MIDDLESBROUGH, "csv")),
    "tensions-area": Audited("bob", _to("tensions-area", NORTH_ORMESBY)),
    "tensions-area-twin": Audited("bob", _to("tensions-area-twin", NORTH_ORMESBY, "json")),
    "tensions-assessment-add": Audited("alice", _to("tensions-assessment-add", NORTH_ORMESBY)),
    "tensions-assessment-detail": Audited("bob", _to("tensions-assessment-detail", _pk("asmt"))),
    "tensions-assessment-edit": Audited("alice", _to("tensions-assessment-edit", _pk("asmt"))),
    # Trigger events, rumours, impact assessments.
    "tensions-trigger-event-list": Audited("bob", _to("tensions-trigger-event-list")),
    "tensions-trigger-event-list-twin": Audited(
        "bob", _to("tensions-trigger-event-list-twin", "csv")
    ),
    "tensions-trigger-event-detail": Audited(
        "bob", _to("tensions-trigger-event-detail", _pk("event"))
    ),
    "tensions-trigger-event-edit": Audited("bob", _to("tensions-trigger-event-edit", _pk("event"))),
    "tensions-rumour-list": Audited("bob", _to("tensions-rumour-list")),
    "tensions-rumour-list-twin": Audited("bob", _to("tensions-rumour-list-twin", "json")),
    "tensions-rumour-detail": Audited("bob", _to("tensions-rumour-detail", _pk("rumour"))),
    "tensions-rumour-edit": Audited("bob", _to("tensions-rumour-edit", _pk("rumour"))),
    "tensions-impact-add": Audited("alice", _to("tensions-impact-add", _ref("police_case"))),
    "tensions-impact-new": Audited("alice", _to("tensions-impact-new")),
    "tensions-impact-detail": Audited("bob", _to("tensions-impact-detail", _pk("impact"))),
    "tensions-impact-detail-twin": Audited(
        "bob", _to("tensions-impact-detail-twin", _pk("impact"), "json")
    ),
    "tensions-impact-edit": Audited("alice", _to("tensions-impact-edit", _pk("impact"))),
    # Early warning.
    "tensions-alert-list": Audited("bob", _to("tensions-alert-list")),
    "tensions-alert-list-twin": Audited("bob", _to("tensions-alert-list-twin", "csv")),
    "tensions-early-warning-area": Audited(
        "bob", _to("tensions-early-warning-area", NORTH_ORMESBY)
    ),
    "tensions-early-warning-area-twin": Audited(
        "bob", _to("tensions-early-warning-area-twin", NORTH_ORMESBY, "json")
    ),
    # Survey results, their downloads and the API, and survey imports (people's answers).
    "surveys-wave-results": Audited("amir", _to("surveys-wave-results", _pk("wave"))),
    "surveys-wave-results-twin": Audited(
        "amir", _to("surveys-wave-results-twin", _pk("wave"), "csv")
    ),
    "surveys-wave-results-xlsx": Audited("amir", _to("surveys-wave-results-xlsx", _pk("wave"))),
    "surveys-wave-map": Audited("amir", _to("surveys-wave-map", _pk("wave"))),
    # Residents' comments (free text that may name people) and the counts of their themes.
    "surveys-wave-comments": Audited("alice", _to("surveys-wave-comments", _pk("wave"))),
    "surveys-wave-themes": Audited("amir", _to("surveys-wave-themes", _pk("wave"))),
    "surveys-wave-themes-twin": Audited(
        "amir", _to("surveys-wave-themes-twin", _pk("wave"), "json")
    ),
    "surveys-wave-compare": Audited(
        "amir", _to("surveys-wave-compare", _pk("wave"), _pk("earlier_wave"))
    ),
    "surveys-wave-compare-twin": Audited(
        "amir", _to("surveys-wave-compare-twin", _pk("wave"), _pk("earlier_wave"), "json")
    ),
    "api-survey-wave-estimates": Audited("amir", _to("api-survey-wave-estimates", _pk("wave"))),
    # Plans downloads and the plans API (plans-io): actions name their owners.
    "plans-io-export-plans": Audited("nadia", _to("plans-io-export-plans", MIDDLESBROUGH, "csv")),
    "plans-io-export-actions": Audited("bob", _to("plans-io-export-actions", _pk("plan"), "xlsx")),
    "plans-io-export-targets": Audited("carol", _to("plans-io-export-targets", _pk("plan"), "csv")),
    "api-plans-plan-list": Audited("nadia", _to("api-plans-plan-list")),
    "api-plans-plan-detail": Audited("bob", _to("api-plans-plan-detail", _pk("plan"))),
    "api-plans-plan-targets": Audited("nadia", _to("api-plans-plan-targets", _pk("plan"))),
    "api-plans-plan-actions": Audited("carol", _to("api-plans-plan-actions", _pk("plan"))),
    "api-plans-action-detail": Audited("bob", _to("api-plans-action-detail", _pk("plan_action"))),
    "surveys-import-detail": Audited("alice", _to("surveys-import-detail", _pk("batch"))),
    # People: an organisation's members, a membership.
    "accounts-organisation-detail": Audited(
        ROOT, _to("accounts-organisation-detail", _pk("middlesbrough"))
    ),
    "accounts-membership-edit": Audited(ROOT, _to("accounts-membership-edit", _pk("amir"))),
    # Plans: a target bound to an indicator, and the forms that show it (plans-targets).
    "plans-target-detail": Audited("bob", _to("plans-target-detail", _pk("target"))),
    "plans-target-detail-twin": Audited(
        "bob", _to("plans-target-detail-twin", _pk("target"), "json")
    ),
    "plans-target-edit": Audited("nadia", _to("plans-target-edit", _pk("target"))),
    "plans-target-status": Audited("nadia", _to("plans-target-status", _pk("target"))),
    # Packs: the ward councillor reads the briefing issued for their ward and its files.
    "packs-pack-list": Audited("cllr.hussain", _to("packs-pack-list")),
    "packs-pack-list-twin": Audited("cllr.hussain", _to("packs-pack-list-twin", "csv")),
    "packs-pack-detail": Audited("cllr.hussain", _to("packs-pack-detail", _pk("pack"))),
    "packs-pack-file": Audited("cllr.hussain", _to("packs-pack-file", _pk("pack"), "docx")),
    "packs-pack-table": Audited("cllr.hussain", _to("packs-pack-table", _pk("pack"), 1)),
    # The audit log itself: reading it and downloading it.
    "audit-event-list": Audited("erin", _to("audit-event-list"), owned=False),
    "audit-event-list-twin": Audited("erin", _to("audit-event-list-twin", "csv"), owned=False),
}

NOT_AUDITED: dict[str, str] = {
    # Public pages and aggregates with small numbers suppressed.
    "core-home": "a start page",
    # Counts of the person's own work and the titles of their own actions; no personal or case
    # data. The queues and pages it links to audit what they show.
    "core-start": "the person's own counts and to-do links; the linked pages are audited",
    "core-healthz": "a health check",
    "core-glossary": "plain meanings of terms of art",
    "tensions-public-report": "the public form: the reporter's own words, audited when stored",
    "tensions-public-report-sent": "a thank-you page showing only a reference",
    "tensions-public-areas": "public ward boundaries",
    "tensions-public-index": "public list of councils",
    "tensions-public": "public weekly counts, small numbers suppressed",
    "tensions-public-twin": "public weekly counts, small numbers suppressed",
    "places-search": "public reference geography",
    "places-search-twin": "public reference geography",
    "places-council-list": "public reference geography",
    "places-council-list-twin": "public reference geography",
    "places-area-detail": "public reference geography",
    "places-area-detail-twin": "public reference geography",
    "places-area-children": "public reference geography",
    # --- directory search and service pages (dir-find) ---
    "directory-search": "public directory of published services; no personal data",
    "directory-search-twin": "public directory of published services; no personal data",
    "directory-print": "public directory of published services; no personal data",
    "directory-service": "public directory of published services; no personal data",
    "directory-service-twin": "public directory of published services; no personal data",
    "directory-need": "public statistics and published services; no personal data",
    "directory-need-twin": "public statistics and published services; no personal data",
    # --- keeping the directory true (the reporter's email is only on the audited report page) ---
    "directory-manage": "an owner's entries and links to reports: service names and dates only",
    "directory-review-queue": "service names and dates; reporters' details are on the audited page",
    "directory-manage-service": "a service's published details and its history of staff edits",
    "directory-manage-service-add": "a form for a new service; no personal data",
    "directory-manage-service-edit": "a form with a service's details; no personal data",
    "directory-manage-service-confirm": "a service's name and a button; no personal data",
    "directory-manage-organisation-confirm": "a button that records a check; no personal data",
    "directory-review-change": "a service's details before and after a staff member's edit",
    "directory-report-mistake": "the public's form; shows nothing stored",
    "directory-report-mistake-sent": "a thank-you page; shows nothing stored",
    "directory-signpost-counts": "counts per service and month, disclosure-controlled below coordinator; no personal data",
    "directory-signpost-counts-twin": "counts per service and month, disclosure-controlled below coordinator; no personal data",
    "indicators-home": "published statistics",
    "indicators-home-twin": "published statistics",
    "indicators-dataset-list": "published statistics",
    "indicators-dataset-list-twin": "published statistics",
    "indicators-ranking-start": "published statistics",
    "indicators-ranking": "published statistics",
    "indicators-ranking-twin": "published statistics",
    "indicators-neighbours": "published statistics",
    "indicators-neighbours-twin": "published statistics",
    "indicators-indicator-detail": "published statistics",
    "indicators-indicator-detail-twin": "published statistics",
    "indicators-choropleth": "published statistics",
    "indicators-choropleth-twin": "published statistics",
    "indicators-area-profile": "published statistics",
    "indicators-area-values": "published statistics",
    "indicators-upload-new": "a form for a file of area statistics, audited when stored",
    "indicators-upload-detail": "area statistics being imported (no person in them)",
    "api-docs": "the API's documentation",
    "api-schema": "the API's description",
    "api-generation-list": "public reference geography",
    "api-area-list": "public reference geography",
    "api-area-detail": "public reference geography",
    "api-indicator-list": "published statistics",
    "api-indicator-detail": "published statistics",
    "api-indicator-values": "published statistics",
    "api-dataset-list": "published statistics",
    "api-area-indicators": "published statistics",
    "api-survey-list": "survey titles and dates, no results",
    # Directory: the Open Referral UK API publishes only published entries, to anyone.
    "directory-oruk-root": "public directory data (Open Referral UK)",
    "directory-oruk-openapi": "the API's description",
    "directory-oruk-services": "public directory data (Open Referral UK)",
    "directory-oruk-service": "public directory data (Open Referral UK)",
    "directory-oruk-organizations": "public directory data (Open Referral UK)",
    "directory-oruk-organization": "public directory data (Open Referral UK)",
    "directory-oruk-service-at-locations": "public directory data (Open Referral UK)",
    "directory-oruk-service-at-location": "public directory data (Open Referral UK)",
    "directory-oruk-taxonomies": "public directory data (Open Referral UK)",
    "directory-oruk-taxonomy": "public directory data (Open Referral UK)",
    "directory-oruk-taxonomy-terms": "public directory data (Open Referral UK)",
    "directory-oruk-taxonomy-term": "public directory data (Open Referral UK)",
    # Signing in and one's own account.
    "accounts-sign-in": "sign-ins, failures and lockouts are audited by signal",
    "accounts-sign-out": "audited by signal",
    "accounts-password-reset": "a form; says nothing about who has an account",
    "accounts-password-reset-sent": "a confirmation page",
    "accounts-password-set": "audited when the password is set",
    "accounts-password-set-done": "a confirmation page",
    "accounts-profile": "the person's own details",
    "accounts-profile-language": "the person's own language",
    "accounts-invitation": "the invited person accepts their own invitation; acceptance is audited",
    "accounts-organisation-list": "names of the person's own organisations",
    "accounts-member-add": "a form; a new membership is audited by signal",
    "accounts-membership-unlock": "POST only; audited when the lockout is cleared",
    # Forms for new records and writes: the write is audited.
    "tensions-intake": "a blank form for a new report; the report is audited when stored",
    "tensions-intelligence-add": "a blank form; the intelligence is audited when stored",
    "tensions-area-follow": "POST only: following an area shows nothing",
    "tensions-board-index": "the list of councils the person may see",
    "tensions-level-list": "the shared tension scale, no records",
    "tensions-level-add": "the shared tension scale, audited when saved",
    "tensions-level-edit": "the shared tension scale, audited when saved",
    "tensions-trigger-event-add": "a blank form; the event is audited when saved",
    "tensions-rumour-add": "a blank form; the rumour is audited when saved",
    # Survey set-up: questions, questionnaires, waves and targets, no answers or results.
    "surveys-survey-list": "survey set-up, no answers or results",
    "surveys-survey-list-twin": "survey set-up, no answers or results",
    "surveys-survey-create": "survey set-up, audited when saved",
    "surveys-survey-detail": "survey set-up, no answers or results",
    "surveys-survey-detail-twin": "survey set-up, no answers or results",
    "surveys-survey-edit": "survey set-up, audited when saved",
    "surveys-wave-create": "survey set-up, audited when saved",
    "surveys-wave-detail": "survey set-up and response counts, no answers",
    "surveys-wave-detail-twin": "survey set-up and response counts, no answers",
    "surveys-wave-interpreters-twin": "counts of interpreter languages asked for, no answers",
    "surveys-wave-edit": "survey set-up, audited when saved",
    "surveys-wave-weight": "POST only; audited when the weighting runs",
    "surveys-wave-publish": "POST only; audited as an export when published",
    "surveys-questionnaire-list": "the question bank",
    "surveys-questionnaire-create": "the question bank, audited when saved",
    "surveys-questionnaire-detail": "the question bank",
    "surveys-questionnaire-edit": "the question bank, audited when saved",
    "surveys-questionnaire-publish": "the question bank, audited when published",
    "surveys-question-list": "the question bank",
    "surveys-question-list-twin": "the question bank",
    "surveys-question-create": "the question bank, audited when saved",
    "surveys-question-detail": "the question bank",
    # Plans import and export (plans-io): the upload pages show the form and the file's problems.
    "plans-io-import-plans": "a blank upload form; an import is audited when saved",
    "plans-io-import-actions": "a blank upload form; an import is audited when saved",
    "plans-io-import-targets": "a blank upload form; an import is audited when saved",
    "surveys-response-create": "a blank paper-response form; the response is audited when stored",
    "surveys-import-create": "a blank upload form; the import is audited when stored",
    "surveys-import-discard": "POST only; audited when discarded",
    # The public questionnaire: a resident sees only their own answers, by their own token.
    "surveys-take": "the public questionnaire",
    "surveys-answer-resume": "the respondent's own answers, by their own token",
    "surveys-answer-page": "the respondent's own answers, by their own token",
    "surveys-answer-interpreter": "the respondent's own answers, by their own token",
    "surveys-answer-saved": "the respondent's own answers, by their own token",
    "surveys-answer-check": "the respondent's own answers, by their own token",
    "surveys-answer-done": "the respondent's own answers, by their own token",
    # Plans: targets (plans-targets).
    "plans-target-add": "a blank form for a new target; the target is audited when stored",
    # Making packs: forms and POST-only actions, audited when a pack is made or changed.
    "packs-pack-create": "a blank form; the pack is audited when made",
    "packs-pack-issue": "POST only; audited when issued",
    "packs-pack-rebuild": "POST only; audited when rebuilt",
    "packs-pack-reissue": "POST only; audited when reissued",
    "packs-template-list": "section names and headings, no figures",
    "packs-template-edit": "a form of section headings; audited when saved",
    "packs-schedule-list": "timetables and the staff who receive them; adding one is audited",
    "packs-schedule-stop": "POST only; audited when stopped",
    # Site staff only; every change there is audited as an administrator edit.
    "admin:*": "the Django admin, for superusers; edits are audited from its change log",
    # --- Plans pages ---
    "plans-steering-index": "the list of councils whose plans the person reads",
    "plans-council-themes": "the council's theme names and leads (set-up), audited when saved",
    "plans-council-theme-edit": "the council's theme names and leads (set-up), audited when saved",
    "plans-plan-create": "a form; the plan is audited when saved",
    "plans-locality-create": "a form beside the public ward ranking; the locality is audited when saved",
    "plans-locality-edit": "a form; the change is audited when saved",
    "plans-plan-edit": "a form; the change is audited when saved",
    "plans-theme-create": "a form; the theme is audited when saved",
    "plans-theme-edit": "a form; the change is audited when saved",
    "plans-objective-create": "a form; the objective is audited when saved",
    "plans-objective-edit": "a form; the change is audited when saved",
    "plans-action-create": "a form; the action is audited when saved",
    "plans-action-edit": "a form; the change is audited when saved",
    "plans-action-status": "a form; the status change is audited when saved",
    "plans-locality-public": "the public parts of published plans",
}


# --- Plans: reviews and meetings, escalations, actions raised from tensions records ----------
AUDITED |= {
    "plans-meeting-list": Audited("bob", _to("plans-meeting-list")),
    "plans-meeting-list-twin": Audited("bob", _to("plans-meeting-list-twin", "csv")),
    "plans-meeting-detail": Audited("bob", _to("plans-meeting-detail", _pk("meeting"))),
    "plans-meeting-detail-twin": Audited(
        "bob", _to("plans-meeting-detail-twin", _pk("meeting"), "json")
    ),
    "plans-review-add": Audited("nadia", _to("plans-review-add", _pk("plan"))),
    "plans-escalation-resolve": Audited(
        "nadia", _to("plans-escalation-resolve", _pk("escalation"))
    ),
}
# --- Programme: grants. An application names its contact (personal data), so it and a round's
# list of applications are audited; forms are audited when saved; lists of rounds, awards and
# returns name groups and projects, not people ---
AUDITED |= {
    "programme-grant-round": Audited(
        "alice", _to("programme-grant-round", lambda o: o["grant_application"].round_id)
    ),
    "programme-grant-application": Audited(
        "nadia", _to("programme-grant-application", _pk("grant_application"))
    ),
}
NOT_AUDITED |= {
    "programme-grant-rounds": "rounds and their budgets; no personal data",
    "programme-grant-rounds-twin": "rounds and their budgets; no personal data",
    "programme-grant-due-diligence": "a form; the checklist is audited when saved",
    "programme-grant-score": "a form; the scores are audited when saved",
    "programme-grant-decision": "a form; the decision is audited when saved",
    "programme-grant-awards": "awards to groups and their totals; no personal data",
    "programme-grant-awards-twin": "awards to groups and their totals; no personal data",
    "programme-grant-returns": "returns due from groups; no personal data",
    "programme-grant-return-record": "a form; the return is audited when saved",
    "programme-grants-index": "public grant rounds",
    "programme-grants-apply": "the public application form",
    "programme-grants-applied": "the applicant's own reference, from their own signed cookie",
    "programme-grants-totals": "public totals, small numbers suppressed",
    "programme-grants-totals-twin": "public totals, small numbers suppressed",
    "api-programme-grant-rounds": "rounds and their budgets; no personal data",
}
# --- Programme: a volunteer's record is personal data; bookings name the interpreter ---
AUDITED |= {
    "programme-volunteer-list": Audited("alice", _to("programme-volunteer-list")),
    "programme-volunteer-list-twin": Audited("alice", _to("programme-volunteer-list-twin", "csv")),
    "programme-volunteer": Audited("alice", _to("programme-volunteer", _pk("volunteer"))),
    "programme-volunteer-edit": Audited("erin", _to("programme-volunteer-edit", _pk("volunteer"))),
    "programme-volunteer-check-add": Audited(
        "nadia", _to("programme-volunteer-check-add", _pk("volunteer"))
    ),
    "programme-volunteer-hours-add": Audited(
        "alice", _to("programme-volunteer-hours-add", _pk("volunteer"))
    ),
    "programme-booking-list": Audited("alice", _to("programme-booking-list")),
    "programme-booking-list-twin": Audited("carol", _to("programme-booking-list-twin", "json")),
    "programme-booking": Audited("carol", _to("programme-booking", _pk("interpreter_booking"))),
    "api-programme-volunteer-list": Audited("erin", _to("api-programme-volunteer-list")),
    "api-programme-booking-list": Audited("carol", _to("api-programme-booking-list")),
}
NOT_AUDITED |= {
    # --- Programme: events and their outcomes are the partners' plans and counts; no personal data ---
    "programme-event-list": "the partnership calendar: events, no personal data",
    "programme-event-list-twin": "the partnership calendar: events, no personal data",
    "programme-event": "an event and its outcome counts; no personal data",
    "programme-event-twin": "an event and its outcome counts; no personal data",
    "programme-event-add": "a form; the event is audited when saved",
    "programme-event-list-xlsx": "the partnership calendar: events, no personal data",
    "programme-event-import": "a form; each imported event is audited when saved",
    "programme-event-edit": "a form about an event (no personal data); audited when saved",
    "programme-outcome-add": "a form of counts (no personal data); audited when saved",
    "programme-public-index": "public events",
    "programme-public-council": "public events",
    "programme-public-council-twin": "public events",
    "programme-public-ics": "public events",
    "programme-public-locality": "public events",
    "programme-public-locality-twin": "public events",
    "programme-public-locality-ics": "public events",
    "programme-public-interpreter": "a public form asking only a language; nothing personal kept",
    "programme-totals": "public totals, small numbers suppressed",
    "programme-totals-twin": "public totals, small numbers suppressed",
    "api-programme-event-list": "events, no personal data",
    "api-programme-event-detail": "an event and its outcome counts; no personal data",
    "api-programme-public-events": "public events",
    # --- Programme: the volunteer and interpreter register ---
    "programme-volunteer-add": "a blank form; the volunteer is audited when saved",
    "programme-event-hours-add": "a form naming the register's own volunteers; audited when saved",
    "programme-booking-add": "a form; the booking is audited when saved",
    "plans-meeting-add": "a blank form; the meeting is audited when saved",
    "plans-action-raise": "a form naming the record; the action is audited when saved",
    "plans-issue-plan-open": "a form naming the record; the plan is audited when saved",
    # --- Scheduled jobs: the site's running, for site administrators; no personal data ---
    "jobs-list": "when each job ran and what it did, as counts; no personal data",
}


def _routes(
    patterns: list[Any] | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, route) of every address in the URLconf; the admin's addresses as one, ``admin:*``."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner == "admin:":
                yield "admin:*", prefix + str(entry.pattern)
                continue
            yield from _routes(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            yield (f"{namespace}{entry.name}" if entry.name else f"(unnamed) {route}"), route


# Names that suggest a page shows people or cases: such a route in NOT_AUDITED needs
# its reason to say why (a form, POST only, the person's own, public, audited elsewhere).
SENSITIVE_NAME = re.compile(
    r"report|contact|case|queue|rumour|impact|intelligence|assessment|alert|early-warning|"
    r"result|export|member|audit|response|import|answer"
)
ACCEPTED_REASON = re.compile(r"form|POST only|own|public|audited|set-up|counts|signal|thank-you")


def test_every_route_is_classified_as_audited_or_not() -> None:
    """Trust item 12: a new route must say whether it shows personal or case data."""
    routes = dict(_routes())
    unclassified = sorted(
        f"{name} ({route})"
        for name, route in routes.items()
        if name not in {*AUDITED, *NOT_AUDITED}
    )
    assert not unclassified, (
        "Add these routes to AUDITED (they show personal or case data: record a view or export) "
        "or to NOT_AUDITED with the reason, in cohesion/audit/tests/"
        "test_every_sensitive_view_is_audited.py: " + ", ".join(unclassified)
    )
    assert not set(AUDITED) & set(NOT_AUDITED)
    stale = sorted({*AUDITED, *NOT_AUDITED} - set(routes))
    assert not stale, f"These routes no longer exist: {stale}"
    unexplained = sorted(
        name
        for name, reason in NOT_AUDITED.items()
        if SENSITIVE_NAME.search(name) and not ACCEPTED_REASON.search(reason)
    )
    assert not unexplained, f"Say why these are not audited: {unexplained}"


# --------------------------------------------------------------------------- the records


@pytest.fixture
def objects(db: None) -> dict[str, Any]:
    """Middlesbrough's records, each visible to the persona that opens it above."""
    from cohesion.places.models import Area, Level
    from cohesion.surveys.choices import WeightingStatus
    from cohesion.surveys.models import ImportBatch, Survey, Wave
    from cohesion.surveys.setup import model_questionnaire

    hub = Organisation.objects.get(name="North Ormesby Community Hub")
    police = Organisation.objects.get(name="Cleveland Police")
    # Newport, consent to police, first contact overdue: in every queue the police see.
    police_case = ReportFactory(
        ward_code=NEWPORT,
        ward_name="Newport",
        consent_police=True,
        first_contact_due=timezone.now() - dt.timedelta(days=1),
    )
    Referral.objects.create(report=police_case, organisation=police, consent_basis="police")
    # North Ormesby, entered by the hub: the hub reads its contact details.
    hub_case = ReportFactory(channel="reporting_centre", entered_by_organisation=hub)
    for case in (police_case, hub_case):
        ReporterContact.objects.create(report=case, name="A Person", phone="07700 900982")
    council = Area.objects.current(Level.COUNCIL).get(code=MIDDLESBROUGH)
    wards = list(Area.objects.current(Level.WARD).filter(code__in=[NEWPORT, NORTH_ORMESBY]))
    survey = Survey.objects.create(
        council=council, title="Locality survey", questionnaire=model_questionnaire(council)
    )
    waves = []
    for name, start in (
        ("March 2021", dt.date(2021, 3, 1)),
        ("September 2021", dt.date(2021, 9, 1)),
    ):
        wave = Wave.objects.create(
            survey=survey,
            name=name,
            period_start=start,
            period_end=start + dt.timedelta(days=29),
            questionnaire_version=survey.questionnaire.published_versions().first(),
            target_sample=200,
        )
        wave.target_wards.set(wards)
        waves.append(wave)
    # The workbook needs a weighted wave; its figures do not matter here.
    Wave.objects.filter(pk=waves[1].pk).update(weighting_status=WeightingStatus.WEIGHTED)
    waves[1].refresh_from_db()
    batch = ImportBatch.objects.create(
        wave=waves[1], filename="paper.csv", content=b"ref\nA1\n", columns=["ref"]
    )
    # Plans (plans-io): Newport's plan with a police action.
    from cohesion.plans.tests.factories import ActionFactory, PlanFactory

    plan = PlanFactory()
    from cohesion.directory.tests.factories_upkeep import mistake, owned_service

    return {
        "directory_mistake": mistake(owned_service(), email="resident@example.org"),
        "plan": plan,
        "plan_action": ActionFactory(plan=plan),
        "police_case": police_case,
        "hub_case": hub_case,
        "asmt": TensionAssessmentFactory(),
        "event": TriggerEventFactory(),
        "rumour": RumourFactory(),
        "impact": CommunityImpactFactory(report=police_case),
        "alert": AlertFactory(),
        "earlier_wave": waves[0],
        "wave": waves[1],
        "batch": batch,
        "middlesbrough": Organisation.objects.get(name=OWNER),
        "amir": Membership.objects.get(user__username="amir"),
        **make_plan_records(),
        **review_records(),
        **make_volunteer_records(),
        "pack": make_pack(),
        **make_grant_records(),
    }


def _user(persona: str) -> Any:
    model = get_user_model()
    if persona == ROOT:
        return model.objects.create_superuser(ROOT, "root@example.org", "root-password-for-tests")
    return model.objects.get(username=persona)


@pytest.mark.parametrize("name", sorted(AUDITED))
def test_opening_a_sensitive_page_writes_an_event_the_owning_councils_administrator_sees(
    name: str, objects: dict[str, Any], client_for: Any, erin: Any
) -> None:
    """Trust item 12: the view is audited with the right actor and owner, and erin sees it."""
    entry = AUDITED[name]
    viewer = _user(entry.persona)
    client = client_for(viewer)  # signing in is itself recorded, before we start counting
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    url = entry.url(objects)
    response = client.get(url)
    assert response.status_code == 200, f"{name}: {entry.persona} got {response.status_code}"

    events = list(AuditEvent.objects.filter(id__gt=last, actor=viewer).order_by("id"))
    assert events, f"{name}: opening {url} wrote no audit event"
    assert {e.action for e in events} <= {"view", "export"}
    middlesbrough = objects["middlesbrough"]
    owned = [
        e
        for e in events
        if AuditEventOwner.objects.filter(event=e, organisation=middlesbrough).exists()
    ]
    if entry.owned:
        assert owned, f"{name}: no event of {url} belongs to {OWNER}"
    shown = {e.pk for e in client_for(erin).get(reverse("audit-event-list")).context["page"]}
    assert shown & {e.pk for e in (owned or events)}, f"{name}: erin does not see the event"


@pytest.mark.parametrize("persona", ["bob", "carol"])
def test_erin_sees_views_of_middlesbroughs_case_by_other_organisations_on_the_audit_page(
    persona: str, objects: dict[str, Any], client_for: Any, erin: Any
) -> None:
    """Trust item 12: the police officer and the centre volunteer are named on the council's log."""
    case = objects["police_case" if persona == "bob" else "hub_case"]
    assert client_for(_user(persona)).get(case.get_absolute_url()).status_code == 200
    page = client_for(erin).get(reverse("audit-event-list"), {"action": "view"})
    rows = [(e.actor_username, e.object_repr) for e in page.context["page"]]
    assert (persona, str(case)) in rows
    organisation = "Cleveland Police" if persona == "bob" else "North Ormesby Community Hub"
    assert organisation in page.text
