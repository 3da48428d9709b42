"""HTTPS by default when DEBUG is off, with flags for a plain-HTTP pilot (Trust item 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohesion.cli import serves_this_machine_only
from cohesion.env import ImproperlyConfiguredEnv, proxy_ssl_header

REPO = Path(__file__).resolve().parents[3]
NAMES = (
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
)
PRINT = (
    "import json; from django.conf import settings; "
    f"print(json.dumps({{n: getattr(settings, n) for n in {NAMES!r}}}))"
)
HTTPS_VARIABLES = (
    "DEBUG",
    "SECURE_COOKIES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "TRUSTED_PROXY_COUNT",
)


def _settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in HTTPS_VARIABLES}
    clean.update(SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="cohesion.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        env=clean,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def _values(**env: str) -> dict[str, object]:
    result = _settings(**env)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_with_debug_off_cookies_are_secure_http_is_redirected_and_hsts_is_sent():
    """Trust item 17: the production defaults need no flag."""
    values = _values()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SECURE_REDIRECT_EXEMPT"] == ["^healthz$"]


def test_a_plain_http_pilot_turns_each_off_by_its_flag():
    values = _values(SECURE_COOKIES="false", SECURE_SSL_REDIRECT="no", SECURE_HSTS_SECONDS="0")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_with_debug_on_nothing_insists_on_https():
    values = _values(DEBUG="true")
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_behind_a_trusted_proxy_its_forwarded_proto_header_is_believed():
    assert _values(TRUSTED_PROXY_COUNT="1")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]
    assert (
        _values(TRUSTED_PROXY_COUNT="1", SECURE_PROXY_SSL_HEADER="off")["SECURE_PROXY_SSL_HEADER"]
        is None
    )
    assert _values(SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_SCHEME",
        "https",
    ]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECURE_SSL_REDIRECT", "sometimes", "SECURE_SSL_REDIRECT must be true or false"),
        ("SECURE_COOKIES", "https", "SECURE_COOKIES must be true or false"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be a whole number"),
        ("SECURE_HSTS_SECONDS", "-1", "SECURE_HSTS_SECONDS must be at least 0"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https", "must be a header name"),
    ],
)
def test_a_bad_https_setting_stops_start_up_with_its_name(variable, value, message):
    result = _settings(**{variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_a_header_name_becomes_djangos_meta_key():
    assert proxy_ssl_header("X-Forwarded-Proto") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header(" off ") is None
    with pytest.raises(ImproperlyConfiguredEnv, match="SECURE_PROXY_SSL_HEADER"):
        proxy_ssl_header("X_Forwarded/Proto")


@pytest.mark.parametrize(
    ("argv", "plain_http"),
    [
        (["demo"], True),
        (["serve", "--port", "8001"], True),
        (["serve", "--host", "localhost"], True),
        (["serve", "--host=::1"], True),
        (["serve", "--host", "0.0.0.0"], False),  # noqa: S104 - the argument under test
        (["demo", "--host=192.168.1.20"], False),
        (["demo", "--no-serve"], False),
        (["load-places"], False),
        ([], False),
    ],
)
def test_only_the_demo_and_server_on_this_machine_speak_plain_http(argv, plain_http):
    assert serves_this_machine_only(argv) is plain_http
