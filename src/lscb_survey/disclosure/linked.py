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

An overall cell's targets are never capped: where the groups cannot give it
the protection the wave alone gives it, the breakdown is withheld (its group
cells may then be 0, and the overall row's bounds are those of the wave
alone); first, though, the groups that gave that answer are withheld (their
cells may then be 0), which is often enough. A group cell's targets are capped by what the wave alone publishes: no group
can hold more of an answer than the whole wave's count of it, less one for
each other group that gave that answer (their cells are published or at
least 1). :func:`group_caps` gives those caps.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from .frames import Protection
from .rules import PRIMARY, SECONDARY, WITHHELD

__all__ = ["PARTNERS", "group_caps", "linked_pattern", "published_reach", "reach"]

#: How many groups after a cell's own (in turn) a certificate may use.
PARTNERS = 16
_UNBOUNDED = 1 << 40


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
        self.withheld: set[int] = set()
        #: Whether only hidden cells may move (checking a release) or also hideable ones.
        self.only_hidden = False
        #: Smallest value of a hidden overall cell (0 when the item alone is withheld).
        self.overall_floor = 1

    def withhold(self, g: int) -> None:
        """Hide every cell of group row ``g``, zeros too (they may then be 0)."""
        self.withheld.add(g)
        self.hidden[g] = [True] * self.k

    def usable(self, i: int, r: int) -> bool:
        """Whether the cell is hidden or may be hidden (a group cell of 1 or more)."""
        if self.only_hidden:
            return self.hidden[i][r]
        return self.hidden[i][r] or (i < self.groups and self.values[i][r] >= 1)

    def window(self, i: int) -> list[int]:
        """Rows a certificate of a cell of row ``i`` may use: its own, overall, then partners."""
        groups = self.groups
        if i == groups:
            partners = list(range(min(groups, PARTNERS + 1)))
        else:
            partners = [groups] + [
                (i + s) % groups for s in range(1, min(PARTNERS, groups - 1) + 1)
            ]
        return list(dict.fromkeys([i, *partners]))

    def floor(self, j: int) -> int:
        """Smallest value a hidden cell of row ``j`` may take."""
        if j == self.groups:
            return self.overall_floor
        return 0 if j in self.withheld else 1

    def capacity(self, j: int, c: int) -> tuple[int, int]:
        """How far a cell may move (up, down) in the orientation where overall cells are negated."""
        room = self.values[j][c] - self.floor(j)
        return (_UNBOUNDED, room) if j < self.groups else (room, _UNBOUNDED)

    def certificate(
        self, i: int, r: int, move: int, rows: list[int] | None = None
    ) -> tuple[dict[tuple[int, int], int], int]:
        """Cells of a table that agrees with everything published and moves (i, r) toward ``move``.

        A circulation in the table's graph (rows and answers as nodes, hidden
        or hideable cells as edges), built from augmenting paths that prefer
        cells already hidden, then the overall row, then the nearest groups.
        Returns the cells and how far the cell moves (at most ``abs(move)``:
        the largest move any pattern allows when it falls short).
        """
        s = self.sign[i] * move
        rows = self.window(i) if rows is None else rows
        flow: dict[tuple[int, int], int] = {}
        src, dst = ((1, r), (0, i)) if s > 0 else ((0, i), (1, r))
        own = self.capacity(i, r)[0 if s > 0 else 1]
        need = max(min(abs(s), own), 0)
        total = need
        while need > 0:
            found = self._path(rows, (i, r), flow, src, dst)
            if found is None:
                break
            path, room = found
            push = min(need, room)
            for cell, direction in path:
                flow[cell] = flow.get(cell, 0) + direction * push
            need -= push
        reached = total - need
        if reached:
            flow[(i, r)] = reached if s > 0 else -reached
        return {cell: f for cell, f in flow.items() if f}, reached

    def complete(self, i: int) -> bool:
        """Whether the window of row ``i`` holds every row (its reach is exact)."""
        return len(self.window(i)) == self.groups + 1

    def _path(
        self,
        rows: list[int],
        target: tuple[int, int],
        flow: dict,
        src: tuple[int, int],
        dst: tuple[int, int],
    ) -> tuple[list, int] | None:
        """The cheapest augmenting path (cells newly hidden cost 1), with its room.

        Nodes are ``(0, row)`` and ``(1, answer)``; a row-to-answer step raises
        the cell (in the negated orientation), an answer-to-row step lowers it.
        """
        values, hidden, groups, k, withheld = (
            self.values,
            self.hidden,
            self.groups,
            self.k,
            self.withheld,
        )
        best = {src: 0}
        parent: dict = {}
        queue = deque([src])
        while queue:
            node = queue.popleft()
            if node == dst:
                break
            kind, at = node
            base = best[node]
            steps = (
                [(at, c, (1, c), 1) for c in range(k)]
                if kind == 0
                else [(j, at, (0, j), -1) for j in rows]
            )
            for j, c, nxt, direction in steps:
                if (j, c) == target:
                    continue
                is_group = j < groups
                h = hidden[j][c]
                v = values[j][c]
                if not h and (self.only_hidden or not (is_group and v >= 1)):
                    continue
                f = flow.get((j, c), 0)
                room_down = v - (0 if j in withheld else 1 if is_group else self.overall_floor)
                if direction > 0:
                    room = (_UNBOUNDED if is_group else room_down) - f
                else:
                    room = (room_down if is_group else _UNBOUNDED) + f
                if room <= 0:
                    continue
                cost = base + (0 if h or f else 1)
                if cost < best.get(nxt, cost + 1):
                    best[nxt] = cost
                    parent[nxt] = (node, (j, c), direction, room)
                    if cost == base:
                        queue.appendleft(nxt)
                    else:
                        queue.append(nxt)
        if dst not in parent:
            return None
        path, node, room = [], dst, _UNBOUNDED
        while node != src:
            node, cell, direction, step = parent[node]
            path.append((cell, direction))
            room = min(room, step)
        return path, room


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
    hidden_overall = [w is not None for w in overall]
    if not grid or WITHHELD in overall:
        return _withheld(_Grid(grid, hidden_overall, prot.threshold), overall)
    rows: set[int] = set()
    for _ in range(4):
        state = _Grid(grid, hidden_overall, prot.threshold)
        for g in sorted(rows):
            state.withhold(g)
        tasks, whole = _tasks(state, overall, prot)
        if whole - rows:
            rows |= whole
            continue
        stuck = _solve(state, tasks)
        if isinstance(stuck, tuple):  # an overall cell short of its protection
            more = {g for g in range(state.groups) if grid[g][stuck[1]]} - rows
            if not more:
                break
            rows |= more  # withheld group rows may hold 0, which frees the overall cell
            continue
        if stuck is None:
            break
        bad = {(i, r) for i, r in stuck if i not in state.withheld}
        if not bad:
            return _reasons(state, overall, stuck)
        more = {i for i, _ in bad if i < state.groups}
        if not more:
            break
        rows |= more
    return _withheld(_Grid(grid, hidden_overall, prot.threshold), overall)


