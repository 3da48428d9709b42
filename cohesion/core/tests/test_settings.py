import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cohesion.env import ImproperlyConfiguredEnv, env_bool, env_int, env_list

REPO = Path(__file__).resolve().parents[3]


def test_every_environment_variable_the_settings_read_is_documented_in_env_example():
    settings_source = (REPO / "cohesion" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|path)\(\s*"([A-Z_]+)"', settings_source))
    documented = set(
        re.findall(r"^#?\s*([A-Z_]+)=", (REPO / ".env.example").read_text(), re.MULTILINE)
    )
    assert read, "no environment variables found in settings.py"
    assert read - documented == set()


def test_a_boolean_that_is_not_true_or_false_stops_start_up(monkeypatch):
    monkeypatch.setenv("COHESION_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfiguredEnv, match="COHESION_TEST_FLAG must be true or false"):
        env_bool("COHESION_TEST_FLAG", False)


def test_a_number_that_is_not_whole_or_too_small_stops_start_up(monkeypatch):
    monkeypatch.setenv("COHESION_TEST_NUMBER", "five")
    with pytest.raises(ImproperlyConfiguredEnv, match="whole number"):
        env_int("COHESION_TEST_NUMBER", 1)
    monkeypatch.setenv("COHESION_TEST_NUMBER", "0")
    with pytest.raises(ImproperlyConfiguredEnv, match="at least 1"):
        env_int("COHESION_TEST_NUMBER", 1, minimum=1)


def test_lists_are_split_on_commas_and_trimmed(monkeypatch):
    monkeypatch.setenv("COHESION_TEST_HOSTS", " a.example , b.example,,")
    assert env_list("COHESION_TEST_HOSTS", []) == ["a.example", "b.example"]


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DEBUG", "COHESION_INSECURE_DEV_SECRET")
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import cohesion.settings"],
        env=clean,
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_settings_refuse_to_start_without_a_secret_key():
    result = _import_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_refuse_a_malformed_sign_in_limit():
    result = _import_settings({"SECRET_KEY": "x" * 50, "SIGN_IN_FAILURE_LIMIT": "lots"})
    assert result.returncode != 0
    assert "SIGN_IN_FAILURE_LIMIT must be a whole number" in result.stderr


def test_a_trusted_proxy_that_is_not_an_address_stops_start_up():
    result = _import_settings(
        {"SECRET_KEY": "x" * 50, "TRUSTED_PROXY_ADDRESSES": "127.0.0.1,proxy.example"}
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_ADDRESSES: 'proxy.example' is not an address or network" in result.stderr
    assert (
        _import_settings(
            {"SECRET_KEY": "x" * 50, "TRUSTED_PROXY_ADDRESSES": "10.0.0.0/8"}
        ).returncode
        == 0
    )
