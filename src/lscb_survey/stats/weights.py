"""Sampling weights: the Kish effective sample size.

When respondents carry unequal weights, a weighted percentage is as precise as
that of a simple random sample of the *effective* size (Kish, 1965)::

    n_eff = (sum w) ** 2 / sum(w ** 2)

which equals the number of respondents when all weights are equal and is
smaller otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["kish_n_eff"]


def kish_n_eff(weights: Sequence[float] | np.ndarray | pd.Series) -> float:
    """Kish effective sample size ``(sum w)^2 / sum(w^2)``.

    Parameters
    ----------
    weights : sequence of float
        Non-negative finite weights with a positive total.

    Returns
    -------
    float
        The effective sample size; 0.0 for an empty sequence.

    Raises
    ------
    ValueError
        If a weight is negative or not finite, or the weights add up to zero.

    Examples
    --------
    >>> kish_n_eff([1, 1, 1, 1])
    4.0
    >>> round(kish_n_eff([1, 2, 3]), 4)  # 36 / 14
    2.5714
    """
    w = np.asarray(weights, dtype=float)
    if w.size == 0:
        return 0.0
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("weights must be finite and non-negative")
    square = float((w * w).sum())
    if square == 0:
        raise ValueError("weights add up to zero")
    return float(w.sum()) ** 2 / square
