"""Refreshing the planner's statistics after a bulk load, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, models
from django.test.utils import isolate_apps

from cohesion.core.db import refresh_statistics, tables_of
from cohesion.testing.statistics import columns_with_statistics, planner_row_count

pytestmark = pytest.mark.django_db


def test_a_model_brings_its_own_many_to_many_tables_and_each_table_comes_once() -> None:
    assert tables_of([User, "auth_user", Group]) == [
        "auth_user",
        "auth_user_groups",
        "auth_user_user_permissions",
        "auth_group",
        "auth_group_permissions",
    ]


@isolate_apps("cohesion.core")
def test_proxies_and_unmanaged_models_bring_no_table() -> None:
    class StaffUser(User):
        class Meta:
            proxy = True
            app_label = "core"

    class ReportingView(models.Model):  # noqa: DJ008 - never shown
        class Meta:
            managed = False
            app_label = "core"
            db_table = "reporting_view"

    assert tables_of([StaffUser, ReportingView]) == []
    assert refresh_statistics([StaffUser, ReportingView]) == []


def test_after_a_refresh_the_planner_counts_the_rows_written_in_this_transaction() -> None:
    Group.objects.bulk_create([Group(name=f"Load {n}") for n in range(25)])
    assert refresh_statistics([Group]) == ["auth_group", "auth_group_permissions"]
    assert planner_row_count(Group) == Group.objects.count() >= 25
    if connection.vendor == "postgresql":
        assert "name" in columns_with_statistics(Group)
