"""Confidence intervals for design-based proportions and means.

Each function is vectorised over arrays of estimates and follows R's survey
package where it has an equivalent:

- :func:`logit_interval`: ``svyciprop(method="logit")``, a Wald interval for
  ``logit(p)`` with standard error ``se / (p (1 - p))`` and Student's t on the
  design's degrees of freedom, mapped back;
- :func:`beta_interval`: ``svyciprop(method="beta")`` (Korn and Graubard,
  1998), Clopper-Pearson limits at the effective sample size
  ``p (1 - p) / var``, itself rescaled by the ratio of t quantiles
  ``qt(a/2, rows - 1) / qt(a/2, df)``;
- :func:`design_wilson_interval`: Wilson's score interval at the effective
  sample size ``p (1 - p) / var`` (no R equivalent);
- :func:`wald_interval`: ``confint(svymean(...))``, normal quantiles.

An interval needs a positive standard error: where the share is 0 or 1 (or
its variance 0) the logit and beta limits are NaN and Wilson's uses the
number of units instead.
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

from .intervals import z_critical

__all__ = ["beta_interval", "design_wilson_interval", "logit_interval", "wald_interval"]


def _arrays(*values: object) -> list[np.ndarray]:
    return [np.asarray(v, dtype=float) for v in values]


def logit_interval(
    p: object, se: object, df: object, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Logit-scale Wald interval of a proportion (``svyciprop(method="logit")``).

    Parameters
    ----------
    p, se : array_like
        Proportions and their standard errors.
    df : array_like
        Degrees of freedom of the t quantile (``np.inf`` for normal).
    level : float, default 0.95

    Returns
    -------
    (ndarray, ndarray)
        Lower and upper limits; NaN where ``se`` is 0 or ``p`` is 0 or 1.

    Examples
    --------
    >>> low, high = logit_interval([0.5], [0.1], [np.inf])
    >>> [round(float(low[0]), 4), round(float(high[0]), 4)]
    [0.3135, 0.6865]
    """
    z_critical(level)
    p_, se_, df_ = _arrays(p, se, df)
    ok = (se_ > 0) & (p_ > 0) & (p_ < 1) & (df_ > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = special.stdtrit(np.where(ok, df_, 1.0), 0.5 + level / 2)
        centre = special.logit(np.where(ok, p_, 0.5))
        half = t * se_ / (p_ * (1 - p_))
        low = np.where(ok, special.expit(centre - half), np.nan)
        high = np.where(ok, special.expit(centre + half), np.nan)
    return low, high


def beta_interval(
    p: object, variance: object, df: object, rows: object, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Korn-Graubard interval of a proportion (``svyciprop(method="beta")``).

    Parameters
    ----------
    p, variance : array_like
        Proportions and their variances.
    df : array_like
        The design's degrees of freedom (units with positive weight in the
        domain, minus one).
    rows : array_like
        Rows of the design R sees (``nrow(design)``): the domain's units for
        an uncalibrated design, every unit for a calibrated one.
    level : float, default 0.95

    Returns
    -------
    (ndarray, ndarray)
        Lower and upper limits; NaN where the variance is 0.

    Examples
    --------
    >>> low, high = beta_interval([0.25], [0.25 * 0.75 / 20], [19], [20])
    >>> [round(float(low[0]), 4), round(float(high[0]), 4)]
    [0.0866, 0.491]
    """
    z_critical(level)
    p_, v_, df_, rows_ = _arrays(p, variance, df, rows)
    alpha = 1 - level
    ok = (v_ > 0) & (df_ > 0) & (rows_ > 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        n_eff = p_ * (1 - p_) / v_
        ratio = stats.t.ppf(alpha / 2, np.where(ok, rows_ - 1, 1.0)) / stats.t.ppf(
            alpha / 2, np.where(ok, df_, 1.0)
        )
        n_eff = n_eff * ratio**2
        low = stats.beta.ppf(alpha / 2, n_eff * p_, n_eff * (1 - p_) + 1)
        high = stats.beta.ppf(1 - alpha / 2, n_eff * p_ + 1, n_eff * (1 - p_))
    low = np.where(ok & (p_ > 0), low, np.where(ok, 0.0, np.nan))
    high = np.where(ok & (p_ < 1), high, np.where(ok, 1.0, np.nan))
    return low, high


def design_wilson_interval(
    p: object, variance: object, units: object, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval at the design's effective sample size.

    Parameters
    ----------
    p, variance : array_like
        Proportions and their variances.
    units : array_like
        Units in the base, used where the variance is 0.
    level : float, default 0.95

    Returns
    -------
    (ndarray, ndarray)
        Lower and upper limits, with ``n = p (1 - p) / variance``.

    Examples
    --------
    >>> low, high = design_wilson_interval([0.5], [0.01], [30])
    >>> [round(float(low[0]), 4), round(float(high[0]), 4)]
    [0.3175, 0.6825]
    """
    z = z_critical(level)
    p_, v_, units_ = _arrays(p, variance, units)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(v_ > 0, p_ * (1 - p_) / v_, units_)
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p_ + z2 / (2 * n)) / denom
        half = z * np.sqrt(p_ * (1 - p_) / n + z2 / (4 * n * n)) / denom
        low = np.where(p_ == 0, 0.0, np.maximum(0.0, centre - half))
        high = np.where(p_ == 1, 1.0, np.minimum(1.0, centre + half))
    bad = ~(n > 0)
    return np.where(bad, np.nan, low), np.where(bad, np.nan, high)


def wald_interval(
    estimate: object, se: object, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Normal Wald interval (``confint`` of an R ``svymean``).

    Parameters
    ----------
    estimate, se : array_like
    level : float, default 0.95

    Returns
    -------
    (ndarray, ndarray)

    Examples
    --------
    >>> low, high = wald_interval([3.0], [0.5])
    >>> [round(float(low[0]), 4), round(float(high[0]), 4)]
    [2.02, 3.98]
    """
    z = z_critical(level)
    e, s = _arrays(estimate, se)
    return e - z * s, e + z * s
