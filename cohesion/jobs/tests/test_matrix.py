"""Who may open the scheduled jobs page: site administrators only (cohesion/testing/matrix.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from cohesion.testing.matrix import ALL_PERSONAS, ANONYMOUS, Case, check_case

pytestmark = pytest.mark.django_db

# No council role reaches the site's jobs: not even a council's administrator (erin).
CASES = [
    Case(
        "the jobs page",
        "/admin-jobs/",
        {ANONYMOUS: 302, **{p: 403 for p in ALL_PERSONAS if p != ANONYMOUS}},
    ),
    Case(
        "the jobs page does not take a POST",
        "/admin-jobs/",
        {ANONYMOUS: 405, **{p: 405 for p in ALL_PERSONAS if p != ANONYMOUS}},
        method="post",
    ),
]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(case: Case, persona: str, client_for: Any) -> None:
    user = None if persona == ANONYMOUS else get_user_model().objects.get(username=persona)
    check_case(case, persona, client_for(user))


def test_a_site_administrator_sees_the_jobs_page(superuser: Any, client_for: Any) -> None:
    response = client_for(superuser).get("/admin-jobs/")
    assert response.status_code == 200


def test_the_jobs_link_is_in_the_navigation_for_site_administrators_only(
    superuser: Any, erin: Any, client_for: Any
) -> None:
    assert 'href="/admin-jobs/"' in client_for(superuser).get("/").content.decode()
    assert 'href="/admin-jobs/"' not in client_for(erin).get("/").content.decode()
