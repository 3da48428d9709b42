"""Typed readers for settings that come from the environment.

Each reader fails loudly with the variable's name when a value is present but
unusable, so that a mistyped deployment stops at start-up instead of running
with a silent fallback (the habit of healthchecks' ``hc/settings.py``).
"""

from __future__ import annotations

import os
import re
from pathlib import Path


class ImproperlyConfiguredEnv(ValueError):
    """An environment variable holds a value Cohesion cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfiguredEnv(
        f"{name} must be true or false (1/0, yes/no, on/off); got {raw!r}"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfiguredEnv(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfiguredEnv(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default.resolve()


_HEADER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]{0,63}")


def proxy_ssl_header(raw: str, name: str = "SECURE_PROXY_SSL_HEADER") -> tuple[str, str] | None:
    """Django's ``SECURE_PROXY_SSL_HEADER`` from a header name such as ``X-Forwarded-Proto``.

    The request counts as HTTPS when that header says ``https``. ``off`` (or
    empty) believes no such header.
    """
    value = raw.strip()
    if value.lower() in ("", "off", "none", "false", "0"):
        return None
    if not _HEADER_NAME.fullmatch(value):
        raise ImproperlyConfiguredEnv(
            f"{name} must be a header name such as X-Forwarded-Proto, or off; got {raw!r}"
        )
    return "HTTP_" + value.upper().replace("-", "_"), "https"
