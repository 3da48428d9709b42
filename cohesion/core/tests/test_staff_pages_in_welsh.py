"""The staff pages officers use most, read in Welsh: no English left in the main content.

A council cohesion officer (alice) opens each page with her browser set to Welsh. The
page must come back in Welsh, and no English text from the message catalogues (a label,
a heading, a hint: anything of three words or more) may remain in the main content,
which would mean a text without its Welsh or a page that did not switch language.
Record data (names of places, organisations, what a reporter wrote) stays as entered.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cohesion.core.tests.route_examples import example_for, make_records
from cohesion.testing.catalogues import catalogues, read_catalogue
from cohesion.testing.routes import build_address, walk_urlconf

pytestmark = pytest.mark.django_db

# The pages named in the Welsh work: start page, case queue and case, tension board and
# record, alerts, ward profile, ranking, plans, programme, directory upkeep and packs.
PAGES = (
    "core-start",
    "tensions-report-list",
    "tensions-report-detail",
    "tensions-board",
    "tensions-area",
    "tensions-alert-list",
    "tensions-early-warning-area",
    "indicators-area-profile",
    "indicators-ranking",
    "plans-steering",
    "plans-plan",
    "plans-target-detail",
    "programme-event-list",
    "programme-grant-rounds",
    "directory-manage",
    "packs-pack-list",
    "packs-pack-create",
    "surveys-survey-list",
)

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{\w*\}|<[^>]+>")


@cache
def english_texts() -> frozenset[str]:
    """Pieces of three words or more of every catalogue text that Welsh does not share."""
    pieces = set()
    for path in catalogues("cy"):
        for entry in read_catalogue(path):
            if entry.msgid in entry.msgstr:
                continue  # reads the same in Welsh (a code, a format's name)
            for piece in _PLACEHOLDER.split(entry.msgid):
                piece = " ".join(piece.split()).strip(" .,:;()–-")
                if len(piece.split()) >= 3:
                    pieces.add(piece)
    return frozenset(pieces)


def main_text(page: str) -> str:
    main = re.search(r"<main\b.*?</main>", page, re.S)
    assert main, "the page has no main content"
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", main.group(0), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def english_left(text: str) -> list[str]:
    return sorted(piece for piece in english_texts() if piece in text)


def record_texts(records: dict[str, Any]) -> list[str]:
    """What the records themselves say (titles, names, descriptions): data, kept as entered."""
    texts = set()
    for record in records.values():
        for attribute in ("title", "name", "description", "summary", "text"):
            value = getattr(record, attribute, None)
            if isinstance(value, str) and value.strip():
                texts.add(" ".join(value.split()))
    return sorted(texts, key=len, reverse=True)


def _address(name: str, records: dict[str, Any]) -> str:
    route = next(route for route in walk_urlconf() if route.name == name)
    values = {}
    for parameter in route.parameters:
        example = example_for(name, parameter)
        assert example is not None, f"{name} needs an example for {parameter}"
        values[parameter] = example(records)
    return build_address(route, values)


def test_the_most_used_staff_pages_read_in_welsh_with_no_english_left() -> None:
    records = make_records()
    data = record_texts(records)
    client = Client()
    client.force_login(get_user_model().objects.get(username="alice"))
    problems = []
    for name in PAGES:
        address = _address(name, records)
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="cy")
        assert response.status_code == 200, f"{address}: {response.status_code}"
        page = response.content.decode()
        assert '<html lang="cy"' in page, address
        text = main_text(page)
        for entered in data:
            text = text.replace(entered, " ")
        left = english_left(text)
        if left:
            problems.append(f"{address}: {left}")
    assert problems == [], "English left on Welsh pages:\n" + "\n".join(problems)


def test_the_case_queue_and_start_page_speak_welsh(client_for: Any, alice: Any) -> None:
    client = client_for(alice)
    start = main_text(client.get("/start/", HTTP_ACCEPT_LANGUAGE="cy").content.decode())
    assert "Eich tudalen gychwyn" in start or "Croeso" in start
    queue = main_text(client.get("/tensions/reports/", HTTP_ACCEPT_LANGUAGE="cy").content.decode())
    for welsh in ("Dod o hyd i achosion", "Dangos achosion", "Newydd, i’w brysbennu"):
        assert welsh in queue, welsh
    assert "Find cases" not in queue and "Show cases" not in queue


def test_the_check_notices_english_left_on_a_welsh_page() -> None:
    page = "Dod o hyd i achosion. There are no reports here that you can see. North Ormesby"
    assert "There are no reports here that you can see" in english_left(page)
    assert english_left("Rhestrau adroddiadau – North Ormesby, Middlesbrough Council") == []
