"""The start page: what waits for the signed-in person, gathered from every app.

Each app answers for itself through one public function, ``start_page_items(user)``
in its ``queries.py``, listed in :data:`PROVIDERS`. The function returns
:class:`StartItem` rows built only from what that person may open (each app's
``restrict``), so the page never counts a record the person could not see: a
viewer, who reads aggregates only, gets no case counts at all. This module
knows no other app's models.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# The sections of the page, in order, and their headings.
SECTIONS: dict[str, Any] = {
    "cases": _("Cases"),
    "alerts": _("Early-warning alerts"),
    "assessments": _("Tension assessments this week"),
    "plans": _("Plan actions and reviews"),
    "directory": _("Directory entries to check"),
    "packs": _("Scheduled packs"),
}

# Each app's contribution, in the order the page shows them.
PROVIDERS = (
    "cohesion.tensions.queries.start_page_items",
    "cohesion.plans.queries.start_page_items",
    "cohesion.directory.queries.start_page_items",
    "cohesion.packs.queries.start_page_items",
)


@dataclass(frozen=True)
class StartItem:
    """One thing waiting for the person: a sentence, the address of the work, and how urgent it is.

    ``count`` is a number of records the person may open (None when the item is
    one record); ``urgent`` marks what is overdue or failed.
    """

    section: str
    text: str
    url: str
    count: int | None = None
    urgent: bool = False
    detail: str = ""


def providers() -> list[Callable[[Any], list[StartItem]]]:
    return [import_string(path) for path in PROVIDERS]


def start_sections(user: Any) -> list[dict[str, Any]]:
    """The page's sections that hold anything for ``user``, each with its items."""
    found: dict[str, list[StartItem]] = {name: [] for name in SECTIONS}
    for provide in providers():
        for item in provide(user):
            found.setdefault(item.section, []).append(item)
    return [
        {"name": name, "heading": SECTIONS.get(name, name), "items": items}
        for name, items in found.items()
        if items
    ]
