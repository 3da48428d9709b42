"""Who may open each address: every route in the URLconf carries one access class.

Each app declares ``ROUTE_CLASSES`` in its ``urls.py`` (and ``api_urls.py``), next to its
patterns, mapping each URL name to one of the classes below::

    ROUTE_CLASSES = {
        "tensions-report-detail": SENSITIVE,  # a page showing a council's records
        "tensions-report-triage": SENSITIVE_FORM,  # a page that takes a POST changing them
        "tensions-public-report": PUBLIC_FORM,  # a form anyone may send
    }

A whole namespace mounted from elsewhere (the Django admin) is classified as ``"admin:*"``
in ``cohesion/urls.py``. The generated permission test (``cohesion/core/tests/test_every_route.py``)
walks the whole URLconf, fails on any route that is not classified, and requests every
route as every persona with every verb, holding each to what its class promises. See
"Route classes" in docs/developers.md.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import ResolverMatch, URLResolver


@dataclass(frozen=True)
class RouteClass:
    """What a route promises about who may open it, and whether it takes a form's POST.

    ``public``: anyone may get a page, signed in or not.
    ``records``: it shows or changes a council's cases, assessments, surveys or people,
    so an outsider gets 404 for a record that is not theirs and a read-only member's
    write changes nothing.
    ``staff``: only staff accounts (the Django admin).
    ``site_admin``: only site administrators (superusers); anyone else signed in gets 403.
    ``api``: a REST endpoint; refusals are 401/403/404 rather than a sign-in redirect,
    and the endpoint decides its own methods.
    ``form``: the page takes a POST. A page that does not answers POST, as it answers
    PUT, PATCH and DELETE, with 405 (``PageMethodsMiddleware`` in cohesion/core/middleware.py).
    """

    name: str
    description: str
    public: bool = False
    records: bool = False
    staff: bool = False
    site_admin: bool = False
    api: bool = False
    form: bool = False

    def __str__(self) -> str:
        return self.name

    @property
    def methods(self) -> tuple[str, ...]:
        """The methods a page of this class answers (the API decides its own)."""
        return ("GET", "HEAD", "POST") if self.form else ("GET", "HEAD")


PUBLIC = RouteClass("public", "anyone, signed in or not", public=True)
PUBLIC_FORM = RouteClass("public form", "a form anyone may send", public=True, form=True)
SIGNED_IN = RouteClass(
    "signed-in",
    "any signed-in member, about their own account or settings; anonymous visitors sign in first",
)
SIGNED_IN_FORM = RouteClass(
    "signed-in form", "a form any signed-in member may send about their own settings", form=True
)
SENSITIVE = RouteClass(
    "sensitive",
    "a council's cases, assessments, surveys, uploads or people: anonymous visitors sign in "
    "first, outsiders get 404",
    records=True,
)
SENSITIVE_FORM = RouteClass(
    "sensitive form",
    "a change to a council's records: anonymous visitors sign in first, outsiders get 404, "
    "read-only members 403",
    records=True,
    form=True,
)
STAFF = RouteClass("staff", "staff accounts only (the Django admin)", staff=True, form=True)
SITE_ADMIN = RouteClass(
    "site administrators",
    "the whole site's running (scheduled jobs): anonymous visitors sign in first, everyone "
    "but site administrators (superusers) gets 403",
    site_admin=True,
)
PUBLIC_API = RouteClass(
    "public API",
    "a REST endpoint anyone may read; it lists only what the caller may see",
    public=True,
    api=True,
)
SENSITIVE_API = RouteClass(
    "sensitive API",
    "a REST endpoint for one council's record: refused (401/403/404) to anyone who may not see it",
    records=True,
    api=True,
)

ROUTE_CLASS_CHOICES = (
    PUBLIC,
    PUBLIC_FORM,
    SIGNED_IN,
    SIGNED_IN_FORM,
    SENSITIVE,
    SENSITIVE_FORM,
    STAFF,
    SITE_ADMIN,
    PUBLIC_API,
    SENSITIVE_API,
)


def declared_classes(urlconf: str | None = None) -> dict[str, RouteClass]:
    """Every ``ROUTE_CLASSES`` entry of the URLconf modules reachable from the root, merged."""
    return _declared_classes(urlconf or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=8)
def _declared_classes(urlconf: str) -> dict[str, RouteClass]:
    declared: dict[str, RouteClass] = {}
    seen: set[str] = set()

    def collect(module_or_patterns: Any) -> None:
        module = urlconf_module(module_or_patterns)
        if module is not None:
            if module.__name__ in seen:
                return
            seen.add(module.__name__)
            for key, value in declarations_of(module).items():
                if declared.get(key, value) is not value:
                    raise ImproperlyConfigured(f"Route {key!r} is classified twice, differently.")
                declared[key] = value
        patterns = (
            getattr(module, "urlpatterns", module_or_patterns) if module else module_or_patterns
        )
        for entry in patterns:
            if isinstance(entry, URLResolver):
                collect(entry.urlconf_name)

    collect(urlconf)
    return declared


def declarations_of(module: ModuleType) -> dict[str, RouteClass]:
    """The ``ROUTE_CLASSES`` of one URLconf module, checked."""
    declared = getattr(module, "ROUTE_CLASSES", {})
    for key, value in declared.items():
        if value not in ROUTE_CLASS_CHOICES:
            raise ImproperlyConfigured(
                f"ROUTE_CLASSES[{key!r}] in {module.__name__} is {value!r}; "
                "use one of the classes in cohesion/core/routes.py."
            )
    return dict(declared)


def class_of(match: ResolverMatch, urlconf: str | None = None) -> RouteClass | None:
    """The class a resolved address was declared with (None if nobody classified it)."""
    declared = declared_classes(urlconf)
    if match.url_name and match.view_name in declared:
        return declared[match.view_name]
    return declared.get(f"{match.namespace}:*") if match.namespace else None


def urlconf_module(urlconf: Any) -> ModuleType | None:
    if isinstance(urlconf, ModuleType):
        return urlconf
    if isinstance(urlconf, str):
        return importlib.import_module(urlconf)
    return None  # a list of patterns (such as admin.site.urls) has no module of its own
