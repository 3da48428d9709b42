"""Pages answer only the verbs their route class takes (PageMethodsMiddleware)."""

from __future__ import annotations

from typing import Any

import pytest

from cohesion.tensions.tests.factories_reports import ReportFactory

pytestmark = pytest.mark.django_db

BOARD = "/tensions/board/E06000002/"


def test_a_page_with_no_form_answers_405_to_post_and_names_what_it_takes(
    alice: Any, client_for: Any
) -> None:
    response = client_for(alice).post(BOARD)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("verb", ["OPTIONS", "PUT", "PATCH", "DELETE", "TRACE"])
def test_no_page_answers_options_put_patch_or_delete_as_if_it_were_a_get(
    verb: str, alice: Any, client_for: Any
) -> None:
    report = ReportFactory()
    response = client_for(alice).generic(verb, f"/tensions/reports/{report.reference}/triage/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


def test_a_form_still_takes_its_post(alice: Any, client_for: Any) -> None:
    report = ReportFactory()
    response = client_for(alice).post(
        f"/tensions/reports/{report.reference}/note/", {"text": "Called the reporter."}
    )
    assert response.status_code == 302


def test_the_api_does_not_describe_a_record_to_someone_who_may_not_see_it(
    dave: Any, client_for: Any
) -> None:
    assert client_for(None).options("/api/v1/surveys/waves/1/estimates/").status_code == 405
    assert client_for(dave).options("/api/v1/areas/").status_code == 405
    assert client_for(None).get("/api/v1/areas/E06000002/").status_code == 200
