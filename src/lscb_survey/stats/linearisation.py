"""Taylor-linearised estimates of means and proportions in domains.

A single-stage design: one weight per unit, an optional finite population of
``N`` units (sampling without replacement, as ``svydesign(ids=~1, weights=~w,
fpc=~N)`` in R's survey package) and an optional calibration
(:class:`~lscb_survey.stats.calibration.Calibration`). The mean of ``y`` in a
domain ``d`` is the ratio ``sum(w d y) / sum(w d)``; its linearised values are

    x_i = w_i d_i (y_i - mean) / sum(w d)

(zero outside the domain), replaced by their calibration residuals when the
weights were calibrated, and its variance is

    (1 - n / N) * n / (n - 1) * sum((x_i - mean(x)) ** 2)

over all ``n`` units (the factor ``1 - n / N`` left out when ``N`` is not
known). The design effect is the variance over that of simple random
sampling, as R's ``svymean(..., deff=TRUE)``::

    var_srs = s2 * (W - m) / (W * m)

where ``s2`` is the weighted variance of ``y`` in the domain (divisor
``m - 1``), ``m`` the units in the domain with a positive weight and ``W`` the
sum of their weights. The weights thus stand for the population: when they
add up to no more than ``m`` (unweighted data without a population size, or
weights scaled to average 1) R's design effect is undefined (``NA``, or an
infinite value at exact equality) and it is NaN here.

The variable ``y`` must take a value per *class* of the unit (its answer), so
every sum runs over cells of domain x class x calibration level: the cost is
one pass over the units per call, whatever the number of domains and
estimands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .calibration import Calibration, residualise

__all__ = ["Design", "DomainEstimates", "domain_covariance", "domain_estimates"]


@dataclass(frozen=True)
class Design:
    """A single-stage design.

    Attributes
    ----------
    weights : ndarray of float
        Final (calibrated, if calibrated) weight of each unit.
    population : float or None
        Number of units in the population (finite population correction).
    calibration : Calibration or None
        How the weights were calibrated.
    """

    weights: np.ndarray
    population: float | None = None
    calibration: Calibration | None = None

    @cached_property
    def cells(self) -> tuple[np.ndarray, np.ndarray]:
        """Each unit's combination of calibration levels, and the levels of each combination."""
        return _calibration_cells(self.calibration, len(self.weights))

    @property
    def n(self) -> int:
        """Number of units."""
        return len(self.weights)

    @property
    def fpc(self) -> float:
        """``1 - n / N`` (1 without a population)."""
        if self.population is None:
            return 1.0
        return (self.population - self.n) / self.population


@dataclass(frozen=True)
class DomainEstimates:
    """Estimates per domain (rows) and estimand (columns).

    Attributes
    ----------
    estimate, variance, deff : ndarray, shape (domains, estimands)
    units : ndarray of int, shape (domains,)
        Units in each domain.
    positive : ndarray of int, shape (domains,)
        Units with a positive weight in each domain (R's degrees of freedom
        are ``positive - 1``).
    weight : ndarray of float, shape (domains,)
        Sum of the weights in each domain.
    """

    estimate: np.ndarray
    variance: np.ndarray
    deff: np.ndarray
    units: np.ndarray
    positive: np.ndarray
    weight: np.ndarray


