"""One item of a recoded breakdown as a linear model: every cell a reader can write equations for.

The cells, in order: the wave's overall counts of the item (``k``), the
recoded group cells (positive, other) per group (``2G``), the two recoded
overall cells, and, when the full-scale breakdown of the same wave is also
published (:func:`lscb_survey.suppress` with ``by=``), its group cells
(``G x k``). The equations are everything published: the item base, each
group's base, the column sums of the groups (recoded and full scale), each
recoded cell as the sum of its full-scale cells, and each recoded overall
cell as the sum of the wave's cells. Hidden cells are bounded by the zero
policy (at least 1, or 0 in a withheld row) and their row's base.

:func:`protect_item` chooses recoded group cells to hide so that every
sensitive cell keeps its protection: the small recoded counts, the hidden
cells of the wave alone and, with the full-scale breakdown, its hidden group
cells (targets capped as that release caps them,
:func:`lscb_survey.disclosure.linked.group_caps`). :func:`shortfalls` is the
exact check of a finished pattern.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .frames import Protection
from .linked import group_caps

__all__ = ["FullScale", "RecodedItem", "protect_item", "shortfalls", "withhold_item"]


@dataclass(frozen=True)
class FullScale:
    """The full-scale breakdown of the item as published beside the recoded one."""

    grid: list[list[int]]  # group x answer counts
    hidden: list[list[bool]]
    floors: list[int]  # 0 for a withheld group row (its zeros may be hidden), else 1


@dataclass
class RecodedItem:
    """One item: the wave's overall cells, the recoded group cells and overall cells."""

    full: list[int]  # the wave's overall counts of the item
    full_hidden: list[bool]
    full_floor: int  # 0 if the wave alone withholds the item, else 1
    positive: list[bool]  # which answers are positive
    groups: list[tuple[int, int]]  # (positive, other) per group
    prot: Protection
    detail: FullScale | None = None
    hidden: np.ndarray = field(init=False)
    withheld: bool = False
    rows_withheld: set[int] = field(default_factory=set)
    determined: np.ndarray = field(init=False)  # recoded cells the full-scale release gives

    def __post_init__(self) -> None:
        k, g = self.sizes
        self.hidden = np.zeros(self.cells, dtype=bool)
        self.hidden[:k] = self.full_hidden
        classes = {p for p, h in zip(self.positive, self.full_hidden, strict=True) if h}
        self.hidden[k + 2 * g : k + 2 * g + 2] = len(classes) == 2  # not determined
        if self.detail is not None:
            self.hidden[self.detail_start :] = [h for row in self.detail.hidden for h in row]
        # A group too small for a small count to reach its protection inside its row is
        # withheld, by its size alone: a rule that looked at the counts would tell a
        # reader who re-runs it which counts the group holds.
        for i, (a, b) in enumerate(self.groups):
            if 0 < a + b < self.prot.threshold + self.prot.upper:
                self.rows_withheld.add(i)
                self.hidden[k + 2 * i : k + 2 * i + 2] = True
        self.determined = self._determined()
        self.hidden &= ~self.determined

    def _determined(self) -> np.ndarray:
        """Recoded group cells the other published numbers fix whatever is hidden: shown.

        Found with every recoded group cell open (zeros too in a withheld row); a cell
        that still takes one value (a class nobody in the wave gave, a class whose
        full-scale cells are all published) hides nothing.
        """
        from ..stats.protection import feasible_intervals

        k, g = self.sizes
        values = self.values()
        recoded = np.zeros(self.cells, dtype=bool)
        recoded[k : k + 2 * g] = True
        trial = self.hidden.copy()
        trial[k : k + 2 * g] |= values[k : k + 2 * g] > 0
        low, high = feasible_intervals(self.table(), trial, cells=recoded & trial)
        return recoded & trial & (high - low < 0.5)

    @property
    def sizes(self) -> tuple[int, int]:
        return len(self.full), len(self.groups)

    @property
    def detail_start(self) -> int:
        k, g = self.sizes
        return k + 2 * g + 2

    @property
    def cells(self) -> int:
        k, g = self.sizes
        return self.detail_start + (k * g if self.detail is not None else 0)

    def values(self) -> np.ndarray:
        grid = [v for row in self.groups for v in row]
        pos = sum(v for v, p in zip(self.full, self.positive, strict=True) if p)
        detail = [] if self.detail is None else [v for row in self.detail.grid for v in row]
        return np.array([*self.full, *grid, pos, sum(self.full) - pos, *detail], dtype=float)

    def _equations(self) -> list[list[tuple[int, float]]]:
        k, g = self.sizes
        equations = [[(j, 1.0) for j in range(k)]]
        equations += [[(k + 2 * i, 1.0), (k + 2 * i + 1, 1.0)] for i in range(g)]
        members = [[j for j in range(k) if self.positive[j] == (c == 0)] for c in range(2)]
        for c in range(2):
            equations.append([(k + 2 * i + c, 1.0) for i in range(g)] + [(k + 2 * g + c, -1.0)])
            equations.append([(k + 2 * g + c, 1.0)] + [(j, -1.0) for j in members[c]])
        if self.detail is None:
            return equations
        d = self.detail_start
        for j in range(k):  # full-scale column sums are the wave's cells
            equations.append([(d + i * k + j, 1.0) for i in range(g)] + [(j, -1.0)])
        for i in range(g):  # each recoded cell is the sum of its full-scale cells
            for c in range(2):
                terms = [(d + i * k + j, -1.0) for j in members[c]]
                equations.append([(k + 2 * i + c, 1.0), *terms])
        return equations

    def table(self):  # -> LinkedTable (imported lazily: scipy)
        from ..stats.protection import LinkedTable

        k, g = self.sizes
        n = sum(self.full)
        values = self.values()
        floors = [0 if self.withheld or i in self.rows_withheld else 1 for i in range(g)]
        bases = [sum(row) for row in self.groups]
        lower = [self.full_floor] * k + [f for f in floors for _ in range(2)] + [0, 0]
        upper = [n] * k + [b for b in bases for _ in range(2)] + [n, n]
        if self.detail is not None:
            lower += [f for f in self.detail.floors for _ in range(k)]
            upper += [b for b in bases for _ in range(k)]
        lower = [min(lo, v) for lo, v in zip(lower, values, strict=True)]
        return LinkedTable.build(values.astype(int).tolist(), self._equations(), lower, upper)

    def targets(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sensitive cells and the targets each must reach (its value: nothing asked)."""
        values = self.values()
        k, g = self.sizes
        n = sum(self.full)
        up, down = values.copy(), values.copy()
        sensitive = self.hidden.copy()
        h = [j for j in range(k) if self.full_hidden[j]]
        alone_high = sum(self.full[j] for j in h) - self.full_floor * (len(h) - 1)
        for j in h:  # keep what the wave alone gives each of its hidden cells
            v = self.full[j]
            if 0 < v < self.prot.threshold:
                up[j] = min(v + self.prot.upper, n, alone_high)
                down[j] = max(v - self.prot.lower, self.full_floor)
            # any other hidden cell needs only not to be one value: checked by shortfalls
        for i, row in enumerate(self.groups):
            for c, v in enumerate(row):
                if 0 < v < self.prot.threshold and not self.determined[k + 2 * i + c]:
                    j = k + 2 * i + c
                    sensitive[j] = True
                    column = int(values[k + 2 * g + c])
                    low, high = self._class_caps(i, c)
                    up[j] = max(v, min(v + self.prot.upper, sum(row), column, high))
                    floor = 0 if self.withheld or i in self.rows_withheld else 1
                    down[j] = min(v, max(v - self.prot.lower, floor, low))
        if self.detail is not None:
            self._detail_targets(up, down)
        return sensitive, up, down

    def _class_caps(self, i: int, c: int) -> tuple[int, int]:
        """The range the full-scale release leaves a recoded cell (unbounded without it)."""
        if self.detail is None:
            return 0, 1 << 40
        low = high = 0
        for j, v in enumerate(self.detail.grid[i]):
            if self.positive[j] != (c == 0):
                continue
            if self.detail.hidden[i][j]:
                lo, hi = group_caps(self.detail.grid, self.full_hidden, i, j)
                low, high = low + max(lo, self.detail.floors[i]), high + hi
            else:
                low, high = low + v, high + v
        return low, high

    def _detail_targets(self, up: np.ndarray, down: np.ndarray) -> None:
        """The full-scale release's own targets of its hidden group cells."""
        assert self.detail is not None
        k = self.sizes[0]
        grid, d = self.detail.grid, self.detail_start
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                if not self.detail.hidden[i][j]:
                    continue
                low, high = group_caps(grid, self.full_hidden, i, j)
                low = max(low, self.detail.floors[i])
                cell = d + i * k + j
                if 0 < v < self.prot.threshold:
                    up[cell] = max(v, min(v + self.prot.upper, high))
                    down[cell] = min(v, max(v - self.prot.lower, low))
                # any other hidden cell needs only not to be one value: checked by shortfalls


def protect_item(model: RecodedItem) -> bool:
    """Hide recoded group cells until every sensitive cell reaches its targets.

    Returns True when the pattern chosen passes :func:`shortfalls` (the exact
    check), False when it does not or no pattern was found (the item's
    breakdown is then withheld and must be checked again).
    """
    from ..stats.protection import feasible_intervals, protect_cells

    sensitive, up, down = model.targets()
    k, g = model.sizes
    if not sensitive.any():
        return True
    values = model.values()
    candidates = np.zeros_like(sensitive)
    candidates[k : k + 2 * g] = values[k : k + 2 * g] > 0
    candidates &= ~model.determined
    cost = np.array([10_000 + j for j in range(len(values))], dtype=float)  # value-blind
    table = model.table()
    asked_up, asked_down = up.copy(), down.copy()
    for _ in range(3):
        chosen = protect_cells(
            table, sensitive, candidates & ~sensitive, asked_up, asked_down, cost
        )
        if chosen is None:
            break
        bad = shortfalls(model, chosen, up, down)
        pinned = [j for j in bad if up[j] == down[j] == values[j]]
        if not bad or len(pinned) < len(bad):
            model.hidden = chosen
            return not bad
        # a hidden cell with no target became one value: ask it to move the way the
        # other releases alone let it move, and choose again
        low, high = feasible_intervals(
            table, sensitive | candidates, cells=_mask(len(values), pinned)
        )
        for j in pinned:
            if high[j] > values[j]:
                asked_up[j] = values[j] + 1
            elif low[j] < values[j]:
                asked_down[j] = values[j] - 1
    withhold_item(model)
    return False


def _mask(size: int, cells: list[int]) -> np.ndarray:
    out = np.zeros(size, dtype=bool)
    out[cells] = True
    return out


def withhold_item(model: RecodedItem) -> None:
    """Hide every recoded group cell of the item, zeros too."""
    k, g = model.sizes
    model.withheld = True
    model.hidden[k : k + 2 * g] = ~model.determined[k : k + 2 * g]


def shortfalls(
    model: RecodedItem, hidden: np.ndarray, up: np.ndarray, down: np.ndarray
) -> list[int]:
    """Hidden cells whose exact LP interval falls short of their targets (or is one value)."""
    from ..stats.protection import feasible_intervals

    low, high = feasible_intervals(model.table(), hidden)
    k, g = model.sizes
    bad = []
    for j in np.flatnonzero(hidden):
        recoded = k <= j < k + 2 * g
        if high[j] - low[j] < 0.5 and not (model.withheld and recoded):
            bad.append(int(j))
        elif low[j] > down[j] + 1e-6 or high[j] < up[j] - 1e-6:
            bad.append(int(j))
    return bad
