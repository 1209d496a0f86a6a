"""Which cells of an item by group are hidden, the overall row fixed to the wave alone's pattern.

An item broken down by group is a grid: one row per group (each with its
published base) and the overall row, whose cells are the column sums of the
group rows. The overall row is suppressed exactly as the item alone is
(:func:`lscb_survey.disclosure.rules.row_pattern`), so a by-group release and
the wave published alone show the same overall cells and combining them
gives nothing away. The group cells absorb the extra protection:

* every group count from 1 to ``threshold - 1`` is hidden (primary);
* every primary group cell and every hidden overall cell needs a
  *certificate* in each direction: a table that agrees with everything
  published, in which the cell has moved to its protection target. The
  certificates used here are rectangles of four hidden cells (two rows, two
  answers) whose values move by the same amount in turn, which keeps every
  row total and every column sum. A certificate of an integer table is an
  integer table, so the exact integer bounds reach the targets too;
* a rectangle is chosen value-blind: the fewest cells newly hidden, then the
  overall row before groups (its hidden cells are already hidden), then the
  nearest group after the cell's own, then the earliest answer. Only group
  cells are ever newly hidden; the values decide only whether a rectangle
  works, never which one is preferred;
* the partner rows of a cell are the overall row and the next
  :data:`PARTNERS` groups (in turn), so the work grows linearly with the
  number of groups;
* when some cell has no rectangle, a grid of at most :data:`PROGRAMME_CELLS`
  cells is solved as one mixed-integer programme over the item
  (:func:`lscb_survey.stats.protection.protect_cells`: any cycle of cells,
  not only rectangles), with the same value-blind cost by position;
* when that fails too, the item's breakdown is withheld: every
  group cell hidden, zeros too, except those the published overall row and
  bases determine (a column published as 0 is 0 in every group).

A group cell's targets are capped by what the wave alone publishes: no group
can hold more of an answer than the whole wave's count of it, less one for
each other group that gave that answer (their cells are published or at
least 1). :func:`group_caps` gives those caps.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..stats.protection import protect_cells
from .frames import Protection
from .rules import PRIMARY, SECONDARY, WITHHELD, grid_table

__all__ = ["PARTNERS", "PROGRAMME_CELLS", "group_caps", "linked_pattern"]

#: How many groups after a cell's own (in turn) are tried as partners of its rectangles.
PARTNERS = 16
#: Largest grid (cells, overall row included) for which the programme is tried when
#: rectangles do not protect every cell; a larger item's breakdown is withheld then.
PROGRAMME_CELLS = 120


def _targets(value: int, floor: int, cap_up: int, cap_down: int, prot: Protection) -> list[int]:
    """Signed moves a hidden cell needs (up then down)."""
    moves = []
    up = min(value + prot.upper, cap_up)
    if up > value:
        moves.append(up - value)
    down = max(value - prot.lower, floor, cap_down)
    if down < value:
        moves.append(down - value)
    return moves


class _Grid:
    """Working state: values, which cells are hidden, which may be hidden."""

    def __init__(
        self, grid: Sequence[Sequence[int]], overall_hidden: Sequence[bool], threshold: int
    ):
        self.threshold = threshold
        self.groups = len(grid)
        self.k = len(grid[0]) if grid else 0
        overall = [sum(row[r] for row in grid) for r in range(self.k)]
        self.values = [list(row) for row in grid] + [overall]
        self.hidden = [[False] * self.k for _ in grid] + [list(overall_hidden)]
        self.sign = [1] * self.groups + [-1]

    def usable(self, i: int, r: int) -> bool:
        """Whether the cell is hidden or may be hidden (a group cell of 1 or more)."""
        return self.hidden[i][r] or (i < self.groups and self.values[i][r] >= 1)

    def rectangle(self, i: int, r: int, move: int) -> tuple[int, int, list] | None:
        """The preferred rectangle moving cell (i, r) by ``move``: (cost, order, cells)."""
        rows = [self.groups] if i != self.groups else []
        rows += [(i + step) % self.groups for step in range(1, min(PARTNERS, self.groups - 1) + 1)]
        if i == self.groups:
            rows = list(range(min(self.groups, PARTNERS + 1)))
        best = None
        for order, j in enumerate(rows):
            if j == i:
                continue
            s = self.sign[i] * move  # the move of (i, r) in the flipped orientation
            for r2 in range(self.k):
                if r2 == r:
                    continue
                cells = [
                    (i, r2, -self.sign[i] * s),
                    (j, r, -self.sign[j] * s),
                    (j, r2, self.sign[j] * s),
                ]
                if not all(self.usable(a, b) and self.values[a][b] + d >= 1 for a, b, d in cells):
                    continue
                cost = sum(not self.hidden[a][b] for a, b, _ in cells)
                key = (cost, order * self.k + r2)
                if best is None or key < best[:2]:
                    best = (cost, key[1], cells)
            if best is not None and best[0] == 0:
                break
        return best


def linked_pattern(
    grid: Sequence[Sequence[int]], overall: Sequence[str | None], prot: Protection
) -> list[list[str | None]]:
    """Why each group cell (and overall cell, last row) of an item by group is hidden.

    Parameters
    ----------
    grid : sequence of sequences of int
        One row of counts per group (the overall row is their column sums).
    overall : sequence of str or None
        The reasons of the overall row: the pattern of the item alone.
    prot : Protection
        Threshold and protection levels.

    Returns
    -------
    list of lists of str or None
        One list per group, then ``overall`` itself.

    Examples
    --------
    >>> from lscb_survey.disclosure.rules import row_pattern
    >>> prot = Protection(5, 5, 5)
    >>> grid = [[3, 10, 9], [9, 8, 20]]
    >>> alone = row_pattern([12, 18, 29], prot)
    >>> linked_pattern(grid, alone, prot)
    [['primary', 'secondary', None], ['secondary', 'secondary', None], [None, None, None]]
    """
    overall = list(overall)
    state = _Grid(grid, [w is not None for w in overall], prot.threshold)
    if not grid or WITHHELD in overall:
        return _withheld(state, overall)
    n = sum(state.values[-1])
    caps = _column_caps(state, n)
    nonzero = [sum(1 for row in state.values[:-1] if row[r]) for r in range(state.k)]
    tasks = []
    for g in range(state.groups):
        n_g = sum(state.values[g])
        for r, c in enumerate(state.values[g]):
            if 0 < c < prot.threshold:
                state.hidden[g][r] = True
                low = max(caps[r][0] - (n - n_g), 1)
                high = min(n_g, caps[r][1] - (nonzero[r] - 1))
                moves = _targets(c, 1, high, low, prot)
                if not moves:
                    return _withheld(state, overall)
                tasks += [(g, r, m) for m in moves]
    for r, why in enumerate(overall):
        c = state.values[-1][r]
        if why == PRIMARY:
            moves = _targets(c, 1, caps[r][1], caps[r][0], prot)
            tasks += [(state.groups, r, m) for m in moves]
        elif why is not None:
            tasks.append((state.groups, r, 0))  # one move of 1, either way
    if not tasks:
        return _reasons(state, overall)
    for i, r, move in tasks:
        found = _certify(state, i, r, move)
        if found is None:
            return _programme(state, overall, tasks)
        for a, b, _ in found:
            state.hidden[a][b] = True
    return _reasons(state, overall)


def _programme(state: _Grid, overall: list[str | None], tasks: list) -> list[list[str | None]]:
    """The small-grid fallback: one mixed-integer programme over the item, else withheld."""
    groups, k = state.groups, state.k
    if (groups + 1) * k > PROGRAMME_CELLS:
        return _withheld(state, overall)
    values = np.array([c for row in state.values for c in row], dtype=float)
    table = grid_table(state.values[:-1], [False] * (groups + 1), upper="totals")
    sensitive = np.array([h for row in state.hidden for h in row])
    sensitive[: groups * k] &= (values[: groups * k] >= 1) & (
        values[: groups * k] < state.threshold
    )
    up, down = values.copy(), values.copy()
    for i, r, move in tasks:
        pos = i * k + r
        if move > 0:
            up[pos] = values[pos] + move
        elif move < 0:
            down[pos] = values[pos] + move
        elif values[pos] + 1 <= table.upper[pos] and _column_room(state, r):
            up[pos] = values[pos] + 1
        else:
            down[pos] = values[pos] - 1
    candidates = np.zeros(len(values), dtype=bool)
    candidates[: groups * k] = values[: groups * k] >= 1
    candidates &= ~sensitive
    cost = len(values) + np.arange(len(values), dtype=float)
    hidden = protect_cells(table, sensitive, candidates, up, down, cost)
    if hidden is None:
        return _withheld(state, overall)
    for pos in np.flatnonzero(hidden[: groups * k]):
        state.hidden[pos // k][pos % k] = True
    return _reasons(state, overall)


def _column_room(state: _Grid, r: int) -> bool:
    """Whether some other hidden overall cell could give up one (so the cell can grow)."""
    overall, hidden = state.values[-1], state.hidden[-1]
    return any(h and c >= 2 for j, (c, h) in enumerate(zip(overall, hidden, strict=True)) if j != r)


def _certify(state: _Grid, i: int, r: int, move: int) -> list | None:
    if move:
        found = state.rectangle(i, r, move)
        return None if found is None else found[2]
    for m in (1, -1):
        found = state.rectangle(i, r, m)
        if found is not None:
            return found[2]
    return None


def group_caps(
    grid: Sequence[Sequence[int]], overall_hidden: Sequence[bool], g: int, r: int
) -> tuple[int, int]:
    """The range the wave alone and the bases leave a group cell, whatever else is hidden.

    The overall cell of answer ``r`` is published, or hidden and then between 1
    and the hidden sum less one for each other hidden overall cell; the other
    groups that gave answer ``r`` hold at least 1 each; the cell is at most
    its group's base and at least what the other groups' bases cannot hold.

    Examples
    --------
    >>> group_caps([[0, 11, 6, 9, 4, 8], [2, 1, 3, 8, 2, 14]], [True, True] + [False] * 4, 1, 4)
    (0, 5)
    """
    overall = [sum(row[c] for row in grid) for c in range(len(grid[0]))]
    n, n_g = sum(overall), sum(grid[g])
    rest = sum(c for c, h in zip(overall, overall_hidden, strict=True) if h)
    if overall_hidden[r]:
        low, high = 1, rest - (sum(overall_hidden) - 1)
    else:
        low = high = overall[r]
    others = sum(1 for h, row in enumerate(grid) if h != g and row[r])
    return max(low - (n - n_g), 0), min(n_g, high - others)


def _column_caps(state: _Grid, n: int) -> list[tuple[int, int]]:
    """The range the wave alone allows each overall cell: (smallest, largest)."""
    overall, hidden = state.values[-1], state.hidden[-1]
    rest = sum(c for c, h in zip(overall, hidden, strict=True) if h)
    count = sum(hidden)
    return [(1, rest - (count - 1)) if h else (c, c) for c, h in zip(overall, hidden, strict=True)]


def _reasons(state: _Grid, overall: list[str | None]) -> list[list[str | None]]:
    out: list[list[str | None]] = []
    for g in range(state.groups):
        row: list[str | None] = []
        for r, c in enumerate(state.values[g]):
            if not state.hidden[g][r]:
                row.append(None)
            else:
                row.append(PRIMARY if 0 < c < state.threshold else SECONDARY)
        out.append(row)
    return [*out, overall]


def _withheld(state: _Grid, overall: list[str | None]) -> list[list[str | None]]:
    """Every group cell withheld, except those the overall row and the bases determine."""
    n = sum(state.values[-1])
    rows: list[list[str | None]] = []
    for g in range(state.groups):
        n_g = sum(state.values[g])
        row: list[str | None] = []
        for r in range(state.k):
            published = not state.hidden[-1][r] and overall[r] is None
            a = state.values[-1][r]
            fixed = n_g == 0 or (published and max(0, a - (n - n_g)) == min(n_g, a))
            row.append(None if fixed else WITHHELD)
        rows.append(row)
    return [*rows, overall]
