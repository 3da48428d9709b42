"""The permission test generated from the URLconf: every route, every persona, every verb.

Each route of the site (app pages, twins, the API, the Django admin) is classified in its
app's ``ROUTE_CLASSES`` (cohesion/core/routes.py). This module walks the whole URLconf,
fails on any route nobody classified, fills each route's parameters with real Middlesbrough
records (route_examples.py), and requests it as anonymous and as every persona with GET,
HEAD, OPTIONS, POST, PUT, PATCH and DELETE. Whatever the class, it holds each answer to:

- no server error, ever;
- anonymous visitors get nothing (no 2xx) from a route that is not public: pages send them
  to sign in, the API refuses them;
- another council's officer (dave) gets nothing from a route that names a Middlesbrough
  record, and changes nothing by writing to it;
- read-only members (every viewer persona) change nothing by writing to a sensitive route;
- a page answers 405 to OPTIONS, PUT, PATCH and DELETE, and to POST unless it is declared a form;
- someone gets a 2xx or 3xx from each route (an anonymous visitor from a public one), so that
  the refusals above are not refusals of everyone because of a wrong example.

Who exactly gets 200, 403 or 404 on each sensitive view is pinned by the apps' own matrices
(cohesion/testing/matrix.py); this test guarantees that no route escapes the rules above.
It pins the first item of the Trust quality bar.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import resolve

from cohesion.accounts.choices import Role
from cohesion.accounts.personas import PERSONAS
from cohesion.core.tests.route_examples import (
    ANSWERS_NOBODY,
    example_for,
    formats_of,
    make_records,
)
from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS
from cohesion.testing.routes import (
    MissingExample,
    Route,
    build_address,
    stale_declarations,
    unclassified,
    walk_urlconf,
)

SAFE_VERBS = ("GET", "HEAD", "OPTIONS")
WRITE_VERBS = ("POST", "PUT", "PATCH", "DELETE")
READ_ONLY = tuple(p.username for p in PERSONAS if p.role == Role.VIEWER)
OUTSIDER = "dave"  # Darlington's officer: must never open or change a Middlesbrough record
SIGN_IN = "/accounts/sign-in/"
ADMIN_SIGN_IN = "/django-admin/login/"

# Tables a request may legitimately write to whoever sends it: the audit trail of views and
# refusals, sessions, sign-in attempts and queued background work. Places are reference data
# loaded once and never written by a page (and are large).
NOT_FINGERPRINTED = {"audit", "sessions", "axes", "django_tasks_database", "admin", "places"}

# Routes whose failures belong to other Trust items, each with the requests seen failing.
# strict: when the fix lands the test passes, the marker turns into a failure, and is removed.
KNOWN: dict[str, str] = {}


@dataclass(frozen=True)
class RouteCase:
    route: Route
    fmt: str | None = None

    @property
    def id(self) -> str:
        return f"{self.route.key}[{self.fmt}]" if self.fmt else self.route.key


def _cases(routes: Iterable[Route]) -> list[RouteCase]:
    cases = []
    for route in routes:
        if "fmt" in route.parameters:
            cases += [RouteCase(route, fmt) for fmt in formats_of(route.name)]
        else:
            cases.append(RouteCase(route))
    return cases


ROUTES = walk_urlconf()
CASES = _cases(ROUTES)


def _param(case: RouteCase) -> Any:
    marks = []
    if case.id in KNOWN or case.route.key in KNOWN:
        reason = KNOWN.get(case.id) or KNOWN[case.route.key]
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    return pytest.param(case, id=case.id, marks=marks)


def fingerprint() -> str:
    """A digest of every row of every table a page could change (see NOT_FINGERPRINTED)."""
    digest = hashlib.blake2b(digest_size=16)
    for model in apps.get_models(include_auto_created=True):  # with many-to-many tables
        if model._meta.app_label in NOT_FINGERPRINTED or model._meta.proxy:
            continue
        if model._meta.app_label == "auth" and model._meta.model_name == "user":
            rows = model._base_manager.order_by("pk").values_list(
                "pk", "username", "email", "is_active", "is_staff", "is_superuser", "password"
            )
        else:
            rows = model._base_manager.order_by("pk").values_list()
        digest.update(model._meta.label.encode())
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _address(case: RouteCase, records: dict[str, Any]) -> str:
    values: dict[str, Any] = {}
    for parameter in case.route.parameters:
        if parameter == "fmt":
            values["fmt"] = case.fmt
            continue
        example = example_for(case.route.name, parameter)
        if example is not None:
            values[parameter] = example(records)
    return build_address(case.route, values)


def _names_a_record(route: Route) -> bool:
    return any(p != "fmt" for p in route.parameters)


def _judge(route: Route, persona: str, verb: str, status: int, location: str) -> str | None:
    """What is wrong with this answer, if anything."""
    route_class = route.route_class
    assert route_class is not None
    success = 200 <= status < 300
    if status >= 500:
        return "server error"
    if persona == ANONYMOUS and not route_class.public:
        if success:
            return "anonymous visitor got a page that is not public"
        if route_class.api and status not in (401, 403, 404, 405):
            return "anonymous API caller was not refused with 401/403/404/405"
        if not route_class.api and status != 405:
            sign_in = ADMIN_SIGN_IN if route_class.staff else SIGN_IN
            if status != 302 or not location.startswith(sign_in):
                return f"anonymous visitor was not sent to sign in ({sign_in})"
    if persona == OUTSIDER and route_class.records and _names_a_record(route):
        if success:
            return "another council's officer got a Middlesbrough record"
        if status not in (404, 405):
            return "another council's officer was not told 404 (so learns the record exists)"
    refusals = (403, 404, 405)
    if (
        persona in READ_ONLY
        and route_class.records
        and verb in WRITE_VERBS
        and status not in refusals
    ):
        return "a read-only member's write was not refused (403)"
    if route_class.staff and persona != ANONYMOUS and success:
        return "a member who is not staff got into the admin"
    if route_class.site_admin and persona != ANONYMOUS and status not in (403, 405):
        return "a member who is not a site administrator was not refused (403)"
    if not route_class.api and verb not in route_class.methods and status != 405:
        return (
            f"a page answered {verb}, which its class ({route_class}) does not take, not with 405"
        )
    return None


def _watched(route: Route, persona: str) -> bool:
    """Whether this persona's writes to this route must leave the database as it was."""
    route_class = route.route_class
    assert route_class is not None
    if route_class.staff:
        return persona != ANONYMOUS
    if not route_class.records:
        return False
    return persona in READ_ONLY or (persona == OUTSIDER and _names_a_record(route))


