"""Indicator data for the tests that need it, loaded once for this package from the real files.

The loaders run once (about ten seconds) before the first test that asks for
``indicator_data`` and the tables are emptied after the package's last test,
so other apps' tests never see them. Each test still runs in its own rolled-back
transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


@contextmanager
def _outside_any_event_loop() -> Iterator[None]:
    """Allow plain database calls while a session-wide Playwright browser keeps an event loop open.

    The browser tests of this package start Playwright's synchronous API, which
    leaves an asyncio loop registered in the main thread; Django then refuses
    ORM calls as if they came from async code. These calls are synchronous.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def indicator_data(
    django_db_setup: None, django_db_blocker: Any, shared_data: Path
) -> Iterator[list[Any]]:
    from cohesion.indicators.loaders.base import load_indicators
    from cohesion.indicators.models import Dataset, Indicator, IndicatorValue, Upload

    with django_db_blocker.unblock(), _outside_any_event_loop():
        results = load_indicators(shared_data)
    yield results
    with django_db_blocker.unblock(), _outside_any_event_loop():
        Upload.objects.all().delete()
        IndicatorValue.objects.all().delete()
        Dataset.objects.all().delete()
        Indicator.objects.all().delete()
