"""Walk the whole URLconf: every route, the class it is declared with, and a concrete address for it.

Used by the generated permission test (``cohesion/core/tests/test_every_route.py``). A route is
found however deeply it is included (app URLconfs, the API, the Django admin), its class is
looked up in the ``ROUTE_CLASSES`` of the URLconf modules reached on the way down, and its
parameters are filled from examples keyed by route and parameter name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from cohesion.core.routes import RouteClass, declarations_of, urlconf_module

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<parameter>\w+)>[^()]*\)")


@dataclass(frozen=True)
class Route:
    """One address pattern of the site, from the root of the URLconf down."""

    key: str  # "tensions-report-detail", or "admin:auth_user_change" inside a namespace
    namespace: str
    name: str | None
    patterns: tuple[Any, ...]  # the pattern objects from the root down to this route
    module: str  # the URLconf module where the route should be classified
    route_class: RouteClass | None

    @property
    def template(self) -> str:
        return "".join(str(p) for p in self.patterns)

    @property
    def parameters(self) -> tuple[str, ...]:
        names: list[str] = []
        for pattern in self.patterns:
            if isinstance(pattern, RoutePattern):
                names += [m["parameter"] for m in ROUTE_PARAMETER.finditer(str(pattern))]
            elif isinstance(pattern, RegexPattern):
                names += [m["parameter"] for m in REGEX_GROUP.finditer(str(pattern))]
        return tuple(names)

    def describe(self) -> str:
        return f"{self.key!r} (/{self.template})"


class UnclassifiedRoute(LookupError):
    """A route (or a stale declaration) that no ``ROUTE_CLASSES`` accounts for."""


class MissingExample(LookupError):
    """A route parameter the permission test has no example value for."""


def _walk(
    patterns: Sequence[Any],
    prefix: tuple[Any, ...],
    namespace: str,
    module: str,
    declared: dict[str, RouteClass],
) -> Iterator[tuple[str, str | None, tuple[Any, ...], str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = urlconf_module(entry.urlconf_name)
            inner_name = inner.__name__ if inner is not None else module
            for key, value in (declarations_of(inner) if inner else {}).items():
                if declared.get(key, value) is not value:
                    raise UnclassifiedRoute(f"{key!r} is classified twice, differently")
                declared[key] = value
            inner_namespace = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _walk(
                entry.url_patterns,
                (*prefix, entry.pattern),
                inner_namespace,
                inner_name,
                declared,
            )
        elif isinstance(entry, URLPattern):
            yield namespace, entry.name, (*prefix, entry.pattern), module


def walk_urlconf(urlconf: str | None = None) -> list[Route]:
    """Every route of the URLconf (the project's unless one is named), with its declared class."""
    resolver = get_resolver(urlconf)
    root = urlconf_module(resolver.urlconf_name)
    declared = declarations_of(root) if root else {}
    found = list(_walk(resolver.url_patterns, (), "", root.__name__ if root else "?", declared))
    routes = []
    for namespace, name, patterns, module in found:
        key = f"{namespace}:{name}" if namespace and name else (name or f"{namespace}:<unnamed>")
        route_class = declared.get(key) or (declared.get(f"{namespace}:*") if namespace else None)
        routes.append(Route(key, namespace, name, patterns, module, route_class))
    return routes


def unclassified(routes: Sequence[Route]) -> list[str]:
    """A message for each route with no class, saying where to classify it."""
    return [
        f"Route {route.describe()} has no access class: add {route.key!r} to ROUTE_CLASSES in "
        f"{route.module.replace('.', '/')}.py (one of the classes in cohesion/core/routes.py, such as "
        "PUBLIC, SIGNED_IN, SENSITIVE or SENSITIVE_FORM; see 'Route classes' in docs/developers.md)."
        for route in routes
        if route.route_class is None
    ]


def stale_declarations(urlconf: str | None = None) -> list[str]:
    """Names classified in some ROUTE_CLASSES that no route of the URLconf carries any more."""
    resolver = get_resolver(urlconf)
    root = urlconf_module(resolver.urlconf_name)
    declared = declarations_of(root) if root else {}
    found = list(_walk(resolver.url_patterns, (), "", "", declared))
    keys = {f"{ns}:{name}" if ns and name else name for ns, name, _patterns, _module in found}
    keys |= {f"{ns}:*" for ns, _name, _patterns, _module in found if ns}
    return sorted(key for key in declared if key not in keys)


def build_address(route: Route, values: Mapping[str, str]) -> str:
    """The concrete address of ``route`` with each parameter taken from ``values``."""
    missing = [p for p in route.parameters if p not in values]
    if missing:
        raise MissingExample(
            f"Route {route.describe()} needs an example for {', '.join(missing)}: add it to "
            "ROUTE_EXAMPLES (or PARAMETER_EXAMPLES) in cohesion/core/tests/route_examples.py."
        )
    address = "/"
    for pattern in route.patterns:
        if isinstance(pattern, RoutePattern):
            converters = pattern.converters

            def fill(match: re.Match[str], converters: Mapping[str, Any] = converters) -> str:
                parameter = match["parameter"]
                return str(converters[parameter].to_url(values[parameter]))

            address += ROUTE_PARAMETER.sub(fill, str(pattern))
        elif isinstance(pattern, RegexPattern):
            regex = str(pattern).removeprefix("^").removesuffix("$")
            address += REGEX_GROUP.sub(lambda m: str(values[m["parameter"]]), regex)
        else:
            address += str(pattern)
    return address
