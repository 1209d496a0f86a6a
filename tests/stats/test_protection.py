"""LP intervals and the secondary-suppression programme against brute force on small tables."""

from __future__ import annotations

from itertools import combinations, product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.stats.protection import LinkedTable, feasible_intervals, protect_cells


def two_way(grid: list[list[int]], low: float = 0.0, high: float = np.inf) -> LinkedTable:
    """A two-way table with its row totals and its column totals (the margin row is cells too)."""
    rows, k = len(grid), len(grid[0])
    margin = [sum(col) for col in zip(*grid, strict=True)]
    values = [c for row in grid for c in row] + margin
    equations = [[(g * k + r, 1.0) for r in range(k)] for g in range(rows + 1)]
    equations += [
        [(g * k + r, 1.0) for g in range(rows)] + [(rows * k + r, -1.0)] for r in range(k)
    ]
    m = len(values)
    return LinkedTable.build(values, equations, [low] * m, [high] * m)


def brute_intervals(table: LinkedTable, hidden: np.ndarray, cap: int) -> tuple[list, list]:
    """Integer intervals by trying every integer fill up to ``cap`` (small tables only)."""
    idx = np.flatnonzero(hidden)
    rhs = table.equations @ table.values
    fills = np.array(list(product(range(int(table.lower[0]), cap + 1), repeat=len(idx))))
    x = np.tile(table.values, (len(fills), 1))
    x[:, idx] = fills
    ok = np.all(np.isclose((table.equations @ x.T).T, rhs), axis=1)
    return fills[ok].min(axis=0).tolist(), fills[ok].max(axis=0).tolist()


@settings(max_examples=15, deadline=None)
@given(
    grid=st.lists(
        st.lists(st.integers(0, 4), min_size=2, max_size=3), min_size=2, max_size=2
    ).filter(lambda g: len({len(r) for r in g}) == 1),
    pick=st.lists(st.booleans(), min_size=9, max_size=9),
)
def test_intervals_of_a_network_table_are_the_integer_ones(grid, pick):
    table = two_way(grid)
    hidden = np.array(pick[: len(table.values)])
    if not hidden.any() or hidden.sum() > 4 or table.values.sum() == 0:
        return
    low, high = feasible_intervals(table, hidden)
    b_low, b_high = brute_intervals(table, hidden, sum(map(sum, grid)))
    # network matrices are totally unimodular: the LP bounds are integers and attained
    assert low[hidden].tolist() == b_low
    assert high[hidden].tolist() == b_high


def test_protect_cells_finds_the_cheapest_protecting_set():
    grid = [[3, 10, 9], [9, 8, 20]]
    table = two_way(grid, low=1.0)
    caps = np.array([22.0] * 3 + [37.0] * 3 + [59.0] * 3)
    bounded = LinkedTable(table.values, table.equations, table.lower, caps)
    sensitive = np.zeros(9, dtype=bool)
    sensitive[0] = True
    candidates = (table.values >= 1) & ~sensitive
    up = np.minimum(table.values + 5, caps)
    down = np.maximum(table.values - 5, 1)
    cost = 100 + np.arange(9.0)
    hidden = protect_cells(bounded, sensitive, candidates, up, down, cost)
    assert hidden is not None
    low, high = feasible_intervals(table, hidden)
    assert high[0] >= 8 and low[0] <= 1
    # brute force: no cheaper set protects the cell
    best = None
    for size in range(1, 5):
        for combo in combinations(np.flatnonzero(candidates), size):
            trial = sensitive.copy()
            trial[list(combo)] = True
            lo, hi = feasible_intervals(table, trial)
            if hi[0] >= 8 and lo[0] <= 1:
                c = cost[list(combo)].sum()
                best = c if best is None else min(best, c)
        if best is not None:
            break
    assert cost[hidden & ~sensitive].sum() == best


def test_protect_cells_says_when_nothing_protects():
    table = LinkedTable.build([1, 0], [[(0, 1.0), (1, 1.0)]], [1.0, 1.0], [1.0, 1.0])
    none = protect_cells(
        table,
        np.array([True, False]),
        np.array([False, False]),
        up=np.array([2.0, 0]),
        down=np.array([1.0, 0]),
        cost=np.array([0.0, 1]),
    )
    assert none is None


def test_solver_prints_nothing_on_standard_output(capfd):
    """HiGHS writes from C++; the programme runs with standard output closed at the fd level."""
    t = LinkedTable.build(
        [3, 12, 7, 9, 2, 20],
        [[(0, 1), (1, 1), (2, 1)], [(3, 1), (4, 1), (5, 1)], [(0, 1), (3, 1)], [(1, 1), (4, 1)]],
        [1] * 6,
        [31] * 6,
    )
    sensitive = np.array([True, False, False, False, True, False])
    protect_cells(
        t, sensitive, ~sensitive, t.values + 5, np.maximum(t.values - 5, 1), np.arange(6.0)
    )
    assert capfd.readouterr().out == ""


@settings(max_examples=30, deadline=None)
@given(
    grid=st.lists(
        st.lists(st.integers(0, 30), min_size=3, max_size=5), min_size=2, max_size=4
    ).filter(lambda g: len({len(r) for r in g}) == 1),
    seed=st.integers(0, 2**16),
)
def test_intervals_equal_a_linprog_per_bound(grid, seed):
    """The re-solved HiGHS model gives the bounds of one ``linprog`` per cell and direction."""
    from scipy.optimize import linprog

    table = two_way(grid, low=0.0, high=float(sum(map(sum, grid))))
    hidden = np.random.default_rng(seed).random(len(table.values)) < 0.5
    if not hidden.any():
        return
    low, high = feasible_intervals(table, hidden)
    idx = np.flatnonzero(hidden)
    a = table.equations.toarray()
    b = table.rhs - a[:, ~hidden] @ table.values[~hidden]
    for j, cell in enumerate(idx):
        c = np.zeros(len(idx))
        for sign, got in ((1.0, low[cell]), (-1.0, high[cell])):
            c[j] = sign
            res = linprog(c, A_eq=a[:, idx], b_eq=b, bounds=[(0, table.upper[0])] * len(idx))
            assert res.status == 0 and sign * res.fun == pytest.approx(got, abs=1e-7)


def test_intervals_print_nothing_and_only_the_cells_asked(capfd):
    t = LinkedTable.build([3, 12, 7], [[(0, 1), (1, 1), (2, 1)]], [1, 1, 1], [22, 22, 22])
    low, high = feasible_intervals(
        t, np.array([True, True, True]), cells=np.array([True, False, False])
    )
    assert (low.tolist(), high.tolist()) == ([1.0, 12.0, 7.0], [20.0, 12.0, 7.0])
    assert capfd.readouterr().out == ""
