"""Every data table in the templates is in the one pattern for narrow screens.

A table sits directly in ``<div class="cohesion-table-scroll" tabindex="0" role="region"
aria-label="...">``: keyboard users can reach the region and scroll it sideways, screen readers
announce it by its label, and the stylesheet keeps the first column in view while the rest scroll
(docs/developers.md, "Data tables on a phone"). The browser check is in test_phone_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

TABLE = re.compile(r"<table\b[^>]*>")
OPENING_DIV = re.compile(r"<div\b[^>]*>")
# The printable pack document carries its own stylesheet and its own ``table-wrap`` regions.
OWN_STYLESHEET = {Path("cohesion/packs/templates/packs/document.html")}


def _templates() -> list[Path]:
    root = Path(settings.REPO_DIR)
    return sorted(
        path.relative_to(root)
        for path in root.glob("cohesion/*/templates/**/*.html")
        if path.relative_to(root) not in OWN_STYLESHEET
    )


def _wrapper(text: str, start: int) -> str:
    """The ``<div ...>`` the table at ``start`` sits directly in, or "" if it is not in one."""
    before = text[:start]
    divs = list(OPENING_DIV.finditer(before))
    if not divs or "</div>" in before[divs[-1].end() :] or "<table" in before[divs[-1].end() :]:
        return ""
    return divs[-1].group(0)


def test_every_table_scrolls_in_a_labelled_region_with_its_key_column_kept():
    root = Path(settings.REPO_DIR)
    templates = _templates()
    assert len(templates) > 100
    tables = 0
    problems = []
    for path in templates:
        text = (root / path).read_text()
        for match in TABLE.finditer(text):
            tables += 1
            line = text[: match.start()].count("\n") + 1
            div = _wrapper(text, match.start())
            label = re.search(r'aria-label="([^"]*(?:"[^"]*"[^"]*)*)"', div)
            if not (
                "cohesion-table-scroll" in div
                and 'role="region"' in div
                and 'tabindex="0"' in div
                and label
                and label.group(1).strip()
            ):
                problems.append(f"{path}:{line} {div or 'not wrapped'}")
    assert tables > 50
    assert not problems, "\n".join(problems)
