"""Counting the themes of coded comments (multiple-response coding).

Officers code each resident comment with zero or more themes of a coding frame. The
table they report is the usual one for a coded open question with multiple
responses: for each theme, the number of comments coded with it and its share of the
**coded** comments (comments with at least one theme). Comments not yet coded are
left out of the base, so the shares do not fall as coding proceeds; and since a
comment may carry several themes, the shares may add up to more than 100 %.
This is the "percent of cases" column of a multiple-response frequency table
(IBM SPSS Statistics, *Multiple Response Frequencies*), as against "percent of
responses", whose base is the number of codes given.

Pure: no ORM. Whether a count may be shown is decided afterwards, through the
disclosure-control module (:func:`cohesion.surveys.comments.theme_table`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeCount:
    theme: Hashable
    count: int
    # Per cent of the coded comments (None when no comment is coded yet).
    share: float | None


@dataclass(frozen=True)
class ThemeTally:
    comments: int  # every comment
    coded: int  # comments with at least one theme: the base of the shares
    uncoded: int
    themes: list[ThemeCount]
    # Every coded comment carries exactly one theme, so the theme counts add up to ``coded``.
    single_coded: bool


def share_of(count: int | None, base: int | None) -> float | None:
    """``count`` as a percentage of ``base`` (None when either is unknown or the base is 0)."""
    if count is None or not base:
        return None
    return 100.0 * count / base


def count_themes(themes: Sequence[Hashable], codings: Iterable[Collection[Hashable]]) -> ThemeTally:
    """For each of ``themes`` (in order), how many comments were coded with it, and its share.

    ``codings`` holds one entry per comment: the themes it was coded with (empty when
    not coded yet). A theme named in a coding but not in ``themes`` is an error: the
    frame and its codings must come from the same wave.
    """
    known = set(themes)
    if len(known) != len(themes):
        raise ValueError("A theme is listed twice.")
    counts: Counter[Hashable] = Counter()
    comments = coded = 0
    single = True
    for coding in codings:
        chosen = set(coding)
        unknown = chosen - known
        if unknown:
            raise ValueError(f"Coded with themes outside the frame: {sorted(map(str, unknown))}.")
        comments += 1
        if chosen:
            coded += 1
            single = single and len(chosen) == 1
            counts.update(chosen)
    return ThemeTally(
        comments=comments,
        coded=coded,
        uncoded=comments - coded,
        themes=[ThemeCount(t, counts[t], share_of(counts[t], coded)) for t in themes],
        single_coded=single and coded > 0,
    )
