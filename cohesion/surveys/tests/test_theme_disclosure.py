"""An attacker who reads a viewer's theme table cannot pin any hidden count below the threshold.

The attacker knows what the table shows and every rule it obeys: no theme counts more
comments than were coded; the themes together count at least the coded comments (each
coded comment has one or more); and, when every coded comment carries one theme, the
themes add up to the coded ones.
"""

from __future__ import annotations

import numpy as np

from cohesion.core.disclosure import threshold_rule
from cohesion.surveys.calculations.themes import count_themes
from cohesion.surveys.comments import protect_theme_counts
from cohesion.testing.disclosure_attack import Published, hidden_ranges

THRESHOLD = 5


def _random_codings(rng: np.random.Generator, themes: int) -> list[set[int]]:
    comments = int(rng.integers(0, 30))
    uncoded = rng.random()
    several = rng.random() * 0.5  # how often a comment carries more than one theme
    weights = rng.dirichlet(np.ones(themes))
    codings: list[set[int]] = []
    for _ in range(comments):
        if rng.random() < uncoded * 0.5:
            codings.append(set())
            continue
        chosen = {int(rng.choice(themes, p=weights))}
        while rng.random() < several:
            chosen.add(int(rng.choice(themes, p=weights)))
        codings.append(chosen)
    return codings


def _published(tally, disclosed) -> tuple[Published, list]:
    themes = [("theme", t.theme) for t in tally.themes]
    cells = {key: disclosed.value(key) for key in ["coded", *themes]}
    relations = []
    at_least = [("coded", [key]) for key in themes]
    if tally.single_coded:
        relations.append(("coded", themes))
    # The themes together count at least the coded comments ("codes" is their sum).
    codes = sum(t.count for t in tally.themes)
    cells["codes"] = None if any(cells[key] is None for key in themes) else codes
    relations.append(("codes", themes))
    at_least.append(("codes", ["coded"]))
    return Published(cells=cells, relations=relations, at_least=at_least), themes


def test_no_hidden_theme_count_can_be_narrowed_below_the_threshold():
    rng = np.random.default_rng(20260601)
    rule = threshold_rule(THRESHOLD)
    attacked = 0
    for _case in range(400):
        themes = int(rng.integers(1, 6))
        tally = count_themes(list(range(themes)), _random_codings(rng, themes))
        disclosed = protect_theme_counts(tally, rule)
        published, theme_keys = _published(tally, disclosed)
        ranges = hidden_ranges(published)
        for key in ["comments", "coded", "uncoded", *theme_keys]:
            if key in ranges:
                low, high = ranges[key]
                attacked += 1
                assert high - low >= THRESHOLD, (key, ranges[key], tally, disclosed.shown)
    assert attacked > 100  # the attack had plenty to attack


def test_a_small_coded_total_is_hidden_with_the_small_theme_it_would_pin():
    # Five coded comments, two themes on some: A 5, B 2 (small). Shown, 5 coded would put B in [1, 5].
    tally = count_themes(["A", "B"], [{"A"}, {"A"}, {"A"}, {"A", "B"}, {"A", "B"}, set()] * 1)
    disclosed = protect_theme_counts(tally, threshold_rule(THRESHOLD))
    assert disclosed.value(("theme", "B")) is None
    assert disclosed.value("coded") is None
