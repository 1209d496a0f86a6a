"""Interval bounds and secondary cell suppression for tables linked by published totals.

A table is a vector of non-negative whole cells ``x`` and a set of linear
equations ``A @ x = b`` that a reader can write down from what is published
(row totals, column totals, margins shared by several tables). When some
cells are hidden, the reader's knowledge of a hidden cell is the interval
between the smallest and the largest value it takes over all tables that
agree with the published cells, the equations and the cell bounds (the
linear-programming relaxation, as in tau-ARGUS and sdcTable).

:func:`feasible_intervals` computes those intervals with
:func:`scipy.optimize.linprog`. :func:`protect_cells` chooses which further
cells to hide so that every sensitive cell's interval reaches its protection
targets, as one mixed-integer programme solved by
:func:`scipy.optimize.milp` (HiGHS): for each sensitive cell and direction it
asks for a deviation ``f`` with ``A @ f = 0`` that moves only hidden cells,
keeps every hidden cell within its bounds and moves the sensitive cell to its
target (the model of Fischetti and Salazar-Gonzalez). Nothing here knows
about surveys.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = ["LinkedTable", "feasible_intervals", "protect_cells"]


@dataclass(frozen=True)
class LinkedTable:
    """Cells and the published linear equations that link them.

    Parameters
    ----------
    values : array of int
        The true cell values (length ``m``).
    equations : sparse or dense matrix, shape (k, m)
        Coefficients of the published equations; their right-hand sides are
        ``equations @ values`` (the published totals).
    lower, upper : array of float
        Bounds a reader knows for each cell if it is hidden (``upper`` may be
        ``inf`` for :func:`feasible_intervals`, but must be finite for
        :func:`protect_cells`, where it bounds the deviation of a cell).
    totals : array of float, optional
        The published right-hand sides, when ``values`` holds only the
        published cells (a reader's view: hidden cells may hold anything).
    """

    values: np.ndarray
    equations: sparse.csr_array
    lower: np.ndarray
    upper: np.ndarray
    totals: np.ndarray | None = None

    @property
    def rhs(self) -> np.ndarray:
        """The right-hand sides of the equations (the published totals)."""
        return self.equations @ self.values if self.totals is None else self.totals

    @classmethod
    def build(
        cls,
        values: Sequence[int],
        equations: Sequence[Sequence[tuple[int, float]]],
        lower: Sequence[float],
        upper: Sequence[float],
        totals: Sequence[float] | None = None,
    ) -> LinkedTable:
        """A table from its values and equations given as lists of (cell, coefficient)."""
        rows, cols, data = [], [], []
        for r, terms in enumerate(equations):
            for c, coef in terms:
                rows.append(r)
                cols.append(c)
                data.append(coef)
        m = len(values)
        matrix = sparse.csr_array((data, (rows, cols)), shape=(len(equations), m))
        return cls(
            np.asarray(values, dtype=float),
            matrix,
            np.asarray(lower, dtype=float),
            np.asarray(upper, dtype=float),
            None if totals is None else np.asarray(totals, dtype=float),
        )


def feasible_intervals(
    table: LinkedTable, hidden: np.ndarray, cells: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest value of every hidden cell consistent with what is published.

    Parameters
    ----------
    table : LinkedTable
        Values, equations and the bounds of hidden cells.
    hidden : array of bool
        Which cells are hidden; the others are published and fixed.
    cells : array of bool, optional
        Compute the bounds of these hidden cells only (the others keep their
        values in the result); all hidden cells by default.

    Returns
    -------
    (low, high) : arrays of float
        The LP bounds of each cell (equal to its value for a published cell);
        ``high`` is ``inf`` where nothing bounds a cell.

    Examples
    --------
    >>> t = LinkedTable.build([1, 1, 55], [[(0, 1), (1, 1), (2, 1)]], [1, 1, 1], [np.inf] * 3)
    >>> low, high = feasible_intervals(t, np.array([True, True, False]))
    >>> low.tolist(), high.tolist()
    ([1.0, 1.0, 55.0], [1.0, 1.0, 55.0])
    """
    hidden = np.asarray(hidden, dtype=bool)
    values = table.values
    low = values.copy()
    high = values.copy()
    if not hidden.any():
        return low, high
    idx = np.flatnonzero(hidden)
    matrix = table.equations
    a_hidden = matrix[:, idx]
    rhs = table.rhs - matrix[:, np.flatnonzero(~hidden)] @ values[~hidden]
    used = np.asarray(abs(a_hidden).sum(axis=1)).ravel() > 0
    wanted = hidden if cells is None else hidden & np.asarray(cells, dtype=bool)
    solve = _Bounds(a_hidden[used].toarray(), rhs[used], table.lower[idx], table.upper[idx])
    for j in range(len(idx)):
        if wanted[idx[j]]:
            low[idx[j]], high[idx[j]] = solve.interval(j)
    return low, high


class _Bounds:
    """One HiGHS model of the hidden cells, re-solved with the objective of each cell in turn.

    Building the model once and changing only the objective is about ten times
    faster than a ``linprog`` call per bound, for the same optimum.
    """

    def __init__(self, a_eq: np.ndarray, b_eq: np.ndarray, lower: np.ndarray, upper: np.ndarray):
        import highspy

        with _quiet_stdout():  # HiGHS prints its banner from C++
            self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", False)
        self.status = highspy.HighsModelStatus
        m, n = a_eq.shape
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.asarray(lower, dtype=float)
        lp.col_upper_ = np.where(np.isinf(upper), highspy.kHighsInf, upper).astype(float)
        lp.row_lower_ = lp.row_upper_ = np.asarray(b_eq, dtype=float)
        columns = a_eq.T
        nonzero = [np.flatnonzero(col) for col in columns]
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum([len(z) for z in nonzero])]).astype(
            np.int32
        )
        lp.a_matrix_.index_ = np.concatenate([*nonzero, np.zeros(0, int)]).astype(np.int32)
        lp.a_matrix_.value_ = np.concatenate(
            [col[z] for col, z in zip(columns, nonzero, strict=True)] + [np.zeros(0)]
        ).astype(float)
        self.h.passModel(lp)

    def interval(self, j: int) -> tuple[float, float]:
        """The smallest and largest value of hidden cell ``j``."""
        out = []
        for sign in (1.0, -1.0):
            self.h.changeColCost(j, sign)
            self.h.run()
            status = self.h.getModelStatus()
            if status == self.status.kUnbounded:
                out.append(-sign * np.inf)
            elif status != self.status.kOptimal:
                self.h.changeColCost(j, 0.0)
                raise ValueError(f"the published values are inconsistent: {status}")
            else:
                out.append(sign * self.h.getInfo().objective_function_value)
        self.h.changeColCost(j, 0.0)
        return out[0], out[1]


