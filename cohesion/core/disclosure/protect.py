"""Primary and secondary suppression over a set of linked tables of counts.

Every count Cohesion shows to someone who may not see the records behind it
goes through :class:`LinkedCounts`: the caller adds each count it will show
(and any count it will not show but that enters a total, such as reports with
no ward), states which counts are totals of which others, and asks
:meth:`LinkedCounts.protect` for the figures that may be shown.

1. **Primary suppression**: a count of at least 1 and below the rule's
   threshold is hidden. Zeros are shown: that nothing was reported discloses
   nobody, and the attacker in :mod:`.attack` is told so (a hidden count is at
   least 1).
2. **Rounding**, under the NHS rule: every other count is rounded to the
   nearest 5.
3. **Secondary (complementary) suppression**, in two passes. A quick pass
   looks at each relation on its own: while the hidden members of a shown
   total could be narrowed below the threshold (one hidden part alone is the
   total minus the rest), hide one more member, the smallest shown inner
   count first and a total only when no inner count is left. Then the
   attacker of :mod:`.attack` audits the whole set: whenever a hidden count
   can still be narrowed below the threshold (through several relations at
   once, such as all reports = hate + tension beside ward and council
   totals), hide one more count that shares a relation with it and audit
   again. This is τ-ARGUS's secondary suppression with an audit of the
   pattern (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012,
   chapter 4, sections 4.3-4.4; τ-ARGUS manual, "secondary cell suppression"
   and "audit"), done greedily rather than by an optimal solver, and it
   implements the ONS rule that "a suppressed cell should not be derivable
   by differencing from the marginal totals" (ONS, "Disclosure control
   guidance for tables produced from administrative sources", 2014, section
   3.4). Zeros are never chosen, since a hidden zero protects nothing once
   zeros are known to be shown.

The tables are split into connected components (counts linked through
relations); each component is protected on its own, so a council's 52 weeks
of ward counts, which share no totals across weeks, are 52 small problems.
Hiding a further count never lets the attacker narrow another, so the greedy
loop only ever moves towards a safe pattern; it ends at the latest when every
non-zero count of the component is hidden.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from cohesion.core.disclosure.attack import Bounds, binding_cells, first_narrow_cell
from cohesion.core.disclosure.rules import Rule

__all__ = ["Disclosed", "LinkedCounts"]


@dataclass(frozen=True)
class Disclosed:
    """The figures of a set of linked tables that may be shown."""

    rule: Rule
    shown: dict[Hashable, int | None]
    hidden: frozenset[Hashable]
    # Hidden by primary suppression (small), as opposed to secondary.
    primary: frozenset[Hashable] = field(default=frozenset())

    def value(self, key: Hashable) -> int | None:
        """The count as it may be shown (rounded under the NHS rule), or None when hidden."""
        return self.shown[key]

    def is_hidden(self, key: Hashable) -> bool:
        return key in self.hidden


class LinkedCounts:
    """Counts that will be shown together, and the totals that link them."""

    def __init__(self) -> None:
        self._index: dict[Hashable, int] = {}
        self._values: list[int] = []
        self._published: list[bool] = []
        self._relations: list[tuple[int, tuple[int, ...]]] = []

    def __len__(self) -> int:
        return len(self._values)

    def add(self, key: Hashable, count: float, *, published: bool = True) -> None:
        """Add a count. ``published=False`` for a count that is never shown but enters a total."""
        if key in self._index:
            raise ValueError(f"The count {key!r} was added twice.")
        if count is None or not math.isfinite(float(count)) or count < 0:
            raise ValueError(f"Counts must be finite numbers of at least 0; {key!r} is {count!r}.")
        if float(count) != int(count):
            raise ValueError(f"Counts must be whole numbers; {key!r} is {count!r}.")
        self._index[key] = len(self._values)
        self._values.append(int(count))
        self._published.append(published)

    def total(self, total: Hashable, parts: Iterable[Hashable]) -> None:
        """State that the count ``total`` is the sum of the counts ``parts``."""
        part_index = tuple(self._index[p] for p in parts)
        total_index = self._index[total]
        if sum(self._values[p] for p in part_index) != self._values[total_index]:
            raise ValueError(
                f"The parts of {total!r} add up to "
                f"{sum(self._values[p] for p in part_index)}, not {self._values[total_index]}."
            )
        self._relations.append((total_index, part_index))

    # ----------------------------------------------------------------- protecting

    def protect(self, rule: Rule) -> Disclosed:
        """Hide small counts and enough others that no hidden count can be narrowed below the threshold."""
        n = len(self._values)
        hidden = [self._published[i] and rule.is_small(self._values[i]) for i in range(n)]
        primary = [i for i in range(n) if hidden[i]]
        is_total = [False] * n
        for total, _parts in self._relations:
            is_total[total] = True
        for component in self._components():
            relations = [r for r in self._relations if r[0] in component]
            self._protect_component(component, relations, hidden, is_total, rule)
        keys = list(self._index)
        shown = {
            key: (None if hidden[i] else rule.rounded(self._values[i]))
            for key, i in self._index.items()
            if self._published[i]
        }
        return Disclosed(
            rule=rule,
            shown=shown,
            hidden=frozenset(keys[i] for i in range(n) if hidden[i]),
            primary=frozenset(keys[i] for i in primary),
        )

    def _components(self) -> list[set[int]]:
        """Cells linked through relations, as sets of indices (union-find)."""
        parent = list(range(len(self._values)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for total, parts in self._relations:
            for p in parts:
                a, b = find(total), find(p)
                if a != b:
                    parent[a] = b
        groups: dict[int, set[int]] = {}
        for i in range(len(self._values)):
            groups.setdefault(find(i), set()).add(i)
        return list(groups.values())

    def _bounds(self, i: int, hidden: list[bool], rule: Rule) -> Bounds:
        value = self._values[i]
        if not self._published[i]:
            return Bounds(0.0, 0.0) if value == 0 else Bounds(0.0, math.inf)
        if hidden[i]:
            return Bounds(1.0, math.inf)
        if value == 0 or rule.rounding == 1:
            return Bounds(float(value), float(value))
        shown = rule.rounded(value)
        return Bounds(
            float(max(shown - rule.half_rounding, rule.threshold)),
            float(shown + rule.half_rounding),
        )

    def _protect_component(
        self,
        component: set[int],
        relations: list[tuple[int, tuple[int, ...]]],
        hidden: list[bool],
        is_total: list[bool],
        rule: Rule,
    ) -> None:
        if not relations or not any(hidden[i] for i in component):
            return
        cells = sorted(component)
        local = {cell: k for k, cell in enumerate(cells)}
        local_relations = [(local[t], [local[p] for p in parts]) for t, parts in relations]
        sharing: dict[int, set[int]] = {cell: set() for cell in cells}
        for total, parts in relations:
            members = {total, *parts}
            for cell in members:
                sharing[cell] |= members
        self._no_lone_hidden_cell(relations, hidden, is_total, rule)
        # Hiding a count never narrows another's range, so a count found safe
        # stays safe: each is checked until it is, hiding one more count that
        # shares a relation with it each time it is found narrow.
        pending = [c for c in cells if hidden[c]]
        while pending:
            cleared, narrow = first_narrow_cell(
                [self._bounds(c, hidden, rule) for c in cells],
                local_relations,
                [local[c] for c in pending],
                [self._values[c] for c in cells],
                rule.protection,
            )
            pending = [c for c in pending if local[c] not in cleared]
            if narrow is None:
                return
            worst = cells[narrow[0]]
            # First the shown counts of the relations that pin it (see binding_cells),
            # then any sharing a relation with it, then any at all.
            pinning = {
                cells[k]
                for k in binding_cells(
                    [self._bounds(c, hidden, rule) for c in cells], local_relations, narrow[0]
                )
            }
            candidates = (
                [c for c in pinning if not hidden[c] and self._shown_non_zero(c)]
                or [c for c in sharing[worst] if not hidden[c] and self._shown_non_zero(c)]
                or [c for c in cells if not hidden[c] and self._shown_non_zero(c)]
            )
            if not candidates:
                return  # every non-zero count is hidden: nothing more can be done
            choice = min(candidates, key=lambda c: (is_total[c], self._values[c], c))
            hidden[choice] = True
            pending.append(choice)

    def _shown_non_zero(self, cell: int) -> bool:
        return self._published[cell] and self._values[cell] > 0

    def _no_lone_hidden_cell(
        self,
        relations: list[tuple[int, tuple[int, ...]]],
        hidden: list[bool],
        is_total: list[bool],
        rule: Rule,
    ) -> None:
        """A quick first pass over each relation on its own (ONS, section 3.4).

        Within one relation whose total is shown, the hidden parts add up to a
        known sum S; with k of them, each at least 1, each lies in
        [1, S - k + 1] (exactly S when k is 1). While that range is narrower than the threshold (one
        hidden part alone has a range of width 0), hide one more member. This
        settles most tables before the attacker is run, so the audit that
        follows rarely has to add more.
        """
        changed = True
        while changed:
            changed = False
            for total, parts in relations:
                members = (total, *parts)
                hidden_parts = [p for p in parts if hidden[p]]
                if not any(hidden[c] for c in members):
                    continue
                if hidden[total]:
                    if hidden_parts:
                        continue
                    width = 0.0  # a hidden total with every part shown is their sum
                else:
                    slack = self._values[total] - sum(
                        self._values[p] for p in parts if not hidden[p]
                    )
                    width = slack - len(hidden_parts) if len(hidden_parts) > 1 else 0.0
                if width >= rule.protection:
                    continue
                candidates = [c for c in members if not hidden[c] and self._shown_non_zero(c)]
                if candidates:
                    choice = min(candidates, key=lambda c: (is_total[c], self._values[c], c))
                    hidden[choice] = True
                    changed = True
