"""The public events pages, their iCal feeds (parsed back) and twins, and the totals with small numbers suppressed."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from cohesion.places.queries import get_area
from cohesion.plans.tests.factories import LocalityFactory
from cohesion.programme.queries import programme_totals
from cohesion.programme.tests.factories import (
    MIDDLESBROUGH,
    NEWPORT,
    EventFactory,
    OutcomeFactory,
)

pytestmark = pytest.mark.django_db


def test_the_public_page_shows_only_public_events(client):
    EventFactory(title="Welcome to Middlesbrough")
    EventFactory(title="Partners planning meeting", is_public=False)
    page = client.get(reverse("programme-public-council", args=[MIDDLESBROUGH])).content.decode()
    assert "Welcome to Middlesbrough" in page
    assert "Partners planning meeting" not in page
    rows = client.get(reverse("programme-public-council-twin", args=[MIDDLESBROUGH, "json"]))
    assert [r["title"] for r in rows.json()["events"]] == ["Welcome to Middlesbrough"]
    csv = client.get(reverse("programme-public-council-twin", args=[MIDDLESBROUGH, "csv"]))
    assert csv.content.decode().splitlines()[0].startswith("id,title,kind,starts_at")
    assert "Partners planning meeting" not in csv.content.decode()


def test_the_ical_feed_parses_back_with_its_weekly_rule(client):
    weekly = EventFactory(title="ESOL café", kind="esol_cafe", repeat_weeks=10)
    EventFactory(title="Hidden", is_public=False)
    response = client.get(reverse("programme-public-ics", args=[MIDDLESBROUGH]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["ESOL café"]
    event = events[0]
    assert event.decoded("DTSTART") == weekly.starts_at
    assert event.decoded("DTEND") == weekly.ends_at
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["COUNT"] == [10]
    assert str(event["UID"]).startswith(f"programme-event-{weekly.pk}@")


def test_a_locality_page_and_feed_hold_its_wards_events_and_council_wide_ones(client):
    locality = LocalityFactory(slug="newport")
    EventFactory(title="In Newport", ward=get_area(NEWPORT))
    EventFactory(title="In North Ormesby")
    EventFactory(title="Across the town", ward=None, venue="Town Hall")
    page = client.get(reverse("programme-public-locality", args=[MIDDLESBROUGH, locality.slug]))
    text = page.content.decode()
    assert "In Newport" in text and "Across the town" in text
    assert "In North Ormesby" not in text
    feed = client.get(reverse("programme-public-locality-ics", args=[MIDDLESBROUGH, "newport"]))
    summaries = {
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    }
    assert summaries == {"In Newport", "Across the town"}
    assert (
        client.get(
            reverse("programme-public-locality", args=[MIDDLESBROUGH, "nowhere"])
        ).status_code
        == 404
    )


def test_past_events_leave_the_public_page_but_a_running_weekly_series_stays(client):
    from django.utils import timezone

    ten_weeks_ago = timezone.now() - dt.timedelta(weeks=10)
    EventFactory(title="Long gone", starts_at=ten_weeks_ago)
    EventFactory(title="Still running", starts_at=ten_weeks_ago, repeat_weeks=20)
    text = client.get(reverse("programme-public-council", args=[MIDDLESBROUGH])).content.decode()
    assert "Still running" in text and "Long gone" not in text


def test_totals_suppress_small_counts_and_their_complements():
    big = OutcomeFactory(attendance=40)
    OutcomeFactory(event__kind="conversation", attendance=3)
    OutcomeFactory(event__kind="esol_cafe", attendance=25, languages_spoken=["Polish"])
    result = programme_totals(MIDDLESBROUGH, by="kind")
    by_kind = {g["group"]: g for g in result["groups"]}
    assert by_kind["conversation"]["attendance"] is None  # 3 is below the threshold
    # With only the total and one other kind shown, the 3 could be worked out; one more is hidden.
    hidden = [k for k, g in by_kind.items() if g["attendance"] is None]
    assert len(hidden) >= 2 or result["overall"]["attendance"] is None
    assert result["overall"]["sessions"] == 3
    assert result["overall"]["languages"] == 4  # Arabic, Kurdish, Tigrinya, Polish
    assert big.event.kind == "youth"


def test_totals_sentence_for_a_pack():
    for n in range(4):
        OutcomeFactory(attendance=100 + n, event__kind="orientation")
    result = programme_totals(MIDDLESBROUGH)
    assert result["sentence"] == "4 sessions, 406 residents, 3 languages"


def test_the_totals_page_and_its_twin_are_public_and_suppressed(client):
    OutcomeFactory(attendance=2)
    page = client.get(reverse("programme-totals", args=[MIDDLESBROUGH]))
    assert page.status_code == 200
    data = client.get(reverse("programme-totals-twin", args=[MIDDLESBROUGH, "json"])).json()
    assert data["overall"]["attendance"] is None
    assert "2" not in [str(v) for g in data["groups"] for v in g.values() if v == 2]


def test_the_public_events_page_reads_in_polish_and_in_arabic_right_to_left(client):
    EventFactory(title="Welcome café", kind="esol_cafe")
    url = reverse("programme-public-council", args=[MIDDLESBROUGH])
    polish = client.get(url, HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert "Wydarzenia lokalne" in polish and "Kurs angielskiego lub kawiarenka językowa" in polish
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in arabic and "فعاليات المجتمع" in arabic
    welsh = client.get(url, HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert 'lang="cy"' in welsh and "Digwyddiadau cymunedol" in welsh
    assert "ESOL neu gaffi sgwrsio" in welsh
