"""Fixtures shared by every app's tests.

The test database is built once per run: migrations, then the real Tees Valley
places from ``../shared/data`` and one account per persona. Each test runs in a
transaction that is rolled back, so tests never share state. Tests therefore
use the ``db`` fixture; pages are driven in a real browser against a separate
server process (see ``cohesion/testing/server.py``), never ``live_server``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from cohesion.accounts.personas import PERSONAS
from cohesion.testing.engines import uses_database

pytest_plugins = ["cohesion.testing.browser", "cohesion.testing.processes"]

PERSONA_PASSWORD = "persona-password-for-tests"


def pytest_configure(config: pytest.Config) -> None:
    # Hashing passwords properly is slow and beside the point in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "transactional_db" in fixtures or "live_server" in fixtures:
            raise pytest.UsageError(
                f"{item.nodeid} asks for a flushed database; the session's places would be lost. "
                "Use `db`, or drive a server process with cohesion.testing.server."
            )
    if os.environ.get("COHESION_TEST_DATABASE_ONLY") == "1":
        _keep_only_database_tests(config, items)


def _keep_only_database_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    """For a second engine's run: a test that never opens the database gives the same
    result on every engine, so it runs once, in the first engine's run."""
    keep = [item for item in items if uses_database(item)]
    dropped = [item for item in items if not uses_database(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"{len(dropped)} tests that never open the database are left out of this run "
            "(COHESION_TEST_DATABASE_ONLY=1): they ran on the first engine."
        )


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real public data (``../shared/data`` unless COHESION_DATA_DIR says otherwise)."""
    path = Path(settings.COHESION_DATA_DIR)
    if not path.is_dir():
        pytest.fail(f"The shared data folder {path} is missing; set COHESION_DATA_DIR.")
    return path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any, shared_data: Path) -> None:
    """Load the real places and the persona accounts once, for every test of the run."""
    from cohesion.accounts.setup import create_personas
    from cohesion.places.loaders import load_places

    with django_db_blocker.unblock():
        load_places(shared_data)
        create_personas(PERSONA_PASSWORD)


def _persona_fixture(username: str) -> Callable[..., Any]:
    @pytest.fixture
    def fixture(db: None) -> Any:
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(username=username)

    fixture.__doc__ = f"The persona account {username!r}."
    return fixture


for _persona in PERSONAS:
    globals()[_persona.username.replace(".", "_")] = _persona_fixture(_persona.username)


@pytest.fixture
def superuser(db: None) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.org", PERSONA_PASSWORD)


@pytest.fixture
def client_for(db: None) -> Callable[[Any], Client]:
    """A test client signed in as the given user (or anonymous for None)."""

    def make(user: Any) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _site_language_after_each_test() -> Any:
    """Each test starts in the site's language, whatever a page before it switched to."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
