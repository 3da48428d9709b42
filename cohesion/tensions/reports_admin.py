"""Django admin for the reports side: response timescales only.

Councils set how quickly each kind of report must be answered here. Reports
and cases are worked through Cohesion's own pages, where access is restricted
and every change leaves history; the admin does not offer them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cohesion.tensions.models import ResponseTimescale


class ResponseTimescaleAdmin(admin.ModelAdmin):
    list_display = [
        "category",
        "first_contact_amount",
        "first_contact_unit",
        "senior_contact_amount",
        "senior_contact_unit",
        "updated_at",
    ]
    fields = [
        "category",
        "first_contact_amount",
        "first_contact_unit",
        "senior_contact_amount",
        "senior_contact_unit",
        "source",
    ]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        from cohesion.tensions.intake import clear_caches

        clear_caches()  # this process at once; others within a minute

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # every category needs a timescale


def register() -> None:
    if not admin.site.is_registered(ResponseTimescale):
        admin.site.register(ResponseTimescale, ResponseTimescaleAdmin)
