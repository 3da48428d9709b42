"""The contact-encryption key: checked at start-up, rotatable, and refused loudly when wrong."""

from __future__ import annotations

import base64

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from cohesion.tensions.crypto import (
    ContactDecryptionError,
    ContactKeyError,
    decrypt,
    encrypt,
    parse_keys,
)
from cohesion.tensions.reports_setup import check_contact_key

GOOD = Fernet.generate_key().decode()
OTHER = Fernet.generate_key().decode()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "CONTACT_ENCRYPTION_KEY is not set"),
        ("not-a-key", "key 1 is not a Fernet key"),
        (f"{GOOD},{base64.urlsafe_b64encode(b'short').decode()}", "key 2 is not a Fernet key"),
    ],
)
def test_a_missing_or_malformed_key_is_refused_with_its_name(raw: str, message: str) -> None:
    with pytest.raises(ContactKeyError, match=message):
        parse_keys(raw)


def test_the_system_check_errors_on_a_malformed_key_and_warns_on_a_missing_one() -> None:
    with override_settings(CONTACT_ENCRYPTION_KEY="nonsense"):
        assert [m.id for m in check_contact_key()] == ["tensions.E001"]
    with override_settings(CONTACT_ENCRYPTION_KEY=""):
        assert [m.id for m in check_contact_key()] == ["tensions.W001"]
    with override_settings(CONTACT_ENCRYPTION_KEY=GOOD):
        assert check_contact_key() == []


def test_settings_refuse_a_malformed_key_at_start_up() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "CONTACT_ENCRYPTION_KEY": "definitely-not-a-key", "SECRET_KEY": "x"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; settings.SECRET_KEY",
        ],
        env={**env, "DJANGO_SETTINGS_MODULE": "cohesion.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "CONTACT_ENCRYPTION_KEY key 1 is not a Fernet key" in done.stderr


def test_keys_rotate_new_key_first_and_old_tokens_still_read() -> None:
    with override_settings(CONTACT_ENCRYPTION_KEY=OTHER):
        old_token = encrypt("07700 900982")
    with override_settings(CONTACT_ENCRYPTION_KEY=f"{GOOD},{OTHER}"):
        assert decrypt(old_token) == "07700 900982"
        new_token = encrypt("07700 900982")
    with override_settings(CONTACT_ENCRYPTION_KEY=GOOD):
        assert decrypt(new_token) == "07700 900982"
        with pytest.raises(ContactDecryptionError, match="does not hold the key"):
            decrypt(old_token)


def test_each_encryption_of_the_same_text_differs() -> None:
    with override_settings(CONTACT_ENCRYPTION_KEY=GOOD):
        assert encrypt("same") != encrypt("same")