def protect_cells(
    table: LinkedTable,
    sensitive: np.ndarray,
    candidates: np.ndarray,
    up: np.ndarray,
    down: np.ndarray,
    cost: np.ndarray,
) -> np.ndarray | None:
    """The cheapest set of cells to hide so that each sensitive cell meets its targets.

    Parameters
    ----------
    table : LinkedTable
        Values, equations and (finite) bounds of hidden cells.
    sensitive : array of bool
        Cells that are hidden and must be protected.
    candidates : array of bool
        Cells that may be hidden to protect them (never a sensitive cell).
    up, down : array of float
        Protection targets: the interval of a sensitive cell ``i`` must reach
        ``up[i]`` above and ``down[i]`` below (a target equal to the value
        asks for nothing in that direction).
    cost : array of float
        Cost of hiding each candidate; the sum over the chosen cells is
        minimised (make it integral to avoid ties decided by tolerances).

    Notes
    -----
    Each deviation is bounded by its target distance ``d``: when the
    equations form a network (every cell in at most one row total and one
    column total with coefficients +1/-1, as in a two-way table with its
    margins), a deviation that moves the sensitive cell by ``d`` can be
    decomposed into cycles, and those through the cell move no cell by more
    than ``d``. The bound keeps the programme's relaxation tight.

    Returns
    -------
    array of bool or None
        The hidden cells (sensitive and chosen), or None when no choice of
        candidates meets every target.

    Examples
    --------
    >>> t = LinkedTable.build([3, 12, 7], [[(0, 1), (1, 1), (2, 1)]], [1, 1, 1], [22, 22, 22])
    >>> hide = protect_cells(
    ...     t,
    ...     np.array([True, False, False]),
    ...     np.array([False, True, True]),
    ...     up=np.array([8.0, 12, 7]),
    ...     down=np.array([1.0, 12, 7]),
    ...     cost=np.array([0.0, 2, 1]),
    ... )
    >>> hide.tolist()  # 3 reaches 8 once the 7 or the 12 is hidden too; the 7 costs less
    [True, False, True]
    """
    sensitive = np.asarray(sensitive, dtype=bool)
    candidates = np.asarray(candidates, dtype=bool) & ~sensitive
    values, lower, upper = table.values, table.lower, table.upper
    m = len(values)
    tasks = [(i, float(up[i])) for i in np.flatnonzero(sensitive) if up[i] > values[i]]
    tasks += [(i, float(down[i])) for i in np.flatnonzero(sensitive) if down[i] < values[i]]
    if not tasks:
        return sensitive.copy()
    cand = np.flatnonzero(candidates)
    nb, t = len(cand), len(tasks)
    matrix = table.equations
    # variables: y (one per candidate), then one deviation vector f of length m per task
    f_low = np.where(sensitive, lower - values, 0.0)
    f_high = np.where(sensitive, upper - values, 0.0)
    f_low[cand] = np.minimum(lower[cand] - values[cand], 0.0)
    f_high[cand] = upper[cand] - values[cand]
    lb = [np.zeros(nb)]
    ub = [np.ones(nb)]
    link_lo: list[np.ndarray] = []
    link_hi: list[np.ndarray] = []
    for i, target in tasks:
        # a deviation moving cell i by d needs move no cell by more than d (network tables)
        d = abs(target - values[i])
        lo, hi = np.maximum(f_low, -d), np.minimum(f_high, d)
        if target > values[i]:
            lo[i] = max(lo[i], target - values[i])
        else:
            hi[i] = min(hi[i], target - values[i])
        if lo[i] > hi[i]:
            return None
        lb.append(lo)
        ub.append(hi)
        link_lo.append(lo[cand])
        link_hi.append(hi[cand])
    eq = sparse.hstack(
        [sparse.csr_array((matrix.shape[0] * t, nb)), sparse.block_diag([matrix] * t)]
    )
    # links, two rows per task and candidate c: f_c - hi_c y_c <= 0 and -f_c + lo_c y_c <= 0
    k_idx = np.repeat(np.arange(t), nb)
    c_idx = np.tile(np.arange(nb), t)
    f_col = nb + k_idx * m + cand[c_idx]
    up_rows = 2 * (k_idx * nb + c_idx)
    row_ids = np.concatenate([up_rows, up_rows, up_rows + 1, up_rows + 1])
    col_ids = np.concatenate([c_idx, f_col, c_idx, f_col])
    data = np.concatenate(
        [-np.concatenate(link_hi), np.ones(t * nb), np.concatenate(link_lo), -np.ones(t * nb)]
    )
    links = sparse.csr_array((data, (row_ids, col_ids)), shape=(2 * t * nb, nb + t * m))
    constraints = [LinearConstraint(eq, 0.0, 0.0)]
    if nb:
        constraints.append(LinearConstraint(links, -np.inf, 0.0))
    c = np.concatenate([np.asarray(cost, dtype=float)[cand], np.zeros(t * m)])
    integrality = np.concatenate([np.ones(nb), np.zeros(t * m)])
    with _quiet_stdout():
        res = milp(
            c,
            constraints=constraints,
            integrality=integrality,
            bounds=Bounds(np.concatenate(lb), np.concatenate(ub)),
            options={"mip_rel_gap": 0.0, "presolve": True, "disp": False},
        )
    if res.status != 0 or res.x is None:
        return None
    hidden = sensitive.copy()
    hidden[cand[np.round(res.x[:nb]) > 0.5]] = True
    return hidden


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Standard output closed at the file-descriptor level (HiGHS prints from C++)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a captured stream: nothing to silence
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), fd)
        yield
    finally:
        _flush_c_streams()
        os.dup2(saved, fd)
        os.close(saved)


def _flush_c_streams() -> None:
    """Flush the C library's buffered output (what HiGHS printed goes to the null device)."""
    import ctypes

    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):  # no C library to reach: nothing buffered there
        pass
