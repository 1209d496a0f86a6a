"""Calibration arithmetic: raking, post-stratification and their linearisation.

Weights are calibrated to known population totals of one or more categorical
margins. Post-stratification scales the weights within each level of one margin
so that they add up to its total; raking (iterative proportional fitting)
post-stratifies on each margin in turn until every margin is met.

The variance of an estimator from calibrated weights is the variance of its
*residuals* after calibration (Deville and Särndal, 1992). The arithmetic here
follows R's survey package (Lumley, 2004) step for step so that errors agree
with ``rake()`` and ``postStratify()``:

- post-stratification: the linearised values ``x`` lose ``w * m[level]``,
  where ``m`` is the mean of ``x / w`` within the level weighted by the
  weights *before* post-stratification;
- raking: ten sweeps over the margins, each subtracting ``w * a[level]``,
  where ``a`` is the *unweighted* mean of ``x / w`` within the level. On
  unequally weighted data this differs slightly (about 1e-3 relative) from a
  generalised-regression calibration with raking distance, and it is what
  R's ``rake()`` reports.

Codes are integer arrays (0 .. levels - 1), one per margin; nothing here
knows about surveys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "RAKING_SWEEPS",
    "Calibration",
    "CalibrationError",
    "poststratify_weights",
    "rake_weights",
    "residualise",
]

#: Sweeps of the margins when raking residuals (as R's ``svyrecvar``).
RAKING_SWEEPS = 10


class CalibrationError(ValueError):
    """Margins cannot be met.

    Attributes
    ----------
    margin : int or None
        Index of the margin at fault (None when the whole raking failed).
    level : int or None
        Code of the level at fault.
    """

    def __init__(self, message: str, *, margin: int | None = None, level: int | None = None):
        super().__init__(message)
        self.margin = margin
        self.level = level


@dataclass(frozen=True)
class Calibration:
    """How weights were calibrated, as the variance needs it.

    Attributes
    ----------
    kind : {"rake", "poststratify"}
    codes : tuple of ndarray of int
        One array per margin (post-stratification has one), the level code of
        every unit.
    base_weights : ndarray of float
        The weights before calibration (post-stratification's residuals are
        weighted by them).
    """

    kind: str
    codes: tuple[np.ndarray, ...]
    base_weights: np.ndarray


def _check_margin(
    weights: np.ndarray, codes: np.ndarray, totals: np.ndarray, margin: int
) -> np.ndarray:
    sums = np.bincount(codes, weights=weights, minlength=len(totals))
    if len(sums) > len(totals):
        level = int(np.flatnonzero(sums[len(totals) :] > 0)[0]) + len(totals)
        raise CalibrationError("a unit has a level with no total", margin=margin, level=level)
    for level, (have, want) in enumerate(zip(sums, totals, strict=True)):
        if want < 0 or not np.isfinite(want):
            raise CalibrationError(
                f"total {want} is not finite and non-negative", margin=margin, level=level
            )
        if have <= 0 and want > 0:
            raise CalibrationError(
                f"no unit (with positive weight) to carry a total of {want}",
                margin=margin,
                level=level,
            )
        if have > 0 and want == 0:
            raise CalibrationError(
                "units with positive weight in a level whose total is 0",
                margin=margin,
                level=level,
            )
    return sums


def poststratify_weights(
    weights: np.ndarray, codes: np.ndarray, totals: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Scale weights within each level so that they add up to its total.

    Parameters
    ----------
    weights : ndarray of float
        Non-negative weights.
    codes : ndarray of int
        Level code (0 .. len(totals) - 1) of every unit.
    totals : sequence of float
        Population total of each level.

    Returns
    -------
    ndarray of float
        The post-stratified weights.

    Raises
    ------
    CalibrationError
        If a level with a positive total has no weight, or a level with weight
        has a zero total (``margin`` 0 and ``level`` name it).

    Examples
    --------
    >>> import numpy as np
    >>> poststratify_weights(np.ones(4), np.array([0, 0, 1, 1]), [10, 30]).tolist()
    [5.0, 5.0, 15.0, 15.0]
    """
    w = np.asarray(weights, dtype=float)
    t = np.asarray(totals, dtype=float)
    sums = _check_margin(w, codes, t, 0)
    ratio = np.divide(t, sums, out=np.zeros_like(t), where=sums > 0)
    return w * ratio[codes]


