"""What a pack is made of, as plain data that can be frozen and rendered again.

A pack is built from **sections**. Each section kind is a function registered
here that reads the other apps through their public functions and returns a
:class:`Section`: headings, paragraphs, tables and charts, every figure already
passed through the disclosure-control module for the pack's audience. A section
is plain, JSON-serialisable data, so issuing a pack stores exactly what was
shown (``Section.to_dict``) and the pack can be rendered again months later, in
any format, from that frozen copy alone, whatever has changed since.

Renderers (HTML, PDF, DOCX, CSV, XLSX) read only these dataclasses; builders
never render. That split lets a council re-order or rename a template's
sections (data, not code) and lets every format show the same figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


class SectionError(ValueError):
    """Raised by a builder that cannot build its section for this context; the message is
    shown to the officer as it is (for example "No survey covers this ward"), and no pack
    is made."""


@dataclass(frozen=True)
class Audience:
    """Who the pack is for, which sets disclosure control.

    ``public``: a public or full-council pack, suppressed as public pages are;
    ``restricted``: a named panel that may see more, marked so on every page.
    """

    kind: str  # "public" | "restricted"
    name: str = ""  # e.g. "Community Safety Scrutiny Panel"


@dataclass(frozen=True)
class PackContext:
    """What a section builder is asked for: the area, period, audience and the person making the pack."""

    kind: str
    area_code: str
    period_start: date
    period_end: date
    audience: Audience
    user: Any = None  # the officer making the pack; builders refuse areas outside their scope
    # Extra inputs: "frame" (a committee paper's narrative), "previous" (the sections, as
    # dicts, of the last pack of this kind issued for the same area and audience, or []).
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    """A table of figures: column headings, rows of already-disclosed cells, a note on method or suppression."""

    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""
    key: str = ""  # a stable name, used for the table's CSV/XLSX file name


@dataclass(frozen=True)
class Chart:
    """A chart as SVG markup (drawn offline), with a text alternative and the table it is drawn from."""

    title: str
    svg: str
    alt: str
    table_key: str = ""


@dataclass(frozen=True)
class Section:
    """One section of a pack as shown: heading, paragraphs, tables and charts."""

    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(
            key=data["key"],
            heading=data["heading"],
            paragraphs=list(data.get("paragraphs", [])),
            tables=[Table(**t) for t in data.get("tables", [])],
            charts=[Chart(**c) for c in data.get("charts", [])],
        )


SectionBuilder = Callable[[PackContext], Section]

SECTION_BUILDERS: dict[str, SectionBuilder] = {}


def section(key: str) -> Callable[[SectionBuilder], SectionBuilder]:
    """Register a section builder under ``key`` (templates name sections by these keys)."""

    def register(builder: SectionBuilder) -> SectionBuilder:
        if key in SECTION_BUILDERS:
            raise ValueError(f"Section {key!r} is registered twice.")
        SECTION_BUILDERS[key] = builder
        return builder

    return register


def changed_figures(old: Sequence[Section], new: Sequence[Section]) -> list[dict[str, Any]]:
    """Every table cell that differs between two packs' sections, for a reissue or a scrutiny update.

    A cell is named by its section heading, table title, row label (the first
    column) and column heading; where rows share a label (a plan's several
    targets) the second and later are told apart as "label (2)", "label (3)".
    A cell in only one of them is listed with the other side blank (a row
    added or removed).
    """

    def cells(sections: Sequence[Section]) -> dict[tuple[str, str, str, str], Any]:
        found: dict[tuple[str, str, str, str], Any] = {}
        for s in sections:
            for t in s.tables:
                seen: dict[str, int] = {}
                for row in t.rows:
                    label = str(row[0]) if row else ""
                    seen[label] = seen.get(label, 0) + 1
                    if seen[label] > 1:
                        label = f"{label} ({seen[label]})"
                    for column, value in zip(t.columns[1:], row[1:], strict=False):
                        found[(s.heading, t.title, label, str(column))] = value
        return found

    before, after = cells(old), cells(new)
    return [
        {
            "section": key[0],
            "table": key[1],
            "row": key[2],
            "column": key[3],
            "was": before.get(key, ""),
            "now": after.get(key, ""),
        }
        for key in sorted(set(before) | set(after))
        if before.get(key, "") != after.get(key, "")
    ]
