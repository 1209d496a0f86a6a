"""Rao-Scott second-order corrected test of independence in a weighted two-way table.

Pearson's X^2 of the weighted table (scaled to the number of units ``n``) is
divided by the mean generalised design effect and referred to an F
distribution with ``d0`` and ``d0 * (n - 1)`` degrees of freedom, where
``d0 = tr(D)^2 / tr(D^2)`` and ``D`` is the design-effect matrix of the
interaction contrasts (Rao and Scott, 1984). This is R's
``svychisq(statistic="F")`` for a single-stage design, with units whose row or
column is missing kept in the design (their answers coded ``NA``), so the
degrees of freedom are those of every unit and a calibration stays intact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .linearisation import Design, domain_covariance

__all__ = ["RaoScottResult", "rao_scott_test"]


@dataclass(frozen=True)
class RaoScottResult:
    """Outcome of :func:`rao_scott_test`.

    Attributes
    ----------
    statistic : float
        The F statistic (X^2 / tr(D)).
    pearson : float
        Pearson's X^2 of the weighted table scaled to ``n`` units.
    df_num, df_den : float
        Degrees of freedom of the F reference distribution.
    p_value : float
    rows, cols : int
        Levels present among the tested units.
    """

    statistic: float
    pearson: float
    df_num: float
    df_den: float
    p_value: float
    rows: int
    cols: int


def _dummies(levels: int) -> np.ndarray:
    return np.eye(levels)[:, 1:]


def rao_scott_test(design: Design, rows: np.ndarray, cols: np.ndarray) -> RaoScottResult:
    """Rao-Scott F test of independence of two classifications.

    Parameters
    ----------
    design : Design
    rows, cols : ndarray of int, shape (n,)
        Codes of the two classifications; -1 leaves a unit out of the table
        (it stays in the design).

    Returns
    -------
    RaoScottResult
        NaN statistic and p-value when fewer than two levels of either
        classification are present, or when the design-effect matrix cannot
        be computed (its denominator is numerically singular, as when an
        answer is given in one group only: R's ``svychisq`` stops there).

    Examples
    --------
    >>> import numpy as np
    >>> rows = np.array([0, 0, 1, 1, 0, 1, 0, 1, 1, 0])
    >>> cols = np.array([0, 1, 0, 1, 0, 1, 1, 1, 0, 0])
    >>> res = rao_scott_test(Design(np.ones(10)), rows, cols)
    >>> round(res.pearson, 4), round(res.df_num, 4)
    (0.4, 1.0)
    """
    w = np.asarray(design.weights, dtype=float)
    both = (rows >= 0) & (cols >= 0)
    present = both & (w > 0)
    row_levels = np.unique(rows[present])
    col_levels = np.unique(cols[present])
    nr, nc = len(row_levels), len(col_levels)
    if nr < 2 or nc < 2:
        return RaoScottResult(np.nan, np.nan, np.nan, np.nan, np.nan, nr, nc)
    r_code = np.searchsorted(row_levels, rows)
    c_code = np.searchsorted(col_levels, cols)
    cell = np.where(present, r_code + nr * c_code, 0)  # rows vary fastest, as R
    mean, cov = domain_covariance(design, cell, np.eye(nr * nc), present)
    n = design.n
    grid_r = np.tile(np.arange(nr), nc)
    grid_c = np.repeat(np.arange(nc), nr)
    main = np.column_stack([np.ones(nr * nc), _dummies(nr)[grid_r], _dummies(nc)[grid_c]])
    inter = np.column_stack(
        [
            _dummies(nr)[grid_r][:, i] * _dummies(nc)[grid_c][:, j]
            for j in range(nc - 1)
            for i in range(nr - 1)
        ]
    )
    q, _ = np.linalg.qr(main)
    cmat = inter - q @ (q.T @ inter)
    inv = np.divide(1.0, mean, out=np.zeros_like(mean), where=mean != 0)
    denom = cmat.T @ (inv[:, None] / n * cmat)
    numr = cmat.T @ (inv[:, None] * cov * inv[None, :]) @ cmat
    if not 1 / np.linalg.cond(denom, 1) >= np.finfo(float).eps:  # singular, as R's solve()
        return RaoScottResult(np.nan, np.nan, np.nan, np.nan, np.nan, nr, nc)
    delta = np.linalg.solve(denom, numr)
    trace = float(np.trace(delta))
    d0 = trace**2 / float(np.trace(delta @ delta))
    table = (n * mean).reshape(nc, nr).T
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    pearson = float(((table - expected) ** 2 / expected).sum())
    statistic = pearson / trace
    df_den = d0 * (n - 1)
    p = float(stats.f.sf(statistic, d0, df_den))
    return RaoScottResult(statistic, pearson, d0, df_den, p, nr, nc)