@pytest.fixture(scope="module")
def client() -> Client:
    """One client for the whole module: each new one would load the middleware (and scan static files) again."""
    return Client()


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_every_route_answers_every_persona_and_verb_safely(
    case: RouteCase, client: Client, db: None
) -> None:
    route = case.route
    if route.route_class is None:
        pytest.fail("\n".join(unclassified([route])))
    # The admin turns away every persona before it reads anything: it needs no records.
    records = {} if route.route_class.staff else make_records()
    try:
        address = _address(case, records)
    except MissingExample as missing:
        pytest.fail(str(missing))
    match = resolve(address.split("?")[0])
    if route.name:
        assert match.url_name == route.name, f"{address} resolves to {match.url_name}"

    users = {u.username: u for u in get_user_model().objects.all()}
    # Personas whose writes must change nothing go last, together, between two fingerprints.
    personas = sorted(ALL_PERSONAS, key=lambda persona: _watched(route, persona))
    watched = [persona for persona in personas if _watched(route, persona)]
    problems: list[str] = []
    used: dict[str, bool] = {}  # persona: got a 2xx or 3xx other than a sign-in redirect
    before = ""
    for persona in personas:
        if watched and persona == watched[0]:
            before = fingerprint()
        client.logout()
        if persona != ANONYMOUS:
            client.force_login(users[persona])
        for verb in (*SAFE_VERBS, *WRITE_VERBS):
            response = client.generic(verb, address)
            status = response.status_code
            location = response.get("Location", "")
            problem = _judge(route, persona, verb, status, location)
            if 200 <= status < 400 and SIGN_IN not in location:
                used[persona] = True
            if problem:
                problems.append(f"{verb} {address} as {persona}: {status} - {problem}")
    # No persona is a site administrator (a superuser): such pages' own tests sign one in.
    usable = (
        not route.route_class.staff
        and not route.route_class.site_admin
        and route.name not in ANSWERS_NOBODY
    )
    if usable and route.route_class.public and not used.get(ANONYMOUS):
        problems.append(f"{address} is public, but an anonymous visitor got no 2xx or 3xx")
    if usable and not any(used.values()):
        # Otherwise the refusals above would hold of a route that answers nobody (a wrong example).
        problems.append(f"nobody could use {address}: no persona got a 2xx or 3xx for any verb")
    if watched and fingerprint() != before:
        problems.append(
            f"{'/'.join(WRITE_VERBS)} {address} as {', '.join(watched)}: changed the database"
        )
    assert not problems, f"{route.describe()} ({route.route_class}):\n" + "\n".join(problems)


def test_every_route_is_classified() -> None:
    """An unclassified new route fails the suite, naming where to classify it (Trust quality bar)."""
    assert unclassified(ROUTES) == []


def test_no_route_class_is_declared_for_an_address_that_no_longer_exists() -> None:
    assert stale_declarations() == []


def test_every_route_parameter_has_an_example() -> None:
    """Each parameter of each route can be filled with a real record (route_examples.py)."""
    missing = [
        f"{route.describe()}: {parameter}"
        for route in ROUTES
        for parameter in route.parameters
        if parameter != "fmt" and example_for(route.name, parameter) is None
    ]
    assert missing == []


@override_settings(ROOT_URLCONF="cohesion.core.tests.urls_with_an_unclassified_route")
def test_a_new_route_nobody_classified_is_reported_with_where_to_classify_it() -> None:
    """The checker itself: a route added without a class is found and named (Trust quality bar)."""
    routes = walk_urlconf()
    messages = unclassified(routes)
    assert len(messages) == 1, messages
    assert "'plans-plan-detail'" in messages[0]
    assert "plans/<int:pk>/" in messages[0]
    assert "ROUTE_CLASSES in cohesion/core/tests/urls_with_an_unclassified_route.py" in messages[0]
    assert len(routes) == len(ROUTES) + 1


@override_settings(ROOT_URLCONF="cohesion.core.tests.urls_with_an_unclassified_route")
def test_a_new_route_parameter_without_an_example_is_reported() -> None:
    route = next(r for r in walk_urlconf() if r.name == "plans-plan-detail")
    with pytest.raises(MissingExample, match="needs an example for pk"):
        build_address(route, {})


def test_the_fingerprint_sees_a_changed_field_and_a_changed_link(db: None) -> None:
    """The database check above can fail: an edit in place or a new many-to-many link shows."""
    from cohesion.places.models import Area
    from cohesion.tensions.models import Report

    records = make_records()
    before = fingerprint()
    Report.objects.filter(pk=records["report"].pk).update(description="Edited in place.")
    after_edit = fingerprint()
    assert after_edit != before
    records["wave"].target_wards.add(Area.objects.get(code="E05009862", generation__code="WD25"))
    assert fingerprint() != after_edit
