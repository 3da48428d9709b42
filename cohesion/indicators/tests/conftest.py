"""Indicator data for the tests that need it, loaded once for this package from the real files.

The loaders run once (about ten seconds) before the first test that asks for
``indicator_data`` and the tables are emptied after the package's last test,
so other apps' tests never see them. Each test still runs in its own rolled-back
transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="package")
def indicator_data(
    django_db_setup: None, django_db_blocker: Any, shared_data: Path
) -> Iterator[list[Any]]:
    from cohesion.indicators.loaders.base import load_indicators
    from cohesion.indicators.models import Dataset, Indicator, IndicatorValue, Upload

    with django_db_blocker.unblock():
        results = load_indicators(shared_data)
    yield results
    with django_db_blocker.unblock():
        Upload.objects.all().delete()
        IndicatorValue.objects.all().delete()
        Dataset.objects.all().delete()
        Indicator.objects.all().delete()
