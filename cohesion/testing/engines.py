"""Which tests need a run on each database engine.

``make test`` runs the suite on SQLite, then (with ``COHESION_TEST_DATABASE_ONLY=1``)
on PostgreSQL. A test that never opens the database gives the same result on
every engine, so the second run leaves it out; every test that reaches the
database, directly or through a copy handed to another process, runs on both.
"""

from __future__ import annotations

import pytest

# Fixtures through which a test reaches the database (``django_db_setup`` covers the
# fixtures that hand a copy of it to other processes).
_DATABASE_FIXTURES = frozenset({"db", "_django_db_helper", "django_db_setup"})


def uses_database(item: pytest.Item) -> bool:
    """Whether a test opens the database: a ``django_db`` mark or a fixture that needs it."""
    if item.get_closest_marker("django_db"):
        return True
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
