"""The site's own pages (not found, refused, too large, the security check) in the resident's language."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [
        ("ar", "الصفحة غير موجودة", "rtl"),
        ("pl", "Nie znaleziono strony", "ltr"),
        ("cy", "Heb ddod o hyd i’r dudalen", "ltr"),
    ],
)
def test_a_page_not_found_speaks_the_residents_language(language, heading, direction):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 404
    assert heading in page and "Page not found" not in page
    assert f'dir="{direction}"' in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ar", "لم يُرسَل شيء"), ("pl", "Nic nie zostało wysłane"), ("cy", "Chafodd dim byd ei anfon")],
)
def test_a_form_sent_without_its_security_token_says_so_in_the_residents_language(
    language, heading
):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/sign-in/", {"username": "x", "password": "y"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert heading in page and "Nothing was sent" not in page


def test_a_request_too_large_says_so_in_the_residents_language(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post(
        "/accounts/sign-in/", {"username": "x" * 5000}, HTTP_ACCEPT_LANGUAGE="pl"
    )
    assert response.status_code == 413
    assert "To, co wysłano, jest za duże" in response.content.decode()