def _tasks(state: _Grid, overall: list[str | None], prot: Protection) -> tuple[list, set[int]]:
    """The moves every hidden cell needs, and the groups whose small count is their whole base."""
    n = sum(state.values[-1])
    caps = _column_caps(state, n)
    nonzero = [sum(1 for row in state.values[:-1] if row[r]) for r in range(state.k)]
    tasks = []
    whole = set()
    for g in range(state.groups):
        n_g = sum(state.values[g])
        if g in state.withheld:  # small counts protected as ever, the others only not pinned
            for r, c in enumerate(state.values[g]):
                moves = _targets(c, 0, min(n_g, caps[r][1]), caps[r][0] - (n - n_g), prot)
                small = 0 < c < prot.threshold and moves
                tasks += [(g, r, m) for m in moves] if small else [(g, r, 0)]
            continue
        for r, c in enumerate(state.values[g]):
            if 0 < c < prot.threshold:
                state.hidden[g][r] = True
                low = max(caps[r][0] - (n - n_g), 1)
                high = min(n_g, caps[r][1] - (nonzero[r] - 1))
                moves = _targets(c, 1, high, low, prot)
                if c == n_g or not moves:
                    whole.add(g)
                tasks += [(g, r, m) for m in moves]
    for r, why in enumerate(overall):
        c = state.values[-1][r]
        if why == PRIMARY:
            moves = _targets(c, 1, caps[r][1], caps[r][0], prot)
            tasks += [(state.groups, r, m) for m in moves]
        elif why is not None:
            tasks.append((state.groups, r, 0))  # one move of 1, either way
    return tasks, whole