def _calibration_cells(cal: Calibration | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Code of each unit's combination of calibration levels, and the levels of each."""
    if cal is None:
        return np.zeros(n, dtype=np.int64), np.zeros((0, 1), dtype=np.int64)
    stacked = np.vstack(cal.codes).astype(np.int64)
    sizes = stacked.max(axis=1) + 1
    key = np.zeros(n, dtype=np.int64)
    for row, size in zip(stacked, sizes, strict=True):
        key = key * int(size) + row
    uniques, inverse = np.unique(key, return_inverse=True)
    combos = np.zeros((len(sizes), len(uniques)), dtype=np.int64)
    rest = uniques.copy()
    for j in range(len(sizes) - 1, -1, -1):
        combos[j] = rest % int(sizes[j])
        rest //= int(sizes[j])
    return inverse.reshape(-1).astype(np.int64), combos


def domain_estimates(
    design: Design,
    classes: np.ndarray,
    values: np.ndarray,
    domains: np.ndarray,
    n_domains: int,
) -> DomainEstimates:
    """Means of several variables in several domains, with linearised variances.

    Parameters
    ----------
    design : Design
    classes : ndarray of int, shape (n,)
        The class of each unit (0 .. K - 1).
    values : ndarray of float, shape (K, M)
        The value of each of ``M`` variables for each class (for proportions,
        indicator columns, e.g. the identity matrix).
    domains : ndarray of int, shape (n,)
        The domain of each unit (0 .. n_domains - 1), -1 for none.
    n_domains : int

    Returns
    -------
    DomainEstimates
        Entries are NaN for an empty domain (no positive weight).

    Examples
    --------
    >>> import numpy as np
    >>> design = Design(np.full(4, 2.0), population=8)  # weights N / n
    >>> est = domain_estimates(design, np.array([1, 0, 1, 1]), np.eye(2),
    ...                        np.zeros(4, dtype=int), 1)
    >>> est.estimate.tolist(), round(float(est.variance[0, 1]), 6)  # (1 - 4/8) * 0.1875 / 3
    ([[0.25, 0.75]], 0.03125)
    >>> est.deff.round(12).tolist()
    [[1.0, 1.0]]
    """
    values = np.asarray(values, dtype=float)
    k = values.shape[0]
    tables = _tables(design, classes, k, domains, n_domains)
    g_all = n_domains + 1
    cube = tables["sw"].reshape(g_all, k, -1)[:n_domains].sum(axis=2)  # (G, K) weights
    weight = cube.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (cube @ values) / weight[:, None]  # (G, M)
    units = tables["counts"].reshape(g_all, -1)[:n_domains].sum(axis=1).astype(np.int64)
    positive = tables["pos"].reshape(g_all, -1)[:n_domains].sum(axis=1).astype(np.int64)
    variance = _variances(design, values, mean, weight, tables)
    deff = _deff(values, mean, weight, cube, positive, variance)
    return DomainEstimates(mean, variance, deff, units, positive, weight)


def _tables(design: Design, classes: np.ndarray, k: int, domains: np.ndarray, n_domains: int):
    """Cell sums over domain x class x calibration level."""
    w = np.asarray(design.weights, dtype=float)
    calcell, combos = design.cells
    c = combos.shape[1]
    dom = np.where(domains < 0, n_domains, domains).astype(np.int64)
    key = (dom * k + classes.astype(np.int64)) * c + calcell
    size = (n_domains + 1) * k * c
    return {
        "key": key,
        "combos": combos,
        "counts": np.bincount(key, minlength=size).astype(float),
        "sw": np.bincount(key, weights=w, minlength=size),
        "sw2": np.bincount(key, weights=w * w, minlength=size),
        "pos": np.bincount(key, weights=(w > 0).astype(float), minlength=size),
    }


def _residuals(
    design: Design, values: np.ndarray, mean: np.ndarray, weight: np.ndarray, tables: dict
) -> np.ndarray:
    """``x / w`` per cell (rows) for every domain x estimand (columns), calibrated."""
    n_domains, m = mean.shape
    k = values.shape[0]
    combos = tables["combos"]
    c = combos.shape[1]
    g_all = n_domains + 1
    # r[g', k, c, g, m]: x / w in cell (g', k, c) for estimand (g, m)
    r = np.zeros((g_all, k, c, n_domains, m))
    with np.errstate(invalid="ignore", divide="ignore"):
        for g in range(n_domains):
            r[g, :, :, g, :] = ((values - mean[g]) / weight[g])[:, None, :]
    r = np.nan_to_num(r.reshape(g_all * k * c, n_domains * m))
    cal = design.calibration
    if cal is not None:
        cells = np.tile(combos, (1, g_all * k))
        counts = tables["counts"]
        base = np.bincount(tables["key"], weights=cal.base_weights, minlength=len(counts))
        used = counts > 0  # empty cells add nothing to any sum
        out = np.zeros_like(r)
        out[used] = residualise(r[used], counts[used], base[used], cells[:, used], cal)
        r = out
    return r


def _variances(
    design: Design, values: np.ndarray, mean: np.ndarray, weight: np.ndarray, tables: dict
) -> np.ndarray:
    n_domains, m = mean.shape
    r = _residuals(design, values, mean, weight, tables)
    n = design.n
    total = tables["sw"] @ r
    square = tables["sw2"] @ (r * r)
    centred = np.maximum(square - total * total / n, 0.0)
    var = design.fpc * n / (n - 1) * centred if n > 1 else np.full_like(centred, np.nan)
    var = var.reshape(n_domains, m)
    var[weight <= 0] = np.nan
    return var


def domain_covariance(
    design: Design, classes: np.ndarray, values: np.ndarray, in_domain: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Means of several variables in one domain and their covariance matrix.

    Parameters
    ----------
    design : Design
    classes : ndarray of int, shape (n,)
    values : ndarray of float, shape (K, M)
        As for :func:`domain_estimates`.
    in_domain : ndarray of bool, shape (n,)

    Returns
    -------
    (ndarray, ndarray)
        The ``M`` means and their ``M x M`` linearised covariance.

    Examples
    --------
    >>> import numpy as np
    >>> mean, cov = domain_covariance(Design(np.ones(4), population=8),
    ...     np.array([1, 0, 1, 1]), np.eye(2), np.ones(4, dtype=bool))
    >>> mean.tolist(), cov.round(6).tolist()
    ([0.25, 0.75], [[0.03125, -0.03125], [-0.03125, 0.03125]])
    """
    values = np.asarray(values, dtype=float)
    domains = np.where(in_domain, 0, -1)
    tables = _tables(design, classes, values.shape[0], domains, 1)
    cube = tables["sw"].reshape(2, values.shape[0], -1)[0].sum(axis=1)
    weight = np.array([cube.sum()])
    mean = (cube @ values)[None, :] / weight[:, None]
    r = _residuals(design, values, mean, weight, tables)
    n = design.n
    total = tables["sw"] @ r
    square = r.T @ (tables["sw2"][:, None] * r)
    cov = design.fpc * n / (n - 1) * (square - np.outer(total, total) / n)
    return mean[0], cov


def _deff(
    values: np.ndarray,
    mean: np.ndarray,
    weight: np.ndarray,
    cube: np.ndarray,
    positive: np.ndarray,
    variance: np.ndarray,
) -> np.ndarray:
    """R's ``svymean(..., deff=TRUE)``: NaN when the weights add up to at most ``m``."""
    dev = (values[None, :, :] - mean[:, None, :]) ** 2  # (G, K, M)
    with np.errstate(invalid="ignore", divide="ignore"):
        s2 = np.einsum("gk,gkm->gm", cube, dev) / weight[:, None]
        s2 = s2 * (positive / (positive - 1))[:, None]
        factor = (weight - positive) / (weight * positive)
        srs = s2 * factor[:, None]
        deff = variance / srs
    deff[~(weight > positive)] = np.nan
    return deff
