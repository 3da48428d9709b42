"""The demo's synthetic reports: labelled, spread over Tees Valley, with a spike the early warning flags."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest
from django.utils import timezone

from cohesion.tensions.calculations.early_warning import ears_c1, weekly_counts
from cohesion.tensions.demo_reports import SPIKE_WARD, create_demo_reports
from cohesion.tensions.models import Report


@pytest.mark.django_db
def test_the_demo_reports_are_synthetic_labelled_and_made_once(alice: Any, client_for: Any) -> None:
    made = create_demo_reports(say=lambda _: None)
    assert made > 200
    assert Report.objects.filter(synthetic=False).count() == 0
    assert all(
        text.startswith("[Synthetic]")
        for text in Report.objects.values_list("description", flat=True)
    )
    assert Report.objects.values("council_code").distinct().count() == 5  # all of Tees Valley
    assert create_demo_reports(say=lambda _: None) == 0
    html = client_for(alice).get("/tensions/reports/").content.decode()
    assert "cohesion-synthetic-label" in html


@pytest.mark.django_db
@pytest.mark.parametrize("days_later", [0, 3, 6])
def test_the_north_ormesby_spike_is_flagged_by_the_early_warning_engine(days_later: int) -> None:
    # Whatever the day of the week the demo is built, the spike stands out.
    now = timezone.now() + dt.timedelta(days=days_later)
    create_demo_reports(say=lambda _: None, now=now)
    rows = pd.DataFrame(
        Report.objects.filter(category="hate_incident").values("created_at", "ward_code")
    ).rename(columns={"created_at": "date", "ward_code": "area"})
    rows["category"] = "hate_incident"
    table = weekly_counts(rows, end=now)
    series = table.loc[(SPIKE_WARD, "hate_incident")].to_numpy(dtype=float)
    last_complete = len(series) - 2
    alarms = ears_c1(series).alarm
    assert alarms[last_complete], series
    # ...and few other ward series alarm that week.
    others = [
        bool(ears_c1(row.to_numpy(dtype=float)).alarm[last_complete])
        for key, row in table.iterrows()
        if key[0] != SPIKE_WARD
    ]
    assert sum(others) <= max(3, len(others) // 20)
    assert now - dt.timedelta(weeks=13) < Report.objects.earliest("created_at").created_at
