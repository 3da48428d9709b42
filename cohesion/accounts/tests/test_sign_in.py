"""Signing in and out, and the lockout after repeated failed sign-ins (django-axes)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import PERSONA_PASSWORD

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts-sign-in")
SIGN_OUT = reverse("accounts-sign-out")
PROFILE = reverse("accounts-profile")
LOCKED_OUT = "Your account is locked for now"


def _sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_a_persona_signs_in_with_their_password_and_sees_their_account():
    client = Client()
    response = _sign_in(client, "alice", PERSONA_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert "Alice Ahmed" in page.text
    assert "Middlesbrough Council" in page.text
    assert "Coordinator" in page.text


def test_signing_in_returns_to_the_page_asked_for():
    client = Client()
    response = client.post(
        SIGN_IN, {"username": "amir", "password": PERSONA_PASSWORD, "next": PROFILE}
    )
    assert response["Location"] == PROFILE


def test_signing_in_does_not_send_people_to_another_site():
    client = Client()
    response = client.post(
        SIGN_IN,
        {"username": "amir", "password": PERSONA_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_a_wrong_password_is_refused_with_a_plain_message():
    client = Client()
    response = _sign_in(client, "alice", "not-the-password")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.text
    assert client.get(PROFILE).status_code == 302


def test_signing_out_ends_the_session():
    client = Client()
    _sign_in(client, "alice", PERSONA_PASSWORD)
    assert client.get(PROFILE).status_code == 200
    response = client.post(SIGN_OUT)
    assert response.status_code == 302
    profile = client.get(PROFILE)
    assert profile.status_code == 302
    assert profile["Location"].startswith(SIGN_IN)


def test_signing_out_by_following_a_link_is_refused():
    # A GET must not sign anyone out (a page elsewhere could embed the link).
    client = Client()
    _sign_in(client, "alice", PERSONA_PASSWORD)
    assert client.get(SIGN_OUT).status_code == 405
    assert client.get(PROFILE).status_code == 200


def test_an_account_is_locked_after_the_failure_limit_even_with_the_right_password():
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit):
        response = _sign_in(client, "alice", f"wrong-{attempt}")
        assert response.status_code == 200, attempt
        assert LOCKED_OUT not in response.text
    locked = _sign_in(client, "alice", f"wrong-{limit}")
    assert locked.status_code == settings.AXES_HTTP_RESPONSE_CODE == 429
    assert LOCKED_OUT in locked.text
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    right = _sign_in(client, "alice", PERSONA_PASSWORD)
    assert right.status_code == 429
    assert LOCKED_OUT in right.text
    assert client.get(PROFILE).status_code == 302


def test_one_failure_fewer_than_the_limit_does_not_lock_and_a_success_resets_the_count():
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for attempt in range(limit - 1):
        _sign_in(client, "alice", f"wrong-{attempt}")
    assert _sign_in(client, "alice", PERSONA_PASSWORD).status_code == 302
    client.post(SIGN_OUT)
    for attempt in range(limit - 1):
        assert _sign_in(client, "alice", f"again-{attempt}").status_code == 200
    assert _sign_in(client, "alice", PERSONA_PASSWORD).status_code == 302


def test_locking_out_one_account_leaves_others_signing_in_from_the_same_address():
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "alice", f"wrong-{attempt}")
    assert _sign_in(client, "alice", PERSONA_PASSWORD).status_code == 429
    other = Client()
    assert _sign_in(other, "amir", PERSONA_PASSWORD).status_code == 302


def test_an_empty_sign_in_says_which_field_to_fill_in():
    response = _sign_in(Client(), "", "")
    assert response.status_code == 200
    assert "Enter your username" in response.text
    assert "Enter your password" in response.text
    assert "This field is required" not in response.text


def test_a_missing_password_alone_is_named():
    response = _sign_in(Client(), "alice", "")
    assert "Enter your password" in response.text
    assert "Enter your username" not in response.text
