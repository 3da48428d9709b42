"""Charts drawn on the server: trend sparklines as inline SVG, and colour classes for choropleths.

Sparklines are SVG written into the page, so they need no script (the
Content-Security-Policy forbids inline scripts) and print and zoom cleanly.
Each has a text alternative that says what the line shows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# A sequential, colour-blind-safe purple ramp (ColorBrewer "Purples", 5 classes;
# Brewer and Harrower, colorbrewer2.org), light = low, dark = high.
PALETTE = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")
NO_DATA = "#ffffff"


def sparkline(
    values: Sequence[float | None], *, label: str, width: int = 120, height: int = 28
) -> SafeString:
    """An inline SVG line of ``values`` (oldest first); gaps for missing or suppressed values.

    Returns an empty string for fewer than two values: a single period has no trend.
    """
    points = [(i, v) for i, v in enumerate(values) if v is not None and math.isfinite(v)]
    if len(values) < 2 or len(points) < 2:
        return mark_safe("")
    low = min(v for _, v in points)
    high = max(v for _, v in points)
    span = high - low or 1.0
    pad = 3.0
    step = (width - 2 * pad) / (len(values) - 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        x = pad + index * step
        y = height - pad - (value - low) / span * (height - 2 * pad)
        return round(x, 1), round(y, 1)

    segments: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None or not math.isfinite(value):
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(xy(index, value))
    lines = "".join(
        '<polyline fill="none" stroke="#1d70b8" stroke-width="2" points="{}"/>'.format(
            " ".join(f"{x},{y}" for x, y in segment)
        )
        for segment in segments
        if len(segment) > 1
    )
    last_x, last_y = xy(*points[-1])
    svg = (
        f'<svg class="cohesion-sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{{}}" focusable="false">'
        f"<title>{{}}</title>{lines}"
        f'<circle cx="{last_x}" cy="{last_y}" r="3" fill="#0b0c0c"/></svg>'
    )
    return format_html(svg, label, label)


@dataclass(frozen=True)
class ColourClass:
    colour: str
    low: float
    high: float


def quantile_classes(values: Sequence[float], classes: int = len(PALETTE)) -> list[ColourClass]:
    """Equal-count (quantile) classes over the values, each with a colour from :data:`PALETTE`.

    Quantiles suit ward maps of skewed measures (a few wards with very high
    crime rates) better than equal intervals; the legend shows each class's
    range. Fewer distinct values than classes give fewer classes.
    """
    finite = sorted(v for v in values if v is not None and math.isfinite(v))
    if not finite:
        return []
    distinct = sorted(set(finite))
    count = min(classes, len(distinct))
    if count == 1:
        return [ColourClass(PALETTE[-1], finite[0], finite[-1])]
    bounds = [finite[0]]
    for k in range(1, count):
        bounds.append(finite[min(len(finite) - 1, round(k * len(finite) / count))])
    bounds.append(finite[-1])
    # Drop empty classes where quantiles coincide.
    edges = sorted(set(bounds))
    palette = _spread(len(edges) - 1)
    return [ColourClass(palette[i], edges[i], edges[i + 1]) for i in range(len(edges) - 1)]


def typical_interval_width(intervals: Sequence[tuple[float | None, float | None]]) -> float | None:
    """The median width (upper minus lower) of the values' confidence intervals; None when none has one."""
    widths = sorted(
        upper - lower
        for lower, upper in intervals
        if lower is not None
        and upper is not None
        and math.isfinite(lower)
        and math.isfinite(upper)
        and upper >= lower
    )
    if not widths:
        return None
    middle = len(widths) // 2
    return widths[middle] if len(widths) % 2 else (widths[middle - 1] + widths[middle]) / 2


def classes_the_intervals_support(
    classes: Sequence[ColourClass], typical_width: float | None
) -> list[ColourClass]:
    """Merge adjacent colour classes narrower than the values' typical confidence interval.

    Why: a ward's rate of 42 per 1,000 with a 95 % interval of 35 to 50 is
    statistically indistinguishable from one of 46; if a class boundary falls
    between them, the map shows two colours for what is noise. A class is only
    worth drawing if it spans at least the typical interval width, so that values
    in different classes differ by more than their own uncertainty. This follows
    the class-separability idea of Sun and Wong (2010), "Incorporating data quality
    information in mapping American Community Survey data", *Cartography and
    Geographic Information Science* 37(4), and Sun, Wong and Kronenfeld (2015), "A
    classification method for choropleth maps incorporating data reliability
    information", *The Professional Geographer* 67(1): classes should be separated
    by more than the error of the estimates in them.

    Rule: walking up from the lowest class, a class whose span (``high - low``,
    after any earlier merge) is narrower than ``typical_width`` absorbs the next
    class; a last class that is still too narrow joins the one below. The colours
    are then spread again over the classes left (unchanged when nothing merged). With no intervals
    (``typical_width`` None or 0) the classes are returned unchanged. Every value
    stays inside some class, and the lowest and highest bounds do not move.
    """
    if not classes or not typical_width or typical_width <= 0:
        return list(classes)
    merged: list[tuple[float, float]] = []
    low, high = classes[0].low, classes[0].high
    for colour_class in classes[1:]:
        if high - low >= typical_width:
            merged.append((low, high))
            low = colour_class.low
        high = colour_class.high
    if merged and high - low < typical_width:
        previous_low, _previous_high = merged.pop()
        low = previous_low
    merged.append((low, high))
    if len(merged) == len(classes):
        return list(classes)
    palette = _spread(len(merged)) if len(merged) > 1 else [PALETTE[-1]]
    return [ColourClass(palette[i], lo, hi) for i, (lo, hi) in enumerate(merged)]


def _spread(count: int) -> list[str]:
    if count >= len(PALETTE):
        return list(PALETTE)
    step = (len(PALETTE) - 1) / max(count - 1, 1)
    return [PALETTE[round(i * step)] for i in range(count)]


def colour_for(value: float | None, classes: Sequence[ColourClass]) -> str:
    if value is None or not classes or not math.isfinite(value):
        return NO_DATA
    for colour_class in classes:
        if value <= colour_class.high:
            return colour_class.colour
    return classes[-1].colour


def swatch(colour: str) -> SafeString:
    """A small SVG square of the colour, for legends (an SVG attribute, so no inline style is needed)."""
    return format_html(
        '<svg width="24" height="16" aria-hidden="true" focusable="false">'
        '<rect width="24" height="16" fill="{}" stroke="#b1b4b6"/></svg>',
        colour,
    )
