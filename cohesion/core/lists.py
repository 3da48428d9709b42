"""The one list pattern: filters in a GET form, an order to sort by, pages, and the same query as .json/.csv.

Every list of records an officer works through (the case queue, rumours,
early-warning alerts, plan actions, the partnership calendar) is built the same way:

* a :class:`ListFilterForm` subclass names the filters; it reads only its own
  names from the address, so ``page`` and the like never count as a filter, and
  the filter state is an address a person can bookmark or share;
* the view narrows ``Model.objects.restrict(user, action)`` with the form
  (a filter only ever narrows what the person may already see), and
  :func:`page_of` cuts the result into pages for the web page, or up to the
  download limit for the ``.json`` and ``.csv`` twins, which read the same filters;
* the template includes ``core/lists/_filters.html`` (the form, which works without
  JavaScript), ``core/lists/_pages.html`` (the count and page links, which keep the
  filters) and ``core/lists/_downloads.html`` (the twins, with the filters).

An invalid filter is left out and shown as an error; the others still apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from cohesion.core.forms import GovukForm

PAGE_SIZE = 50  # rows on one page of a list
EXPORT_LIMIT = 500  # rows in a download of a list
# Dates no record falls before or after, whatever the time zone.
EARLIEST = dt.date.min + dt.timedelta(days=1)
LATEST = dt.date.max - dt.timedelta(days=1)


def any_choice(choices: Any, label: Any = None) -> list[tuple[str, Any]]:
    """``choices`` with a first, empty choice meaning "no filter"."""
    return [("", label or _("Any")), *choices]


def _fill(text: Any, values: dict[str, Any]) -> str:
    return str(text) % {k: str(v) for k, v in values.items()}


# Fills a translated text when it is shown, in the language of the page (not at import).
_lazy_fill = lazy(_fill, str)


def date_field(label: Any, example: str) -> forms.DateField:
    """A date filter, typed or picked, with an error that says what a date looks like."""
    return forms.DateField(
        label=label,
        required=False,
        help_text=_lazy_fill(_("For example %(date)s"), {"date": example}),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "invalid": _lazy_fill(
                _("“%(label)s” must be a real date, like %(date)s"),
                {"label": label, "date": example},
            )
        },
    )


@dataclass(frozen=True)
class Sort:
    """One order a list can be read in: its address value, its label, and the ``order_by`` terms."""

    value: str
    label: Any
    order: tuple[Any, ...]


class ListFilterForm(GovukForm):
    """A list's filters, read from the address; every field may be left empty.

    Subclasses declare their fields, ``sorts`` (the first is the default order), and
    :meth:`narrow`, which applies the valid filters to a queryset. ``date_ranges``
    names pairs of date fields whose end must not come before their start.
    """

    sorts: ClassVar[Sequence[Sort]] = ()
    date_ranges: ClassVar[Sequence[tuple[str, str]]] = ()

    def __init__(self, data: Any, **kwargs: Any) -> None:
        names = self.filter_names()
        # Only the form's own names, so that ``page`` and the like never count as a filter.
        super().__init__({k: data[k] for k in names if k in data}, **kwargs)
        if self.sorts:
            self.fields["sort"] = forms.ChoiceField(
                label=_("Order"),
                required=False,
                choices=[(s.value, s.label) for s in self.sorts],
            )
            self.style_widgets()
        self._params = [(k, v) for k in names for v in _values(data, k) if v]

    def offer(self, **choices: list[tuple[str, str]]) -> None:
        """Give each named choice field its choices (after "Any"): what the person may already see."""
        for name, offered in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = any_choice(offered)

    @classmethod
    def filter_names(cls) -> tuple[str, ...]:
        """The query-string names the form reads: its fields, and ``sort`` if it sorts."""
        names = tuple(cls.base_fields)
        return (*names, "sort") if cls.sorts else names

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for start_name, end_name in self.date_ranges:
            start, end = data.get(start_name), data.get(end_name)
            if start and end and end < start:
                self.add_error(
                    end_name,
                    _("“%(end)s” must be the same as or after “%(start)s”")
                    % {
                        "end": self.fields[end_name].label,
                        "start": self.fields[start_name].label,
                    },
                )
        return data

    @property
    def data_ok(self) -> dict[str, Any]:
        """The filters that were valid (an invalid one is left out)."""
        self.is_valid()
        return self.cleaned_data if self.is_bound else {}

    def narrow(self, records: QuerySet[Any], data: dict[str, Any], user: Any) -> QuerySet[Any]:
        """``records`` narrowed by the valid filters in ``data``; subclasses say how."""
        return records

    def ordered(self, records: QuerySet[Any]) -> QuerySet[Any]:
        """``records`` in the order chosen (the first of ``sorts`` when none is)."""
        if not self.sorts:
            return records
        chosen = self.data_ok.get("sort") or self.sorts[0].value
        sort = next((s for s in self.sorts if s.value == chosen), self.sorts[0])
        return records.order_by(*sort.order)

    def filtered(self, records: QuerySet[Any], user: Any) -> QuerySet[Any]:
        """``records`` narrowed by every valid filter and put in the chosen order."""
        return self.ordered(self.narrow(records, self.data_ok, user))

    @property
    def query(self) -> str:
        """The filters as given, as a query string (without ``page``) for links and downloads."""
        return urlencode(self._params, doseq=True)

    @property
    def active(self) -> bool:
        """Whether any filter other than the order is in use (to offer a way to clear them)."""
        return any(v for name, v in self.data_ok.items() if name != "sort")


def _values(data: Any, name: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    return [] if value is None else [str(value)]


def day_start(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the site's time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def within_days(
    records: QuerySet[Any], field: str, start: dt.date | None, end: dt.date | None
) -> QuerySet[Any]:
    """``records`` whose date-time ``field`` falls on ``start`` or later and on ``end`` or earlier.

    A date at either end of the calendar bounds nothing (and would overflow in UTC).
    """
    if start and start > EARLIEST:
        records = records.filter(**{f"{field}__gte": day_start(start)})
    if end and end < LATEST:
        records = records.filter(**{f"{field}__lt": day_start(end + dt.timedelta(days=1))})
    return records


@dataclass
class ListPage:
    """What a list shows: the rows on this page (or in this download), the page, and the total found."""

    shown: list[Any]
    page: Page[Any] | None
    total: int


def page_of(
    request: HttpRequest,
    records: QuerySet[Any] | Sequence[Any],
    fmt: str | None,
    *,
    page_size: int = PAGE_SIZE,
    export_limit: int = EXPORT_LIMIT,
) -> ListPage:
    """One page of ``records`` for a web page (``?page=``; a page past the end shows the last),
    or the first ``export_limit`` for a ``.json`` or ``.csv`` download. Two queries either way
    for a queryset; a list (records checked one by one in Python) is cut as it is."""
    if fmt is None:
        page = Paginator(records, page_size).get_page(request.GET.get("page"))
        return ListPage(list(page.object_list), page, page.paginator.count)
    total = records.count() if isinstance(records, QuerySet) else len(records)
    return ListPage(list(records[:export_limit]), None, total)


def list_context(form: ListFilterForm, listed: ListPage, **extra: Any) -> dict[str, Any]:
    """The template context the list includes read."""
    return {
        "form": form,
        "query": form.query,
        "page": listed.page,
        "total": listed.total,
        "export_limit": EXPORT_LIMIT,
        **extra,
    }


def choices_from(records: QuerySet[Any], value: str, label: str) -> list[tuple[str, str]]:
    """The distinct (``value``, ``label``) pairs among ``records``, by label, for a filter's choice
    list (one query), so a list offers only what the person may already see."""
    pairs = (
        records.exclude(**{f"{value}__isnull": True})
        .order_by(label, value)
        .values_list(value, label)
        .distinct()
    )
    return [(str(code), str(name or code)) for code, name in pairs if code != ""]


def within_dates(
    records: QuerySet[Any], field: str, start: dt.date | None, end: dt.date | None
) -> QuerySet[Any]:
    """``records`` whose date ``field`` is from ``start`` to ``end``, both included."""
    if start:
        records = records.filter(**{f"{field}__gte": start})
    if end:
        records = records.filter(**{f"{field}__lte": end})
    return records
