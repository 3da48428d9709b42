"""Encryption at rest for reporters' contact details.

Contact details are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from
``cryptography``) before they reach the database, so a copy of the database,
a backup or a careless query shows only tokens. The key comes from
``settings.CONTACT_ENCRYPTION_KEY``: one Fernet key, or several separated by
commas to rotate keys (the first encrypts; all decrypt, as ``MultiFernet``).

A missing or malformed key stops Cohesion loudly: a malformed one at start-up
(``cohesion.settings``), a missing one through the system check
``tensions.E001``/``W001`` and again at first use, with
:class:`ContactKeyError` (a kind of ``ImproperlyConfigured``).
"""

from __future__ import annotations

import threading
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


class ContactKeyError(ImproperlyConfigured):
    """CONTACT_ENCRYPTION_KEY is missing or is not a Fernet key."""


class ContactDecryptionError(ValueError):
    """A stored contact detail cannot be decrypted with any configured key."""


_lock = threading.Lock()
_cache: dict[str, MultiFernet] = {}


def parse_keys(raw: str) -> list[Fernet]:
    """Fernet keys from a comma-separated setting; raises :class:`ContactKeyError` with a plain message."""
    parts = [part.strip() for part in (raw or "").split(",") if part.strip()]
    if not parts:
        raise ContactKeyError(
            "CONTACT_ENCRYPTION_KEY is not set. Reporters' contact details cannot be stored "
            "without it. Create one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'"
        )
    keys = []
    for number, part in enumerate(parts, start=1):
        try:
            keys.append(Fernet(part.encode()))
        except (ValueError, TypeError):
            raise ContactKeyError(
                f"CONTACT_ENCRYPTION_KEY key {number} is not a Fernet key "
                "(32 bytes, URL-safe base64, 44 characters)."
            ) from None
    return keys


def cipher() -> MultiFernet:
    """The configured cipher, built once per key setting."""
    raw = settings.CONTACT_ENCRYPTION_KEY
    with _lock:
        found = _cache.get(raw)
        if found is None:
            found = MultiFernet(parse_keys(raw))
            _cache.clear()
            _cache[raw] = found
    return found


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ContactDecryptionError(
            "A contact detail could not be decrypted: CONTACT_ENCRYPTION_KEY does not hold "
            "the key it was written with."
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; empty text is stored empty. Cannot be searched or filtered on."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))
