"""Checks every filtered list shares (cohesion.core.lists): the cost of a page, and what a page lists."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client: Any, url: str, params: Mapping[str, str] | None = None) -> int:
    """How many database queries one GET of ``url`` with ``params`` costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.status_code
    return len(captured)


def table_links(response: Any, table_id: str, pattern: str) -> list[str]:
    """The matches of ``pattern`` inside the table ``table_id`` of a page, in order ([] if no table)."""
    html = response.content.decode()
    if f'id="{table_id}"' not in html:
        return []
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return re.findall(pattern, table)
