"""Helpers for tests that answer the online questionnaire through its pages, as a resident does."""

from __future__ import annotations

import re
from typing import Any


def start(client: Any, wave: Any, language: str = "en") -> str:
    """Press "Start now" on the wave's public page; the token of the private resume link."""
    response = client.post(f"/surveys/take/{wave.public_code}/", {"language": language})
    assert response.status_code == 302
    match = re.match(r"^/surveys/answer/([^/]+)/page/1/$", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def pages(wave: Any) -> list[Any]:
    """The wave's questionnaire, page by page."""
    from cohesion.surveys.specs import pages_of, wave_questions

    return pages_of(wave_questions(wave))


def answers_for(page: Any, ward: str = "E05009866") -> dict[str, str]:
    """The first answer to each question of ``page`` (the ward ``ward``)."""
    return {q.code: (ward if q.is_ward else q.options[0].code) for q in page}