def rake_weights(
    weights: np.ndarray,
    codes: Sequence[np.ndarray],
    totals: Sequence[Sequence[float] | np.ndarray],
    *,
    max_iter: int = 100,
    tol: float = 1e-10,
) -> tuple[np.ndarray, int]:
    """Iterative proportional fitting of weights to several margins.

    Parameters
    ----------
    weights : ndarray of float
        Starting weights.
    codes : sequence of ndarray of int
        Per margin, the level code of every unit.
    totals : sequence of sequence of float
        Per margin, the population total of each level.
    max_iter : int, default 100
        Most sweeps over the margins.
    tol : float, default 1e-10
        Converged when, after a sweep, no margin total is missed by more than
        ``tol`` times the grand total.

    Returns
    -------
    (ndarray of float, int)
        The raked weights and the number of sweeps used.

    Raises
    ------
    CalibrationError
        If a margin cannot be met (see :func:`poststratify_weights`) or the
        sweeps do not converge.

    Examples
    --------
    >>> import numpy as np
    >>> a, b = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    >>> w, sweeps = rake_weights(np.ones(4), [a, b], [[4, 6], [5, 5]])
    >>> np.round(w, 6).tolist()
    [2.0, 2.0, 3.0, 3.0]
    """
    if max_iter < 1 or tol <= 0:
        raise ValueError("max_iter must be at least 1 and tol positive")
    w = np.asarray(weights, dtype=float).copy()
    targets = [np.asarray(t, dtype=float) for t in totals]
    for j, (c, t) in enumerate(zip(codes, targets, strict=True)):
        _check_margin(w, c, t, j)
    scale = float(targets[0].sum()) if len(targets) else 1.0
    for sweep in range(1, max_iter + 1):
        for c, t in zip(codes, targets, strict=True):
            w = _rescale(w, c, t)
        missed = max(
            float(np.abs(np.bincount(c, weights=w, minlength=len(t)) - t).max())
            for c, t in zip(codes, targets, strict=True)
        )
        if missed <= tol * scale:
            return w, sweep
    raise CalibrationError(
        f"raking did not converge in {max_iter} sweeps (a margin is still missed by "
        f"{missed:.3g}); margins that contradict each other, such as totals that do not "
        "add up to the same number, cannot be met"
    )


def _rescale(w: np.ndarray, c: np.ndarray, t: np.ndarray) -> np.ndarray:
    sums = np.bincount(c, weights=w, minlength=len(t))
    ratio = np.divide(t, sums, out=np.zeros_like(t), where=sums > 0)
    return w * ratio[c]


def residualise(
    r: np.ndarray, counts: np.ndarray, base: np.ndarray, cells: np.ndarray, cal: Calibration
) -> np.ndarray:
    """Calibration residuals of linearised values given per cell.

    The linearised value of a unit is ``w * r`` with ``w`` its calibrated
    weight; ``r`` depends on the unit only through a *cell* (a combination of
    the unit's class and its calibration levels), so the arithmetic runs on
    cell totals.

    Parameters
    ----------
    r : ndarray, shape (cells, k)
        ``x / w`` of each cell for ``k`` estimands.
    counts : ndarray, shape (cells,)
        Units in each cell.
    base : ndarray, shape (cells,)
        Sum of the base (pre-calibration) weights in each cell.
    cells : ndarray of int, shape (margins, cells)
        The level of every margin in each cell.
    cal : Calibration

    Returns
    -------
    ndarray, shape (cells, k)
        The residuals ``x / w`` after calibration.
    """
    r = r.copy()
    if cal.kind == "poststratify":
        level = cells[0]
        num = _sum_by(level, base[:, None] * r)
        den = _sum_by(level, base)[:, None]
        mean = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
        return r - mean[level]
    for _ in range(RAKING_SWEEPS):
        for level in cells:
            num = _sum_by(level, counts[:, None] * r)
            den = _sum_by(level, counts)[:, None]
            mean = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
            r = r - mean[level]
    return r


def _sum_by(level: np.ndarray, values: np.ndarray) -> np.ndarray:
    size = int(level.max()) + 1 if len(level) else 0
    onehot = np.zeros((size, len(level)))
    onehot[level, np.arange(len(level))] = 1.0
    return onehot @ values
