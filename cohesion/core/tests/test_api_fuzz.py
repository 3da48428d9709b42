"""A schema-driven fuzz of /api/v1/: no server errors, and every response conforms to the OpenAPI document.

Schemathesis reads the API's own OpenAPI document and sends requests generated
from it (paths, query parameters within and outside their documented bounds) to
the Django application through WSGI, anonymously and as a council officer. It is
bounded (a few dozen examples per operation) so it stays inside the normal test
command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Per operation, and each example is sent twice (anonymous, officer): about a minute in all.
MAX_EXAMPLES = 40
MIDDLESBROUGH = "E06000002"
NEWPORT = "E05009866"
NORTH_ORMESBY = "E05009867"


SESSION_HEADER = "X-Test-Session"


def _signed_in_as_the_session_header(environ: dict[str, Any], start_response: Any) -> Any:
    """The Django application, with the session named in X-Test-Session as its cookie.

    The WSGI test client keeps its own cookie jar and drops a Cookie header, so the
    officer's session travels in a header of its own and becomes the cookie here.
    """
    from cohesion.wsgi import application

    session = environ.pop("HTTP_X_TEST_SESSION", "")
    if session:
        environ["HTTP_COOKIE"] = f"sessionid={session}"
    return application(environ, start_response)


@contextmanager
def _one_database_connection() -> Iterator[None]:
    """Keep the test's database connection open across requests, as Django's test client does.

    The WSGI application closes the connection when a request starts and finishes;
    inside a test that would end the transaction the test runs in.
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _schema() -> Any:
    with _one_database_connection():
        return schemathesis.openapi.from_wsgi(
            "/api/v1/schema/?format=json", _signed_in_as_the_session_header
        ).exclude(path="/api/v1/schema/")


schema = _schema()


@pytest.fixture(autouse=True)
def _keep_the_connection() -> Iterator[None]:
    with _one_database_connection():
        yield


@pytest.fixture
def api_data(db: None, shared_data: Any) -> dict[str, Any]:
    """Records for the API to serve: an indicator with a suppressed value, and a weighted survey wave."""
    import datetime as dt

    import numpy as np

    from cohesion.indicators.models import Dataset, Indicator, IndicatorValue
    from cohesion.places.models import Area, Level
    from cohesion.surveys.margins import population_tables
    from cohesion.surveys.models import Survey, Wave
    from cohesion.surveys.setup import model_questionnaire
    from cohesion.surveys.specs import wave_questions
    from cohesion.surveys.synthetic import (
        add_responses,
        draw_answers,
        draw_demographics,
        ward_profile,
    )
    from cohesion.surveys.weighting import weight_wave

    indicator = Indicator.objects.create(
        code="fuzz-rate", title="Fuzz rate", definition="For the API fuzz.", unit="rate_per_1000"
    )
    dataset = Dataset.objects.create(source="fuzz", title="Fuzz", values_count=2)
    for code, value, suppressed in ((NEWPORT, 12.5, False), (NORTH_ORMESBY, 3.0, True)):
        IndicatorValue.objects.create(
            indicator=indicator,
            dataset=dataset,
            area_code=code,
            area_level="ward",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            value=value,
            numerator=value,
            suppressed=suppressed,
        )
    council = Area.objects.current(Level.COUNCIL).get(code=MIDDLESBROUGH)
    wards = list(Area.objects.current(Level.WARD).filter(code__in=[NEWPORT, NORTH_ORMESBY]))
    survey = Survey.objects.create(
        council=council,
        title="Locality survey",
        questionnaire=model_questionnaire(council),
        weight_by=["ward"],
    )
    wave = Wave.objects.create(
        survey=survey,
        name="September 2021",
        period_start=dt.date(2021, 9, 1),
        period_end=dt.date(2021, 9, 30),
        questionnaire_version=survey.questionnaire.versions.order_by("-number").first(),
    )
    wave.target_wards.set(wards)
    rng = np.random.default_rng(7)
    tables = population_tables(shared_data)
    questions = [q for q in wave_questions(wave) if not q.demographic_role]
    for ward in wards:
        demographics = draw_demographics(rng, ward_profile(tables, ward.code, MIDDLESBROUGH), 40)
        answers = {q.code: draw_answers(rng, q, 40, np.full(40, 0.6)) for q in questions}
        add_responses(wave, ward.code, demographics, answers, rng=rng, ref_prefix="F-")
    assert weight_wave(wave, shared_data).ok
    # Plans (plans-io): Newport's plan with a theme, a police action and a target.
    from cohesion.plans.tests.factories import (
        ActionFactory,
        PlanFactory,
        PlanThemeFactory,
        TargetFactory,
    )

    plan = PlanFactory()
    theme = PlanThemeFactory(plan=plan)
    action = ActionFactory(plan=plan, theme=theme)
    TargetFactory(plan=plan, theme=theme)
    return {"indicator": indicator, "wave": wave, "plan": plan, "action": action}


@pytest.fixture
def officer_session(alice: Any) -> str:
    from django.test import Client

    client = Client()
    client.force_login(alice)
    return str(client.cookies["sessionid"].value)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_fails_and_always_answers_as_documented(
    case: Any, api_data: Any, officer_session: str
) -> None:
    """Trust item 13 and the quality bar: 0 server errors, 0 schema violations, anonymous and as an officer."""
    for session in (None, officer_session):
        headers = {SESSION_HEADER: session} if session else {}
        case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.django_db
def test_records_the_api_holds_are_served_as_documented(
    api_data: Any, officer_session: str
) -> None:
    """The quality bar: real records (suppressed values, a weighted wave) conform to the document."""
    wave = api_data["wave"]
    plan, action = api_data["plan"], api_data["action"]
    requests = [
        ("/api/v1/plans/", {}, {"council": MIDDLESBROUGH}),
        ("/api/v1/plans/{id}/", {"id": plan.pk}, {}),
        ("/api/v1/plans/{id}/targets/", {"id": plan.pk}, {}),
        ("/api/v1/plans/{id}/actions/", {"id": plan.pk}, {}),
        ("/api/v1/plans/actions/{id}/", {"id": action.pk}, {}),
        ("/api/v1/indicators/", {}, {}),
        ("/api/v1/datasets/", {}, {}),
        ("/api/v1/indicators/{code}/", {"code": "fuzz-rate"}, {}),
        ("/api/v1/indicators/{code}/values/", {"code": "fuzz-rate"}, {"latest": "true"}),
        ("/api/v1/indicators/{code}/values/", {"code": "fuzz-rate"}, {"parent": MIDDLESBROUGH}),
        ("/api/v1/areas/{code}/indicators/", {"code": NEWPORT}, {}),
        ("/api/v1/areas/{code}/", {"code": MIDDLESBROUGH}, {}),
        ("/api/v1/areas/", {}, {"parent": MIDDLESBROUGH, "limit": "1000"}),
        ("/api/v1/generations/", {}, {}),
        ("/api/v1/surveys/", {}, {}),
        ("/api/v1/surveys/waves/{id}/estimates/", {"id": wave.pk}, {"limit": "1000"}),
    ]
    served = 0
    for path, path_parameters, query in requests:
        operation = schema[path]["GET"]
        case = operation.Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate(headers={SESSION_HEADER: officer_session}, checks=CHECKS)
        assert response.status_code == 200, path
        served += 1
    estimates = case.call(headers={SESSION_HEADER: officer_session}).json()["results"]
    assert estimates and any(e["suppressed"] is False for e in estimates)
    assert served == len(requests)
