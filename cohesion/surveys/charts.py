"""Charts drawn on the server as SVG: they need no JavaScript and print as they look.

Each chart has a title and a description for screen readers, and every page that shows
one also shows the same figures in a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 70
ROW = 24
TOP = 26
BAR = 12

BLUE = "#5694ca"
DARK = "#0b0c0c"
GREY = "#b1b4b6"
GREEN = "#00703c"
RED = "#d4351c"
HIGHLIGHT = "#1d70b8"


@dataclass(frozen=True)
class ChartRow:
    label: str
    estimate: float | None
    lower: float | None = None
    upper: float | None = None
    suppressed: bool = False
    highlight: bool = False
    significant: bool = False


def _fmt(value: float, unit: str) -> str:
    return f"{value:.1f}{unit}"


def interval_chart(
    rows: Sequence[ChartRow],
    *,
    title: str,
    chart_id: str,
    unit: str = "%",
    maximum: float = 100.0,
    minimum: float = 0.0,
    suppressed_text: str = "too few responses",
) -> SafeString:
    """Horizontal bars with 95% interval whiskers, one row per area or group."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW * len(rows) + 8
    span = maximum - minimum or 1.0

    def x(value: float) -> float:
        return LABEL_WIDTH + plot * (min(max(value, minimum), maximum) - minimum) / span

    parts = [
        f'<svg class="cohesion-chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg" font-family="arial, sans-serif" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">Bars show the weighted estimate; the black line '
        "across each bar shows its 95% confidence interval. The same figures are in the table "
        "that follows.</desc>",
    ]
    for tick in _ticks(minimum, maximum):
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 6}" x2="{tx:.1f}" y2="{height - 8}" stroke="{GREY}" stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{TOP - 10}" text-anchor="middle" fill="{DARK}" font-size="11">{tick:g}{escape(unit)}</text>'
        )
    for i, row in enumerate(rows):
        y = TOP + ROW * i
        mid = y + ROW / 2
        weight = ' font-weight="bold"' if row.highlight else ""
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{mid + 4:.1f}" text-anchor="end" fill="{DARK}"{weight}>'
            f"{escape(_shorten(row.label))}</text>"
        )
        if row.suppressed or row.estimate is None:
            parts.append(
                f'<text x="{LABEL_WIDTH + 4}" y="{mid + 4:.1f}" fill="#505a5f" font-style="italic">'
                f"{escape(suppressed_text)}</text>"
            )
            continue
        colour = HIGHLIGHT if row.highlight else BLUE
        parts.append(
            f'<rect x="{x(minimum):.1f}" y="{mid - BAR / 2:.1f}" width="{x(row.estimate) - x(minimum):.1f}" '
            f'height="{BAR}" fill="{colour}"><title>{escape(row.label)}: {_fmt(row.estimate, unit)}</title></rect>'
        )
        if row.lower is not None and row.upper is not None:
            lo, hi = x(row.lower), x(row.upper)
            parts.append(
                f'<line x1="{lo:.1f}" y1="{mid:.1f}" x2="{hi:.1f}" y2="{mid:.1f}" stroke="{DARK}" stroke-width="2"/>'
                f'<line x1="{lo:.1f}" y1="{mid - 5:.1f}" x2="{lo:.1f}" y2="{mid + 5:.1f}" stroke="{DARK}" stroke-width="2"/>'
                f'<line x1="{hi:.1f}" y1="{mid - 5:.1f}" x2="{hi:.1f}" y2="{mid + 5:.1f}" stroke="{DARK}" stroke-width="2"/>'
            )
        parts.append(
            f'<text x="{WIDTH - VALUE_WIDTH + 6}" y="{mid + 4:.1f}" fill="{DARK}"{weight}>'
            f"{_fmt(row.estimate, unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def change_chart(
    rows: Sequence[ChartRow], *, title: str, chart_id: str, unit: str = " pts"
) -> SafeString:
    """Change between waves: a bar from zero to the change, with its 95% interval.

    Significant increases are green, significant decreases red, others grey.
    """
    values = [abs(v) for r in rows for v in (r.lower, r.upper, r.estimate) if v is not None]
    limit = max(10.0, math.ceil(max(values, default=10.0) / 10.0) * 10.0)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = TOP + ROW * len(rows) + 8

    def x(value: float) -> float:
        return LABEL_WIDTH + plot * (max(min(value, limit), -limit) + limit) / (2 * limit)

    parts = [
        f'<svg class="cohesion-chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg" font-family="arial, sans-serif" font-size="13">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">Bars show the change in percentage points from the '
        "earlier wave to the later one; the black line shows its 95% confidence interval. Green "
        "and red bars are significant increases and decreases. The same figures are in the "
        "table that follows.</desc>",
    ]
    for tick in (-limit, -limit / 2, 0.0, limit / 2, limit):
        tx = x(tick)
        stroke = DARK if tick == 0 else GREY
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 6}" x2="{tx:.1f}" y2="{height - 8}" stroke="{stroke}" stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{TOP - 10}" text-anchor="middle" fill="{DARK}" font-size="11">{tick:+g}</text>'
        )
    for i, row in enumerate(rows):
        y = TOP + ROW * i
        mid = y + ROW / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{mid + 4:.1f}" text-anchor="end" fill="{DARK}">'
            f"{escape(_shorten(row.label))}</text>"
        )
        if row.suppressed or row.estimate is None:
            parts.append(
                f'<text x="{LABEL_WIDTH + 4}" y="{mid + 4:.1f}" fill="#505a5f" font-style="italic">too few responses</text>'
            )
            continue
        colour = GREY
        if row.significant:
            colour = GREEN if row.estimate > 0 else RED
        left, right = sorted((x(0.0), x(row.estimate)))
        parts.append(
            f'<rect x="{left:.1f}" y="{mid - BAR / 2:.1f}" width="{right - left:.1f}" height="{BAR}" fill="{colour}"/>'
        )
        if row.lower is not None and row.upper is not None:
            parts.append(
                f'<line x1="{x(row.lower):.1f}" y1="{mid:.1f}" x2="{x(row.upper):.1f}" y2="{mid:.1f}" '
                f'stroke="{DARK}" stroke-width="2"/>'
            )
        mark = " *" if row.significant else ""
        parts.append(
            f'<text x="{WIDTH - VALUE_WIDTH + 6}" y="{mid + 4:.1f}" fill="{DARK}">{row.estimate:+.1f}{escape(unit)}{mark}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def _ticks(minimum: float, maximum: float) -> list[float]:
    step = (maximum - minimum) / 4
    return [minimum + step * i for i in range(5)]


def _shorten(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
