"""A community group applies for a grant in Polish on a phone, in a real browser, and gets a reference."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cohesion.testing.browser import screenshot

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"GR-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375 + 1, f"the page is {width}px wide on a 375px phone"


def test_a_community_group_applies_for_a_grant_in_polish_on_a_phone(
    demo_server: str, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{demo_server}/grants/?lang=pl")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Złóż wniosek o grant dla społeczności"
    )
    assert "autumn round" not in page.content()  # closed rounds are not offered
    page.get_by_role("link", name=re.compile("Złóż wniosek – .*spring round")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Czy możesz złożyć wniosek?"
    _fits(page)
    page.get_by_role("group", name=re.compile("organizacją charytatywną")).get_by_label(
        "Tak"
    ).check()
    page.get_by_role("group", name=re.compile("realizowany w Middlesbrough")).get_by_label(
        "Tak"
    ).check()
    page.get_by_role("group", name=re.compile("zysk lub promowanie")).get_by_label("Nie").check()
    page.get_by_role("button", name="Dalej").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Twój wniosek"
    page.get_by_label("Nazwa Twojej grupy lub organizacji").fill("Polska Szkoła Sobotnia Teesside")
    page.get_by_label("Twoje imię i nazwisko").fill("Ewa Kowalska")
    page.get_by_label("Twój adres e-mail").fill("ewa.kowalska@example.org")
    page.get_by_label("Newport", exact=True).check()
    page.get_by_label("Tytuł projektu").fill("Wymiana językowa sąsiadów")
    page.get_by_label("Co zrobicie i kogo to połączy?").fill(
        "Cotygodniowe spotkania, na których sąsiedzi uczą się nawzajem polskiego i angielskiego."
    )
    page.get_by_label("O jaką kwotę wnioskujesz (w funtach)?").fill("9000")
    _fits(page)
    page.get_by_role("button", name="Wyślij wniosek").click()
    # Too much for this round: a plain Polish message, and what was typed is kept.
    assert "W tym naborze każdy projekt może otrzymać najwyżej 5,000 £." in page.content()
    assert page.get_by_label("Tytuł projektu").input_value() == "Wymiana językowa sąsiadów"
    page.get_by_label("O jaką kwotę wnioskujesz (w funtach)?").fill("2400")
    page.get_by_role("button", name="Wyślij wniosek").click()

    page.wait_for_selector("#application-reference")
    assert page.locator("h1").inner_text().strip() == "Wniosek wysłany"
    reference = page.locator("#application-reference").inner_text().strip()
    assert REFERENCE.fullmatch(reference), reference
    _fits(page)
    screenshot(page, "grant-application-polish-phone")
    # Refreshing the confirmation keeps the reference (it has its own address).
    page.reload()
    assert page.locator("#application-reference").inner_text().strip() == reference