def _solve(state: _Grid, tasks: list) -> set[tuple[int, int]] | tuple[int, int] | None:
    """Hide the cells of a certificate of every task; the cells that cannot move at all.

    A certificate found for one cell moves others too; a task that an earlier
    certificate already meets is not searched again. An overall cell short of
    its protection is returned as (row, answer); None when a group cell's task
    falls short with only part of the groups searched.
    """
    moved: dict[tuple[int, int], int] = {}
    seen: dict[tuple[int, int], tuple[int, int]] = {}
    for i, r, move in tasks:
        up, down = seen.get((i, r), (0, 0))
        if (move > 0 and up >= move) or (move < 0 and down >= -move) or (not move and up + down):
            moved[(i, r)] = moved.get((i, r), 0) + max(abs(move), 1)
            continue
        found = _certify(state, i, r, move)
        if found is None:
            return (i, r) if i == state.groups else None
        cells, reached = found
        moved[(i, r)] = moved.get((i, r), 0) + reached
        for (a, b), f in cells.items():
            state.hidden[a][b] = True
            change = state.sign[a] * f
            up, down = seen.get((a, b), (0, 0))
            seen[(a, b)] = (max(up, change), max(down, -change))
    # a cell is stuck only if, with every cell now hidden, it still cannot move
    return {cell for cell, m in moved.items() if not m and not _can_move(state, *cell)}


def _can_move(state: _Grid, i: int, r: int) -> bool:
    found = _certify(state, i, r, 0)
    return bool(found and found[1])


def _certify(state: _Grid, i: int, r: int, move: int) -> tuple[dict, int] | None:
    """A certificate of the move (shorter when no pattern allows more); None if not searched."""
    if move:
        cells, reached = state.certificate(i, r, move)
        if reached == abs(move) or (state.complete(i) and i < state.groups):
            return cells, reached
        return None  # an overall cell keeps the protection the wave alone gives it
    for m in (1, -1):
        cells, reached = state.certificate(i, r, m)
        if reached:
            return cells, reached
    return ({}, 0) if state.complete(i) else None


def reach(
    grid: Sequence[Sequence[int]], overall_hidden: Sequence[bool], i: int, r: int, move: int
) -> int:
    """How far any by-group release with this overall pattern lets cell (i, r) move.

    Every group cell of 1 or more hidden, zeros published, the overall cells
    hidden as the wave alone hides them: the largest move of the cell (row
    ``i``, the overall row being ``len(grid)``) toward ``move``, at most
    ``abs(move)``. This is exact (a network flow) and is the ceiling of the
    protection a group cell can be given without hiding a whole-wave cell.

    Examples
    --------
    >>> grid = [[3, 24, 5, 4, 0, 1], [3, 38, 11, 12, 0, 0], [1, 58, 7, 13, 0, 0]]
    >>> reach(grid, [True, False, False, False, False, True], 0, 0, 5)
    2
    """
    state = _Grid(grid, overall_hidden, 1)
    return state.certificate(i, r, move, rows=list(range(len(grid) + 1)))[1]


def published_reach(
    grid: Sequence[Sequence[int]],
    hidden: Sequence[Sequence[bool]],
    withheld: Sequence[bool],
    cell: tuple[int, int],
    move: int,
) -> int:
    """How far a reader of a published release can move one hidden cell, at most ``abs(move)``.

    ``grid`` holds the true group rows, ``hidden`` the published pattern
    (group rows, then the overall row), ``withheld`` which rows (overall
    last) may hold zeros. Only hidden cells move; every row total and column
    sum is kept. For a table linked this way (a network), the largest move is
    the cell's exact bound from everything published, as linear programming
    or integer programming gives it.

    Examples
    --------
    >>> published_reach([[3, 10, 9], [9, 8, 20]], [[1, 1, 0], [1, 1, 0], [0, 0, 0]],
    ...                 [False, False, False], (0, 0), 5)
    5
    """
    state = _Grid(grid, [bool(h) for h in hidden[-1]], 1)
    state.hidden = [[bool(h) for h in row] for row in hidden]
    state.only_hidden = True
    state.withheld = {g for g, w in enumerate(withheld[:-1]) if w}
    state.overall_floor = 0 if withheld[-1] else 1
    return state.certificate(*cell, move, rows=list(range(len(grid) + 1)))[1]


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


def _reasons(
    state: _Grid, overall: list[str | None], fixed: AbstractSet[tuple[int, int]] = frozenset()
) -> list[list[str | None]]:
    """Reasons of every cell; ``fixed`` cells of withheld rows, which nothing can move, shown."""
    out: list[list[str | None]] = []
    for g in range(state.groups):
        row: list[str | None] = []
        for r, c in enumerate(state.values[g]):
            if (g, r) in fixed:
                row.append(None)
            elif g in state.withheld:
                row.append(WITHHELD)
            elif not state.hidden[g][r]:
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
