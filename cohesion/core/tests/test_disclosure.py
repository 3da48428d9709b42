"""Disclosure control (cohesion/core/disclosure): primary and secondary suppression, the NHS rule, the floor.

Each pattern is checked by attack (cohesion/testing/disclosure_attack.py): the
attacker solves for every hidden count from what is shown and the totals, and
no hidden count may be pinned to a range narrower than the threshold.
"""

from __future__ import annotations

import random

import pytest
from django.core.exceptions import ImproperlyConfigured

from cohesion.core.disclosure import LinkedCounts, Rule, nhs_rule, site_floor, threshold_rule
from cohesion.core.disclosure import attack as attack_module
from cohesion.testing.disclosure_attack import (
    Published,
    assert_no_hidden_cell_narrower_than,
    hidden_ranges,
)


def _column(values: dict[str, int], total: str = "total") -> LinkedCounts:
    linked = LinkedCounts()
    for key, value in values.items():
        linked.add(key, value)
    linked.add(total, sum(values.values()))
    linked.total(total, list(values))
    return linked


def _published(linked_values: dict[str, int], disclosed: object, total: str = "total") -> Published:
    return Published(
        cells={k: disclosed.value(k) for k in [*linked_values, total]},  # type: ignore[attr-defined]
        relations=[(total, list(linked_values))],
    )


def test_the_attacker_recovers_a_lone_hidden_cell_from_its_total() -> None:
    """The attack itself works: one hidden cell beside a shown total is found exactly."""
    published = Published(cells={"a": None, "b": 9, "total": 12}, relations=[("total", ["a", "b"])])
    assert hidden_ranges(published) == {"a": (3.0, 3.0)}
    with pytest.raises(AssertionError, match="narrowed below 5"):
        assert_no_hidden_cell_narrower_than(published, 5)


def test_the_attacker_uses_that_a_hidden_cell_is_at_least_one_when_zeros_are_shown() -> None:
    """Trust item 9: three hidden wards sharing 3 reports are each exactly 1."""
    published = Published(
        cells={"a": None, "b": None, "c": None, "d": 6, "e": 0, "total": 9},
        relations=[("total", ["a", "b", "c", "d", "e"])],
    )
    assert set(hidden_ranges(published).values()) == {(1.0, 1.0)}


def test_small_counts_are_hidden_and_zeros_are_shown() -> None:
    disclosed = _column({"a": 0, "b": 3, "c": 12, "d": 15}).protect(threshold_rule(5))
    assert disclosed.value("a") == 0
    assert disclosed.is_hidden("b")
    assert disclosed.value("d") == 15


def test_hidden_wards_whose_share_equals_their_number_are_protected_by_more_suppression() -> None:
    """Trust item 9: wards of 1, 1 and 1 beside a 6 and a shown total can no longer be worked out."""
    values = {"a": 1, "b": 1, "c": 1, "d": 6, "e": 0}
    disclosed = _column(values).protect(threshold_rule(5))
    assert {"a", "b", "c"} <= disclosed.hidden
    assert len(disclosed.hidden) > 3
    assert_no_hidden_cell_narrower_than(_published(values, disclosed), 5)


def test_total_minus_hate_cannot_reveal_a_hidden_community_tension_count() -> None:
    """Trust item 9: all reports = hate + community tension; a hidden 4 stays hidden."""
    linked = LinkedCounts()
    cells = {("w1", "hate"): 9, ("w1", "tension"): 4, ("w2", "hate"): 7, ("w2", "tension"): 6}
    for key, value in cells.items():
        linked.add(key, value)
    relations = []
    for ward in ("w1", "w2"):
        linked.add((ward, "all"), cells[(ward, "hate")] + cells[(ward, "tension")])
        relations.append(((ward, "all"), [(ward, "hate"), (ward, "tension")]))
    for category in ("hate", "tension", "all"):
        linked.add(
            ("council", category),
            sum(
                linked_value
                for (w, c), linked_value in cells.items()
                if c == category or category == "all"
            ),
        )
        relations.append((("council", category), [("w1", category), ("w2", category)]))
    relations.append((("council", "all"), [("council", "hate"), ("council", "tension")]))
    for total, parts in relations:
        linked.total(total, parts)
    disclosed = linked.protect(threshold_rule(5))
    assert disclosed.is_hidden(("w1", "tension"))
    keys = [
        *cells,
        *[(w, "all") for w in ("w1", "w2")],
        *[("council", c) for c in ("hate", "tension", "all")],
    ]
    published = Published(cells={k: disclosed.value(k) for k in keys}, relations=relations)
    assert_no_hidden_cell_narrower_than(published, 5)


