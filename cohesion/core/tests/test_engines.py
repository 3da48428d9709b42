"""The PostgreSQL run leaves out only tests that never open the database."""

from __future__ import annotations

import pytest

from cohesion.testing.engines import uses_database


def test_a_test_without_the_database_is_told_apart(request: pytest.FixtureRequest) -> None:
    assert not uses_database(request.node)


@pytest.mark.django_db
def test_a_test_marked_for_the_database_uses_it(request: pytest.FixtureRequest) -> None:
    assert uses_database(request.node)


def test_a_test_asking_for_db_uses_it(db: None, request: pytest.FixtureRequest) -> None:
    assert uses_database(request.node)


def test_a_test_with_a_persona_uses_the_database(alice, request: pytest.FixtureRequest) -> None:
    assert uses_database(request.node)


def test_a_test_needing_the_database_built_uses_it(
    django_db_setup: None, request: pytest.FixtureRequest
) -> None:
    """As do those that hand a copy of it to other processes (``database_for_processes``)."""
    assert uses_database(request.node)
