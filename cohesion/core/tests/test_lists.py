"""The one list pattern: filters read from the address (and nothing else), sorts, date ranges, pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.test import RequestFactory

from cohesion.core.lists import ListFilterForm, Sort, date_field, page_of, within_dates


class PlaceForm(ListFilterForm):
    """A list of places, to exercise the base form."""

    name = forms.CharField(required=False)
    opened_from = date_field("Opened from", "2026-01-01")
    opened_to = date_field("Opened to", "2026-12-31")

    date_ranges = (("opened_from", "opened_to"),)
    sorts = (Sort("name", "Name", ("name",)), Sort("newest", "Newest", ("-opened",)))


def test_the_form_reads_only_its_own_names_from_the_address() -> None:
    form = PlaceForm(QueryDict("name=Hub&page=3&utm_source=x&sort=newest"))
    assert PlaceForm.filter_names() == ("name", "opened_from", "opened_to", "sort")
    assert form.query == "name=Hub&sort=newest"
    assert form.data_ok == {
        "name": "Hub",
        "opened_from": None,
        "opened_to": None,
        "sort": "newest",
    }
    assert form.active


def test_the_order_alone_is_not_a_filter_to_clear() -> None:
    assert not PlaceForm(QueryDict("sort=newest")).active
    assert not PlaceForm(QueryDict("")).active


def test_an_end_before_the_start_is_explained_and_left_out() -> None:
    form = PlaceForm(QueryDict("name=Hub&opened_from=2026-05-01&opened_to=2026-04-01"))
    assert form.errors["opened_to"] == ["“Opened to” must be the same as or after “Opened from”"]
    assert form.data_ok["name"] == "Hub"
    assert "opened_to" not in form.data_ok


def test_a_wrong_date_says_what_a_date_looks_like() -> None:
    form = PlaceForm(QueryDict("opened_from=31/02/2026"))
    assert form.errors["opened_from"] == ["“Opened from” must be a real date, like 2026-01-01"]


def test_an_unknown_order_is_refused_and_the_first_order_is_used() -> None:
    form = PlaceForm(QueryDict("sort=cheapest"))
    assert "sort" in form.errors
    assert form.data_ok.get("sort") is None


@pytest.mark.django_db
def test_a_page_past_the_end_shows_the_last_and_a_download_is_capped() -> None:
    from cohesion.places.models import Area

    request = RequestFactory().get("/", {"page": "999"})
    areas = Area.objects.order_by("pk")
    total = areas.count()
    assert total > 3
    shown = page_of(request, areas, None, page_size=1000)
    assert shown.total == total
    assert shown.page is not None and shown.page.number == shown.page.paginator.num_pages
    download = page_of(request, areas, "csv", export_limit=3)
    assert (len(download.shown), download.total, download.page) == (3, total, None)
    listed = page_of(request, list(areas), "json", export_limit=3)
    assert (len(listed.shown), listed.total) == (3, total)


@pytest.mark.django_db
def test_a_date_range_includes_both_ends() -> None:
    from cohesion.tensions.models import Rumour
    from cohesion.tensions.tests.factories_assessment import RumourFactory

    for day in (1, 2, 3, 4):
        RumourFactory(heard_on=dt.date(2026, 3, day))
    found: Any = within_dates(
        Rumour.objects.all(), "heard_on", dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    )
    assert sorted(r.heard_on.day for r in found) == [2, 3]