@pytest.mark.parametrize("seed", range(12))
def test_random_ward_by_category_weeks_resist_the_attack(seed: int) -> None:
    """Tables like a council's week (wards x hate/tension/all, with council totals), attacked."""
    rng = random.Random(seed)
    wards = [f"w{i}" for i in range(rng.randint(3, 25))]
    linked = LinkedCounts()
    relations = []
    cells: dict[tuple[str, str], int] = {}
    for ward in wards:
        hate, tension = (rng.choice([0, 0, 0, 1, 1, 2, 3, 5, 8]) for _ in range(2))
        cells.update(
            {(ward, "hate"): hate, (ward, "tension"): tension, (ward, "all"): hate + tension}
        )
        relations.append(((ward, "all"), [(ward, "hate"), (ward, "tension")]))
    for category in ("hate", "tension", "all"):
        cells[("council", category)] = sum(cells[(w, category)] for w in wards)
        relations.append((("council", category), [(w, category) for w in wards]))
    relations.append((("council", "all"), [("council", "hate"), ("council", "tension")]))
    for key, value in cells.items():
        linked.add(key, value)
    for total, parts in relations:
        linked.total(total, parts)
    rule = threshold_rule(rng.choice([3, 5, 10]))
    disclosed = linked.protect(rule)
    assert disclosed.primary == {k for k, v in cells.items() if 0 < v < rule.threshold}
    published = Published(cells={k: disclosed.value(k) for k in cells}, relations=relations)
    assert_no_hidden_cell_narrower_than(published, rule.threshold)


@pytest.mark.parametrize("seed", range(6))
def test_the_nhs_rule_hides_one_to_seven_rounds_the_rest_to_five_and_resists_the_attack(
    seed: int,
) -> None:
    rng = random.Random(seed)
    values = {
        f"w{i}": rng.choice([0, 0, 1, 3, 7, 8, 12, 13, 22, 40]) for i in range(rng.randint(3, 15))
    }
    rule = nhs_rule()
    disclosed = _column(values).protect(rule)
    for key, value in values.items():
        if 1 <= value <= 7:
            assert disclosed.is_hidden(key)
        elif not disclosed.is_hidden(key):
            assert disclosed.value(key) % 5 == 0 and abs(disclosed.value(key) - value) <= 2
    published = Published(
        cells={k: disclosed.value(k) for k in [*values, "total"]},
        relations=[("total", list(values))],
        rounding=5,
        smallest_shown=8,
    )
    assert_no_hidden_cell_narrower_than(published, rule.threshold)


def test_nhs_rounding_is_to_the_nearest_five_with_halves_up() -> None:
    rule = nhs_rule()
    assert [rule.rounded(n) for n in (8, 12, 13, 17, 18, 0)] == [10, 10, 15, 15, 20, 0]
    assert (rule.threshold, rule.rounding) == (8, 5)


def test_a_threshold_below_the_site_floor_is_raised_to_the_floor(settings: object) -> None:
    settings.SUPPRESSION_FLOOR = 5  # type: ignore[attr-defined]
    assert site_floor() == 5
    assert threshold_rule(1).threshold == 5
    assert threshold_rule(2).threshold == 5
    assert threshold_rule(7).threshold == 7


def test_a_rule_that_hides_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="hides nothing"):
        Rule(threshold=1)


def test_the_site_refuses_to_start_with_a_threshold_below_the_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    import cohesion.settings as site_settings

    monkeypatch.setenv("SUPPRESSION_FLOOR", "6")
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", "5")
    with pytest.raises(ImproperlyConfigured, match="below SUPPRESSION_FLOOR"):
        importlib.reload(site_settings)
    monkeypatch.delenv("SUPPRESSION_FLOOR")
    monkeypatch.delenv("SUPPRESSION_THRESHOLD")
    importlib.reload(site_settings)


def test_a_council_sized_table_is_protected_with_a_bounded_number_of_programmes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """103 wards in one week (all of Tees Valley at once): the work grows with the hidden cells, not faster."""
    calls = []
    real = attack_module.linprog

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(attack_module, "linprog", counting)
    rng = random.Random(103)
    values = {f"w{i}": rng.choice([0, 0, 0, 0, 1, 1, 2, 4, 6, 9]) for i in range(103)}
    disclosed = _column(values).protect(threshold_rule(5))
    assert len(disclosed.hidden) >= len(disclosed.primary) > 20
    assert len(calls) <= 4 * len(disclosed.hidden)
