"""The service navigation: one registry that every app adds its sections to.

An app calls :func:`register` from its ``AppConfig.ready``; the header shows the
items the signed-in (or anonymous) person may use, in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    visible: Callable[[HttpRequest], bool] = lambda request: True


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def items_for(request: HttpRequest) -> list[dict[str, str]]:
    if not hasattr(request, "user"):
        # An error page for a request that failed before authentication ran.
        return []
    return [
        {"label": str(item.label), "url": reverse(item.url_name)}
        for item in sorted(_items.values(), key=lambda i: i.order)
        if item.visible(request)
    ]


def signed_in(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated)
