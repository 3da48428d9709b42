"""A database that other processes can reach, for tests that run work in processes of their own."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection


@pytest.fixture(scope="module")
def database_for_processes(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A database other processes can reach, holding this run's places: PostgreSQL's test
    database itself, or a file copy of SQLite's in-memory one (made before any test's
    transaction begins). What other processes commit to PostgreSQL's test database is not
    in any test's rolled-back transaction: the test removes it."""
    with django_db_blocker.unblock():
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
            url = f"postgres://{auth}@{host}:{port}/{db['NAME']}"
        else:
            connection.ensure_connection()
            copy = tmp_path_factory.mktemp("concurrent") / "processes.sqlite3"
            with sqlite3.connect(copy) as target:
                connection.connection.backup(target)
            url = f"sqlite:///{copy}"
    yield url
