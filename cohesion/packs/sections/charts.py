"""Charts for packs, drawn as plain SVG here so every format shows them offline.

Each chart is drawn from a table's shown figures only: a hidden count is drawn
as no bar and labelled [c], never at its true length.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cohesion.packs.contents import Chart, Table
from cohesion.packs.sections.common import HIDDEN

BAR_COLOUR = "#1d70b8"  # GOV.UK blue, 4.5:1 against white
ROW = 22
LABEL_WIDTH = 180
BAR_WIDTH = 260


def bar_chart(
    title: str, labels: Sequence[str], values: Sequence[object], alt: str, table_key: str = ""
) -> Chart:
    """A horizontal bar chart of ``values`` (numbers, or [c] for hidden counts)."""
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    largest = max([float(n) for n in numbers] + [1.0])
    height = ROW * len(labels) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + i * ROW
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(str(label))}</text>'
        )
        if isinstance(value, int | float) and not isinstance(value, bool):
            length = BAR_WIDTH * float(value) / largest
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.1f}" height="{ROW - 6}" '
                f'fill="{BAR_COLOUR}"/>'
            )
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            parts.append(f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 15}">{shown}</text>')
        else:
            parts.append(
                f'<text x="{LABEL_WIDTH + 4}" y="{y + 15}">{escape(str(value or HIDDEN))}</text>'
            )
    parts.append("</svg>")
    return Chart(title=title, svg="".join(parts), alt=alt, table_key=table_key)


def table_chart(
    table: Table,
    alt: str,
    *,
    rows: slice = slice(None),
    value_column: int = 1,
    title: str = "",
) -> Chart:
    """A bar chart of one column of a table (labels from its first column), keyed to the table."""
    chosen = table.rows[rows]
    return bar_chart(
        title or table.title,
        [str(r[0]) for r in chosen],
        [r[value_column] for r in chosen],
        alt,
        table.key,
    )
