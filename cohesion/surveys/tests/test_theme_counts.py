"""The theme counts of coded comments (a pure multiple-response count), pinned by hand."""

from __future__ import annotations

import pytest

from cohesion.surveys.calculations.themes import count_themes, share_of


def test_shares_are_of_coded_comments_and_may_add_up_to_more_than_100():
    # Five comments: A; A and B; B; not coded; C's frame entry unused.
    tally = count_themes(["A", "B", "C"], [{"A"}, {"A", "B"}, {"B"}, set(), []])
    assert (tally.comments, tally.coded, tally.uncoded) == (5, 3, 2)
    assert [(t.theme, t.count) for t in tally.themes] == [("A", 2), ("B", 2), ("C", 0)]
    assert [round(t.share, 4) for t in tally.themes] == [66.6667, 66.6667, 0.0]
    assert sum(t.share for t in tally.themes) > 100
    assert not tally.single_coded


def test_single_coding_is_noticed_so_the_counts_add_up_to_the_coded_total():
    tally = count_themes(["A", "B"], [{"A"}, {"B"}, {"A"}, set()])
    assert tally.single_coded
    assert sum(t.count for t in tally.themes) == tally.coded == 3


def test_nothing_coded_gives_no_shares_rather_than_dividing_by_zero():
    tally = count_themes(["A"], [set(), set()])
    assert tally.coded == 0 and tally.themes[0].share is None and not tally.single_coded
    assert count_themes([], []).comments == 0
    assert share_of(None, 10) is None and share_of(3, None) is None and share_of(1, 4) == 25.0


def test_a_theme_outside_the_frame_or_listed_twice_is_an_error():
    with pytest.raises(ValueError, match="outside the frame"):
        count_themes(["A"], [{"Z"}])
    with pytest.raises(ValueError, match="twice"):
        count_themes(["A", "A"], [])
