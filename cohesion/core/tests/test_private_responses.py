"""No browser or proxy keeps a copy of a page drawn for a signed-in person, or of a download.

Trust item 17. Every route of the URLconf is opened by a signed-in person and
must answer ``Cache-Control: no-store, private``, whatever its status; public
pages for anonymous visitors stay cacheable, their downloads do not.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter

pytestmark = pytest.mark.django_db

MIDDLESBROUGH = "E06000002"


def _sample(converter: Any) -> Any:
    """A value each kind of address parameter accepts (the page may well answer 404 for it)."""
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, SlugConverter | PathConverter):
        return "x"
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    choices = str(getattr(converter, "regex", "")).split("|")
    if len(choices) > 1 and all(choice.isalpha() for choice in choices):
        # A format converter (the twins' json|csv|geojson, the plans sheets' csv|xlsx).
        return "csv" if "csv" in choices else choices[0]
    return MIDDLESBROUGH


def _addresses(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[str]:
    """One address for every named route outside the Django admin."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from _addresses(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            yield reverse(entry.name, kwargs={k: _sample(c) for k, c in converters.items()})


def _is_private(response: Any) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.parametrize("persona", ["alice", "bob", "erin"])
def test_every_page_answered_to_a_signed_in_person_is_no_store(persona, client_for, request):
    """Trust item 17: cases, contact details, exports and the audit log are never cached."""
    client = client_for(request.getfixturevalue(persona))
    cached = []
    for address in sorted(set(_addresses())):
        response = client.get(address)
        if not _is_private(response):
            cached.append(f"{address} ({response.status_code}: {response.get('Cache-Control')})")
    assert not cached, "Cacheable answers to a signed-in person: " + ", ".join(cached)


def test_the_django_admin_is_no_store_for_site_staff(client_for, superuser):
    client = client_for(superuser)
    for address in (reverse("admin:index"), reverse("admin:accounts_membership_changelist")):
        assert _is_private(client.get(address)), address


def test_a_case_page_and_its_contact_details_are_no_store(client_for, alice):
    from cohesion.tensions.models import ReporterContact
    from cohesion.tensions.tests.factories_reports import ReportFactory

    report = ReportFactory()
    ReporterContact.objects.create(report=report, name="A Person", phone="07700 900982")
    client = client_for(alice)
    for address in (report.get_absolute_url(), report.get_absolute_url() + "contact/"):
        response = client.get(address)
        assert response.status_code == 200
        assert _is_private(response), address


def test_public_pages_stay_cacheable_but_downloads_do_not():
    client = Client()
    boundaries = client.get(reverse("tensions-public-areas"))
    assert boundaries.status_code == 200
    assert not _is_private(boundaries)
    download = client.get(reverse("tensions-public-twin", args=[MIDDLESBROUGH, "csv"]))
    assert download.status_code == 200
    assert _is_private(download)


def test_static_files_keep_their_caching_for_a_signed_in_person(client_for, alice):
    response = client_for(alice).get("/static/js/area-map.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31_536_000)
def test_with_https_on_plain_http_is_redirected_except_the_health_check():
    """Trust item 17: operators' health checks over HTTP keep working."""
    client = Client()
    assert client.get(reverse("core-healthz")).status_code == 200
    redirect = client.get(reverse("tensions-public-report"))
    assert redirect.status_code == 301
    assert redirect["Location"].startswith("https://")
    secure = client.get(reverse("tensions-public-report"), secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"
