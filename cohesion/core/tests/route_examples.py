"""Real records for the generated permission test, and the value each route parameter takes.

``make_records()`` builds one of each kind of record a route can name, all belonging to
Middlesbrough (a case in North Ormesby, an assessment, a trigger event, a rumour, an impact
assessment, an alert, an upload, a survey with two waves, an import, an online response...),
with the factories the apps' own tests use. ``ROUTE_EXAMPLES`` then says which record fills
each parameter of each route; ``PARAMETER_EXAMPLES`` covers parameters that mean the same
thing everywhere. A new route with a parameter neither knows fails the test with a message
pointing here: add an example for it (a Middlesbrough record, so that the test can check
that another council's officer never opens it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth import get_user_model

from cohesion.accounts.choices import Role
from cohesion.accounts.invitations import make_token
from cohesion.accounts.models import Membership, Organisation
from cohesion.directory.taxonomy import TAXONOMY_ID, stable_id
from cohesion.tensions.tests.factories_assessment import (
    MIDDLESBROUGH,
    NORTH_ORMESBY,
    AlertFactory,
    CommunityImpactFactory,
    RumourFactory,
    TensionAssessmentFactory,
    TriggerEventFactory,
)
from cohesion.tensions.tests.factories_reports import ReportFactory

Records = Mapping[str, Any]
Example = Callable[[Records], Any]

# Every twin is requested as ``.json`` and ``.csv``, and those that draw a map as ``.geojson`` too
# (the others answer ``.geojson`` with 404 for everyone).
TWIN_FORMATS = ("json", "csv")
MAP_TWINS = {
    "places-area-detail-twin",
    "indicators-ranking-twin",
    "indicators-choropleth-twin",
    "tensions-board-twin",
    "tensions-public-twin",
    "directory-search-twin",
    "directory-service-twin",
    "directory-need-twin",
}

# Routes nobody can use with the records made here, and why. Every other route must answer
# someone with a 2xx or 3xx, so that the refusals the test checks are not refusals of everyone.
ANSWERS_NOBODY = {
    "indicators-neighbours": "needs the national indicator data, which this test does not load",
    "indicators-neighbours-twin": "needs the national indicator data, which this test does not load",
}


def formats_of(route_name: str | None) -> tuple[str, ...]:
    return (*TWIN_FORMATS, "geojson") if route_name in MAP_TWINS else TWIN_FORMATS


def make_records() -> dict[str, Any]:
    """One Middlesbrough record of each kind a route can name."""
    from cohesion.indicators.models import Dataset, Indicator, IndicatorValue, Upload
    from cohesion.places.models import Area, Level
    from cohesion.surveys.collection import start_online
    from cohesion.surveys.importing import start_batch
    from cohesion.surveys.models import Question, Survey, Wave
    from cohesion.surveys.setup import model_questionnaire
    from cohesion.tensions.models import ReporterContact
    from cohesion.tensions.models.assessment import copy_default_scale

    council = Organisation.objects.get(name="Middlesbrough Council")
    middlesbrough = Area.objects.current(Level.COUNCIL).get(code=MIDDLESBROUGH)
    wards = list(Area.objects.current(Level.WARD).filter(code__in=["E05009866", NORTH_ORMESBY]))

    report = ReportFactory(consent_police=True)
    ReporterContact.objects.create(report=report, name="A Person", phone="07700 900982")

    indicator = Indicator.objects.create(
        code="route-test-esol",
        title="ESOL learners",
        definition="Adults learning English.",
        unit="count",
        levels=["ward", "council"],
    )
    dataset = Dataset.objects.create(source="test", title="ESOL learners", values_count=2)
    for code, level, value in ((NORTH_ORMESBY, "ward", 12.0), (MIDDLESBROUGH, "council", 240.0)):
        IndicatorValue.objects.create(
            indicator=indicator,
            dataset=dataset,
            area_code=code,
            area_level=level,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            value=value,
        )
    upload = Upload.objects.create(
        organisation=council,
        uploaded_by=Membership.objects.get(user__username="alice").user,
        file_name="esol.csv",
        sha256="0" * 64,
        indicator_code="local-middlesbrough-council-esol",
        indicator_title="ESOL learners",
        unit="count",
        polarity="neutral",
        rows=[],
    )

    questionnaire = model_questionnaire(middlesbrough)
    version = questionnaire.published_versions().first()
    survey = Survey.objects.create(
        council=middlesbrough, title="Locality", questionnaire=questionnaire
    )

    def wave(name: str, start: dt.date, **extra: Any) -> Wave:
        made = Wave.objects.create(
            survey=survey,
            name=name,
            period_start=start,
            period_end=start + dt.timedelta(days=29),
            questionnaire_version=version,
            weighting_status="weighted",
            **extra,
        )
        made.target_wards.set(wards)
        return made

    earlier = wave("March 2021", dt.date(2021, 3, 1))
    later = wave("September 2021", dt.date(2021, 9, 1), accepting_online=True)
    _response, token = start_online(later)
    own_question = Question.objects.create(
        code="e06000002_hub",
        owner=middlesbrough,
        topic="local",
        wording="Is the hub open to all?",
        scale=Question.objects.get(code="civic_participation").scale,
        source="Middlesbrough Council",
    )
    from cohesion.packs.choices import PackKind, PackStatus
    from cohesion.packs.making import template_for
    from cohesion.packs.models import PackSchedule
    from cohesion.packs.tests.factories import make_pack

    # Someone new, invited by email, who opens the link before setting a password.
    invitee = get_user_model().objects.create_user("newcomer", "newcomer@example.org")
    # Directory: a published Middlesbrough service at a location (Open Referral UK API).
    from cohesion.directory.tests.factories import ServiceAtLocationFactory
    from cohesion.plans.tests.factories_reviews import review_records
    from cohesion.plans.tests.route_records import make_plan_records
    from cohesion.programme.tests.factories_volunteers import make_volunteer_records
    from cohesion.programme.tests.route_records import make_programme_records

    directory_at = ServiceAtLocationFactory()
    # Directory upkeep: a service the North Ormesby hub maintains, a change it proposed, a
    # mistake the public reported (with an email address).
    from cohesion.directory.tests.factories_upkeep import mistake, owned_service, proposal

    directory_owned = owned_service()
    directory_change = proposal(
        directory_owned, get_user_model().objects.get(username="carol"), name="Renamed café"
    )
    directory_mistake = mistake(directory_owned, email="resident@example.org")
    return {
        "directory_owned": directory_owned,
        "directory_change": directory_change,
        "directory_mistake": directory_mistake,
        # Plans: Newport's plan, its theme, objective, target and a police action.
        **make_plan_records(),
        # Programme: a partners-only session of the North Ormesby Community Hub, with an outcome.
        **make_programme_records(),
        # The council's register of interpreters, and the hub's request to it for a home visit.
        **make_volunteer_records(),
        "directory_at": directory_at,
        # --- directory (dir-find): the same published Middlesbrough service ---
        "directory_service": directory_at.service,
        # Plans: a recorded review of another plan and its open escalation.
        **review_records(),
        "report": report,
        "assessment": TensionAssessmentFactory(),
        # Middlesbrough's own scale, which its administrator may change and no other council may see.
        "level": next(level for level in copy_default_scale(council) if level.order == 3),
        "event": TriggerEventFactory(),
        "rumour": RumourFactory(),
        "impact": CommunityImpactFactory(report=report),
        "alert": AlertFactory(),
        "indicator": indicator,
        "upload": upload,
        "questionnaire": questionnaire,
        "survey": survey,
        "wave": later,
        "earlier_wave": earlier,
        "own_question": own_question,
        "batch": start_batch(later, "r.csv", b"ref,safe_day\nR1,1\n", mode="paper"),
        "token": token,
        "organisation": council,
        # An issued ward briefing (which the ward councillor reads) and a draft one.
        "pack": make_pack(),
        "draft_pack": make_pack(status=PackStatus.DRAFT),
        "pack_template": template_for(council, PackKind.WARD_BRIEFING),
        # Middlesbrough's quarterly hate-incident report, sent to its coordinators.
        "pack_schedule": PackSchedule.objects.create(
            organisation=council,
            kind=PackKind.HATE_QUARTERLY,
            area_code=MIDDLESBROUGH,
            roles=["coordinator"],
        ),
        "membership": Membership.objects.get(user__username="alice"),
        # The newcomer is invited to join Cleveland Police as a viewer.
        "invitation_token": make_token(
            invitee, Organisation.objects.get(name="Cleveland Police"), Role.VIEWER
        ),
    }


def _pk(name: str) -> Example:
    return lambda records: records[name].pk


# Parameters that mean the same thing on every route.
PARAMETER_EXAMPLES: dict[str, Example] = {
    "code": lambda r: NORTH_ORMESBY,  # an area (ward) code
    "council": lambda r: MIDDLESBROUGH,
    "council_code": lambda r: MIDDLESBROUGH,
    "reference": lambda r: r["report"].reference,
    "token": lambda r: r["token"],
    "number": lambda r: 1,
    # The Django admin: any object; no persona is staff, so none of them gets past its sign-in.
    "object_id": lambda r: 1,
    "id": lambda r: 1,
    "content_type_id": lambda r: 1,
    "app_label": lambda r: "tensions",
    "url": lambda r: "no-such-page/",
}

# Parameters whose record depends on the route, by URL name.
ROUTE_EXAMPLES: dict[str, dict[str, Example]] = {
    "packs-pack-detail": {"pk": _pk("pack")},
    "packs-pack-file": {"pk": _pk("pack"), "file_format": lambda r: "html"},
    "packs-pack-table": {"pk": _pk("pack")},
    "packs-pack-issue": {"pk": _pk("draft_pack")},
    "packs-pack-rebuild": {"pk": _pk("draft_pack")},
    "packs-pack-reissue": {"pk": _pk("pack")},
    "packs-template-edit": {"pk": _pk("pack_template")},
    "packs-schedule-stop": {"pk": _pk("pack_schedule")},
    "indicators-upload-detail": {"pk": _pk("upload")},
    "indicators-indicator-detail": {"code": lambda r: r["indicator"].code},
    "indicators-indicator-detail-twin": {"code": lambda r: r["indicator"].code},
    "indicators-choropleth": {"code": lambda r: r["indicator"].code},
    "indicators-choropleth-twin": {"code": lambda r: r["indicator"].code},
    "api-indicator-detail": {"code": lambda r: r["indicator"].code},
    "api-indicator-values": {"code": lambda r: r["indicator"].code},
    "tensions-assessment-detail": {"pk": _pk("assessment")},
    "tensions-assessment-edit": {"pk": _pk("assessment")},
    "tensions-level-edit": {"pk": _pk("level")},
    # --- directory (dir-find) ---
    "directory-service": {"pk": _pk("directory_service")},
    "directory-service-twin": {"pk": _pk("directory_service")},
    "directory-need": {"council": lambda r: MIDDLESBROUGH, "need": lambda r: "youth"},
    "directory-need-twin": {"council": lambda r: MIDDLESBROUGH, "need": lambda r: "youth"},
    "accounts-invitation": {"token": lambda r: r["invitation_token"]},
    "tensions-trigger-event-detail": {"pk": _pk("event")},
    "tensions-trigger-event-edit": {"pk": _pk("event")},
    "tensions-rumour-detail": {"pk": _pk("rumour")},
    "tensions-rumour-edit": {"pk": _pk("rumour")},
    "tensions-impact-detail": {"pk": _pk("impact")},
    "tensions-impact-detail-twin": {"pk": _pk("impact")},
    "tensions-impact-edit": {"pk": _pk("impact")},
    "surveys-survey-detail": {"pk": _pk("survey")},
    "surveys-survey-detail-twin": {"pk": _pk("survey")},
    "surveys-survey-edit": {"pk": _pk("survey")},
    "surveys-wave-create": {"survey_pk": _pk("survey")},
    "surveys-questionnaire-detail": {"pk": _pk("questionnaire")},
    "surveys-questionnaire-edit": {"pk": _pk("questionnaire")},
    "surveys-questionnaire-publish": {"pk": _pk("questionnaire")},
    "surveys-question-detail": {"pk": _pk("own_question")},
    "surveys-take": {"code": lambda r: r["wave"].public_code},
    "surveys-response-create": {"wave_pk": _pk("wave")},
    "surveys-import-create": {"wave_pk": _pk("wave")},
    "surveys-import-detail": {"pk": _pk("batch")},
    "surveys-import-discard": {"pk": _pk("batch")},
    "surveys-wave-compare": {"pk": _pk("wave"), "other_pk": _pk("earlier_wave")},
    "surveys-wave-compare-twin": {"pk": _pk("wave"), "other_pk": _pk("earlier_wave")},
    "api-survey-wave-estimates": {"pk": _pk("wave")},
    "accounts-organisation-detail": {"pk": _pk("organisation")},
    "accounts-member-add": {"pk": _pk("organisation")},
    "accounts-membership-edit": {"pk": _pk("membership")},
    "accounts-membership-unlock": {"pk": _pk("membership")},
    # --- Plans pages (steering group, localities, plans, themes, objectives, actions) ---
    "plans-locality": {"pk": _pk("locality")},
    "plans-locality-twin": {"pk": _pk("locality")},
    "plans-locality-edit": {"pk": _pk("locality")},
    "plans-plan-create": {"pk": _pk("locality")},
    "plans-plan": {"pk": _pk("plan")},
    "plans-plan-twin": {"pk": _pk("plan")},
    "plans-plan-edit": {"pk": _pk("plan")},
    "plans-theme-create": {"pk": _pk("plan")},
    "plans-theme-edit": {"pk": _pk("plan_theme")},
    "plans-objective-create": {"pk": _pk("plan_theme")},
    "plans-objective-edit": {"pk": _pk("objective")},
    "plans-action-create": {"pk": _pk("plan")},
    "plans-action": {"pk": _pk("plan_action")},
    "plans-action-twin": {"pk": _pk("plan_action")},
    "plans-action-edit": {"pk": _pk("plan_action")},
    "plans-action-status": {"pk": _pk("plan_action")},
    "plans-council-theme-edit": {"pk": _pk("council_theme")},
    "plans-locality-public": {"slug": lambda r: r["locality"].slug},
    # Plans: targets (plans-targets).
    "plans-target-add": {"plan_pk": lambda r: r["target"].plan_id},
    "plans-target-detail": {"pk": _pk("target")},
    "plans-target-detail-twin": {"pk": _pk("target")},
    "plans-target-edit": {"pk": _pk("target")},
    "plans-target-status": {"pk": _pk("target")},
    # Directory: the Open Referral UK API names records by their Open Referral id.
    "directory-oruk-service": {"id": lambda r: r["directory_at"].service_id},
    "directory-oruk-organization": {"id": lambda r: r["directory_at"].service.organisation_id},
    "directory-oruk-service-at-location": {"id": lambda r: r["directory_at"].id},
    "directory-oruk-taxonomy": {"id": lambda r: TAXONOMY_ID},
    "directory-oruk-taxonomy-term": {"id": lambda r: stable_id("esol")},
    # Directory upkeep: the hub's own service, its proposed change, a public report.
    "directory-manage-service": {"pk": _pk("directory_owned")},
    "directory-manage-service-edit": {"pk": _pk("directory_owned")},
    "directory-manage-service-confirm": {"pk": _pk("directory_owned")},
    "directory-manage-service-add": {"pk": lambda r: r["directory_owned"].organisation_id},
    "directory-manage-organisation-confirm": {"pk": lambda r: r["directory_owned"].organisation_id},
    "directory-review-change": {"pk": _pk("directory_change")},
    "directory-review-mistake": {"pk": _pk("directory_mistake")},
    "directory-report-mistake": {"pk": _pk("directory_owned")},
    "directory-report-mistake-sent": {"pk": _pk("directory_owned")},
    # A link that is no longer valid: the page must say so, for anyone.
    "accounts-password-set": {"uidb64": lambda r: "MQ", "token": lambda r: "set-password"},
}
# Plans import and export, and the plans API (plans-io).
ROUTE_EXAMPLES |= {
    "plans-io-export-plans": {"sheet": lambda r: "xlsx"},  # and the council, by its usual example
    "plans-io-export-actions": {"pk": _pk("plan"), "sheet": lambda r: "csv"},
    "plans-io-import-actions": {"pk": _pk("plan")},
    "plans-io-export-targets": {"pk": _pk("plan"), "sheet": lambda r: "xlsx"},
    "plans-io-import-targets": {"pk": _pk("plan")},
    "api-plans-plan-detail": {"pk": _pk("plan")},
    "api-plans-plan-targets": {"pk": _pk("plan")},
    "api-plans-plan-actions": {"pk": _pk("plan")},
    "api-plans-action-detail": {"pk": _pk("plan_action")},
}
# Plans: reviews and meetings, escalations, actions raised from tensions records.
ROUTE_EXAMPLES |= {
    "plans-meeting-detail": {"pk": _pk("meeting")},
    "plans-meeting-detail-twin": {"pk": _pk("meeting")},
    "plans-review-add": {"plan_pk": _pk("plan")},
    "plans-escalation-resolve": {"pk": _pk("escalation")},
    "plans-action-raise": {"source_kind": lambda r: "alert", "source_id": _pk("alert")},
    "plans-issue-plan-open": {"source_kind": lambda r: "alert", "source_id": _pk("alert")},
    # --- Programme: the partners' calendar and the public events of a locality ---
    "programme-event": {"pk": _pk("programme_event")},
    "programme-event-twin": {"pk": _pk("programme_event")},
    "programme-event-edit": {"pk": _pk("programme_event")},
    "programme-outcome-add": {"pk": _pk("programme_event")},
    "programme-grant-round": {"pk": lambda r: r["grant_application"].round_id},
    "programme-grant-application": {"pk": _pk("grant_application")},
    "programme-grant-due-diligence": {"pk": _pk("grant_application")},
    "programme-grant-score": {"pk": _pk("grant_application")},
    "programme-grant-decision": {"pk": _pk("grant_application")},
    "programme-grant-return-record": {"pk": _pk("grant_return")},
    "programme-grants-apply": {"pk": lambda r: r["grant_application"].round_id},
    "programme-public-interpreter": {"pk": _pk("public_programme_event")},
    "programme-event-hours-add": {"pk": _pk("programme_event")},
    "programme-volunteer": {"pk": _pk("volunteer")},
    "programme-volunteer-edit": {"pk": _pk("volunteer")},
    "programme-volunteer-check-add": {"pk": _pk("volunteer")},
    "programme-volunteer-hours-add": {"pk": _pk("volunteer")},
    "programme-booking": {"pk": _pk("interpreter_booking")},
    "api-programme-event-detail": {"pk": _pk("programme_event")},
    "programme-public-locality": {"slug": lambda r: r["locality"].slug},
    "programme-public-locality-twin": {"slug": lambda r: r["locality"].slug},
    "programme-public-locality-ics": {"slug": lambda r: r["locality"].slug},
}
# Every other survey wave page (detail, edit, weight, results, map, publish) names the wave.
WAVE_ROUTE_PREFIX = "surveys-wave-"


def example_for(route_name: str | None, parameter: str) -> Example | None:
    """The example for one parameter of one route, or None when there is none."""
    route_examples = ROUTE_EXAMPLES.get(route_name or "", {})
    if parameter in route_examples:
        return route_examples[parameter]
    if parameter == "pk" and (route_name or "").startswith(WAVE_ROUTE_PREFIX):
        return _pk("wave")
    return PARAMETER_EXAMPLES.get(parameter)
