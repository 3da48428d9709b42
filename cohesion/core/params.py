"""Reading query parameters: the one place a value typed into an address becomes a date, a number or a code.

Every view that reads ``request.GET`` (or a REST endpoint's ``query_params``) goes
through these functions. A value that cannot be used raises :class:`BadParameter`,
which answers 400 with a message a person understands: the web pages show the
400 page with the message (``cohesion.core.views.bad_request``), and the REST API
answers in its own error format, ``{"name": ["message"]}``
(:func:`api_exception_handler`). Nothing typed into an address reaches the
database or date arithmetic unchecked, so none of it can end in a server error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# Dates outside these years are refused: nothing Cohesion holds is older, and date
# arithmetic on weeks near year 1 or 9999 overflows Python's date range.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
# Longest text parameter read (search boxes, codes); longer values are refused, not cut.
MAX_TEXT_LENGTH = 200
# A GSS code (E05001234), a generation code (WD25) or a slug such as an indicator code.
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")


class BadParameter(BadRequest):
    """A query parameter that cannot be used; ``message`` is shown to the person who sent it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _raw(params: Mapping[str, Any], name: str) -> str:
    value = params.get(name)
    text = "" if value is None else str(value).strip()
    if len(text) > MAX_TEXT_LENGTH:
        raise BadParameter(
            name, _("“%(name)s” is too long to be a search or a code.") % {"name": name}
        )
    if "\x00" in text:
        raise BadParameter(
            name, _("“%(name)s” holds characters that cannot be read.") % {"name": name}
        )
    return text


def text_param(params: Mapping[str, Any], name: str, default: str = "") -> str:
    """Free text (a search), trimmed; refused when too long to be a search."""
    return _raw(params, name) or default


def code_param(params: Mapping[str, Any], name: str, *, upper: bool = False) -> str:
    """A code such as a GSS code, a generation or an indicator code; '' when not given."""
    text = _raw(params, name)
    if not text:
        return ""
    if not CODE_PATTERN.fullmatch(text):
        raise BadParameter(
            name,
            _("“%(name)s” must be a code of letters, numbers and dashes, such as E06000002.")
            % {"name": name},
        )
    return text.upper() if upper else text


def choice_param(
    params: Mapping[str, Any], name: str, choices: Iterable[str], default: str = ""
) -> str:
    """One of ``choices``; ``default`` when not given; refused when it is something else."""
    text = _raw(params, name)
    if not text:
        return default
    allowed = list(choices)
    if text not in allowed:
        raise BadParameter(
            name,
            _("“%(name)s” must be one of: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(allowed)},
        )
    return text


def int_param(
    params: Mapping[str, Any], name: str, *, default: int, minimum: int, maximum: int
) -> int:
    """A whole number between ``minimum`` and ``maximum``; ``default`` when not given."""
    text = _raw(params, name)
    if not text:
        return default
    message = _("“%(name)s” must be a whole number from %(minimum)s to %(maximum)s.") % {
        "name": name,
        "minimum": minimum,
        "maximum": maximum,
    }
    if not re.fullmatch(r"[+-]?\d{1,20}", text):
        raise BadParameter(name, message)
    number = int(text)
    if not minimum <= number <= maximum:
        raise BadParameter(name, message)
    return number


def bool_param(params: Mapping[str, Any], name: str) -> bool:
    """True for 1, true or yes; false when absent or anything else said as no."""
    text = _raw(params, name).lower()
    if text in ("", "0", "false", "no"):
        return False
    if text in ("1", "true", "yes"):
        return True
    raise BadParameter(name, _("“%(name)s” must be true or false.") % {"name": name})


def date_param(params: Mapping[str, Any], name: str) -> dt.date | None:
    """A date written YYYY-MM-DD between 1900 and 2199; None when not given."""
    text = _raw(params, name)
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        day = None
    if day is None:
        raise BadParameter(
            name,
            _("“%(name)s” must be a real date written as YYYY-MM-DD, for example 2025-03-31.")
            % {"name": name},
        )
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise BadParameter(
            name,
            _("“%(name)s” must be a date between %(earliest)s and %(latest)s.")
            % {
                "name": name,
                "earliest": EARLIEST_DATE.isoformat(),
                "latest": LATEST_DATE.isoformat(),
            },
        )
    return day


def week_param(params: Mapping[str, Any], name: str, default: dt.date) -> dt.date:
    """The Monday of the week holding the date given in ``name``, or ``default``."""
    day = date_param(params, name)
    if day is None:
        return default
    return day - dt.timedelta(days=day.weekday())


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Any:
    """DRF's exception handler, answering a :class:`BadParameter` as a 400 in the API's error format."""
    from rest_framework.exceptions import ValidationError
    from rest_framework.views import exception_handler

    if isinstance(exc, BadParameter):
        exc = ValidationError({exc.name: [exc.message]})
    return exception_handler(exc, context)


def datetime_param(params: Mapping[str, Any], name: str) -> dt.datetime | None:
    """A moment written in ISO 8601 (``2025-03-31``, ``2025-03-31T09:30:00Z``); None when not given.

    A date alone is its midnight; a moment without an offset is in the site's time zone.
    """
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    text = _raw(params, name)
    if not text:
        return None
    moment: dt.datetime | None
    try:
        moment = parse_datetime(text.replace(" ", "+"))  # "+" in an address arrives as a space
        if moment is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    except ValueError:
        moment = None
    if moment is None or not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        raise BadParameter(
            name,
            _(
                "“%(name)s” must be a date or a date and time in ISO 8601, "
                "for example 2025-03-31 or 2025-03-31T09:30:00Z."
            )
            % {"name": name},
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
