"""Confidence intervals for proportions and their differences.

Wilson score intervals for one proportion (:func:`wilson_bounds`,
:func:`wilson_interval`, :func:`wilson_intervals` for a frame) and Newcombe's
hybrid score interval for a difference of two (:func:`newcombe_interval`). The
confidence level is always the keyword ``level`` and is turned into a normal
quantile by :func:`z_critical` alone. Functions here take and return numbers or
DataFrames and never draw.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..errors import SurveyDataError

__all__ = [
    "newcombe_interval",
    "wilson_bounds",
    "wilson_interval",
    "wilson_intervals",
    "z_critical",
]


def z_critical(level: float, *, name: str = "level") -> float:
    """Two-sided normal critical value for a confidence level.

    Parameters
    ----------
    level : float
        Confidence level, strictly between 0 and 1 (0.95 for 95%).
    name : str, default "level"
        Name of the argument, for the error message.

    Returns
    -------
    float
        ``z`` with ``P(-z < Z < z) = level`` for a standard normal ``Z``.

    Raises
    ------
    ValueError
        If ``level`` is not strictly between 0 and 1.

    Examples
    --------
    >>> round(z_critical(0.95), 4)
    1.96
    """
    if not 0 < level < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1; got {level!r}")
    return NormalDist().inv_cdf(0.5 + level / 2)


def wilson_bounds(p: float, n: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion, as proportions (not percent).

    Parameters
    ----------
    p : float
        Observed proportion (weighted or not), between 0 and 1.
    n : float
        Sample size; for weighted data the Kish effective size (need not be whole).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple of float
        ``(low, high)``; ``(nan, nan)`` when ``n <= 0`` or ``p`` is NaN. The ends
        are exactly 0 and 1 when ``p`` is 0 or 1.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_bounds(34 / 46, 46)]
    [0.5974, 0.844]
    """
    z = z_critical(level)
    if not n > 0 or math.isnan(p):
        return math.nan, math.nan
    if not 0 <= p <= 1:
        raise ValueError(f"p must lie between 0 and 1, got {p!r}")
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    low = 0.0 if p == 0 else max(0.0, centre - half)
    high = 1.0 if p == 1 else min(1.0, centre + half)
    return low, high


def newcombe_interval(
    p_a: float, n_a: float, p_b: float, n_b: float, level: float = 0.95
) -> tuple[float, float]:
    """Newcombe hybrid score interval for the difference ``p_b - p_a``.

    Newcombe (1998), method 10: with Wilson intervals ``(l_a, u_a)`` and
    ``(l_b, u_b)`` of the two proportions (:func:`wilson_bounds`),
    ``low = d - sqrt((p_b - l_b)^2 + (u_a - p_a)^2)`` and
    ``high = d + sqrt((u_b - p_b)^2 + (p_a - l_a)^2)`` where ``d = p_b - p_a``.

    Parameters
    ----------
    p_a, p_b : float
        The two proportions (0-1).
    n_a, n_b : float
        Their sample sizes (Kish effective sizes for weighted proportions).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple of float
        ``(low, high)`` of the difference, as proportions; ``(nan, nan)`` if a
        sample size is not positive.

    Examples
    --------
    >>> low, high = newcombe_interval(27 / 46, 46, 42 / 57, 57)
    >>> round(low, 4), round(high, 4)
    (-0.0317, 0.323)
    """
    la, ua = wilson_bounds(p_a, n_a, level)
    lb, ub = wilson_bounds(p_b, n_b, level)
    if math.isnan(la) or math.isnan(lb):
        return math.nan, math.nan
    d = p_b - p_a
    low = d - math.sqrt((p_b - lb) ** 2 + (ua - p_a) ** 2)
    high = d + math.sqrt((ub - p_b) ** 2 + (p_a - la) ** 2)
    return low, high


def wilson_interval(count: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for one proportion, in percent.

    Parameters
    ----------
    count, n : int
        Number of respondents giving the answer, and the base.
    level : float
        Confidence level.

    Returns
    -------
    tuple of float
        (low, high) in percent, within 0-100.

    Examples
    --------
    >>> [round(v, 1) for v in wilson_interval(34, 46)]
    [59.7, 84.4]
    """
    count, n = int(count), int(n)
    if n <= 0 or not 0 <= count <= n:
        raise ValueError(f"need 0 <= count <= n and n > 0; got count={count}, n={n}")
    low, high = wilson_bounds(count / n, n, level)
    return 100 * low, 100 * high


def wilson_intervals(
    frame: pd.DataFrame,
    *,
    count: str = "count",
    n: str = "n",
    level: float = 0.95,
    low: str = "ci_low",
    high: str = "ci_high",
) -> pd.DataFrame:
    """Add Wilson score intervals for ``count / n`` to a frame.

    Rows whose count is missing (for example a count that cannot be recovered
    from a printed percentage) keep missing intervals; no row is dropped.

    Parameters
    ----------
    frame : DataFrame
        Any frame with a count column and a base column.
    count, n : str
        Names of the count and base columns.
    level : float
        Confidence level (0.95 for 95% intervals).
    low, high : str
        Names of the columns to add.

    Returns
    -------
    DataFrame
        A copy of ``frame`` with two float columns added: ``low`` and ``high``
        (default ``ci_low``, ``ci_high``), the interval bounds in percent.

    Raises
    ------
    SurveyDataError
        If a column is missing, or a count is negative or exceeds its base.

    Examples
    --------
    >>> f = pd.DataFrame({"count": [34, None], "n": [46, 57]})
    >>> wilson_intervals(f).round(1)[["ci_low", "ci_high"]].values.tolist()
    [[59.7, 84.4], [nan, nan]]
    """
    for col in (count, n):
        if col not in frame.columns:
            raise SurveyDataError("column missing for an interval", column=col)
    z_critical(level)
    counts = pd.to_numeric(frame[count], errors="coerce")
    bases = pd.to_numeric(frame[n], errors="coerce")
    lows = np.full(len(frame), np.nan)
    highs = np.full(len(frame), np.nan)
    problems = []
    for i, (k, m) in enumerate(zip(counts, bases, strict=True)):
        if pd.isna(k) or pd.isna(m):
            continue
        if m <= 0 or k < 0 or k > m or k != int(k) or m != int(m):
            problems.append(f"row {i}: count={k}, n={m}")
            continue
        lows[i], highs[i] = wilson_interval(int(k), int(m), level)
    if problems:
        raise SurveyDataError(
            "counts must be whole numbers between 0 and their base",
            column=count,
            problems=problems,
        )
    return frame.assign(**{low: lows, high: highs})
