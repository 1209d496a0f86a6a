"""Generic tests comparing two samples of counts over the same categories.

Two independent samples each give a count per category. This module compares
them category by category (:func:`category_tests`: two-sided Fisher exact test
of "this category vs the rest", with Cohen's h) and as whole distributions
(:func:`distribution_test`: Pearson's chi-square with its exact permutation
p-value, the Fisher-Freeman-Halton p-value and the asymptotic p-value; exact
enumeration when the reference set is small, seeded Monte Carlo otherwise), and
adjusts families of p-values (:func:`bh_adjust`, Benjamini-Hochberg). Nothing
here knows about any survey.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from math import comb, lcm

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats
from scipy.special import gammaln

from .reconstruct import count_solutions

__all__ = [
    "MAX_TABLES",
    "N_RESAMPLES",
    "SEED",
    "bh_adjust",
    "category_tests",
    "cohens_h",
    "distribution_test",
    "fisher_2x2",
]

#: Default number of Monte Carlo resamples when an exact test is too large.
N_RESAMPLES = 100_000
#: Default seed of the Monte Carlo fallback.
SEED = 20120501
#: Largest number of tables enumerated by the exact test under ``method="auto"``.
MAX_TABLES = 2_000_000

_METHODS = ("auto", "exact", "monte_carlo")


# ----------------------------------------------------------------------------- arguments


def _as_counts(name: str, counts: Sequence[int]) -> list[int]:
    values = []
    for i, c in enumerate(counts):
        if isinstance(c, bool) or not float(c).is_integer() or c < 0:
            raise ValueError(f"{name}[{i}] must be a whole non-negative number, got {c!r}")
        values.append(int(c))
    if not values:
        raise ValueError(f"{name} is empty")
    if sum(values) == 0:
        raise ValueError(f"{name} has no observations")
    return values


def _pair(counts_a: Sequence[int], counts_b: Sequence[int]) -> tuple[list[int], list[int]]:
    a, b = _as_counts("counts_a", counts_a), _as_counts("counts_b", counts_b)
    if len(a) != len(b):
        raise ValueError(f"counts_a has {len(a)} categories, counts_b has {len(b)}")
    return a, b


# ----------------------------------------------------------------------------- effect, p-values


def cohens_h(p1: float, p2: float) -> float:
    """Cohen's h from proportion ``p1`` to ``p2``.

    Parameters
    ----------
    p1, p2 : float
        Proportions between 0 and 1.

    Returns
    -------
    float
        ``2 asin sqrt(p2) - 2 asin sqrt(p1)``; positive when ``p2 > p1``.

    Examples
    --------
    >>> round(cohens_h(0.30, 0.04), 3)
    -0.757
    """
    return 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))


def fisher_2x2(count_a: int, n_a: int, count_b: int, n_b: int) -> float:
    """Two-sided Fisher exact p-value for ``count_a`` of ``n_a`` vs ``count_b`` of ``n_b``.

    The 2x2 table is ``[[count_b, n_b - count_b], [count_a, n_a - count_a]]``,
    tested with ``scipy.stats.fisher_exact(..., alternative="two-sided")``.

    Parameters
    ----------
    count_a, n_a : int
        Count and base of sample a.
    count_b, n_b : int
        Count and base of sample b.

    Returns
    -------
    float
        The p-value.

    Examples
    --------
    >>> round(fisher_2x2(14, 46, 2, 57), 5)
    0.00021
    """
    table = [[count_b, n_b - count_b], [count_a, n_a - count_a]]
    return float(stats.fisher_exact(table, alternative="two-sided").pvalue)


def bh_adjust(p_values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Benjamini-Hochberg adjusted p-values; missing values stay missing.

    The adjustment runs over the non-missing values only (step-up: sort,
    multiply the i-th smallest by m/i, take running minima from the top, cap
    at 1). It agrees with ``scipy.stats.false_discovery_control(p, method="bh")``.

    Parameters
    ----------
    p_values : array-like of float
        p-values in [0, 1]; NaN marks a row without a test.

    Returns
    -------
    numpy.ndarray
        Adjusted p-values in the input order, NaN where the input is NaN;
        ``m`` is the number of non-missing values.

    Raises
    ------
    ValueError
        If a non-missing value lies outside [0, 1].

    Examples
    --------
    >>> bh_adjust([0.01, 0.04, float("nan"), 0.03]).round(3).tolist()
    [0.03, 0.04, nan, 0.04]
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    values = p[ok]
    if ((values < 0) | (values > 1)).any():
        raise ValueError("p-values must lie in [0, 1]")
    order = np.argsort(values, kind="stable")
    ranked = values[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(ranked, 1.0)
    out[ok] = adjusted
    return out


# ----------------------------------------------------------------------------- per category


def category_tests(
    counts_a: Sequence[int], counts_b: Sequence[int], *, labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Compare two samples category by category.

    For each category, the 2x2 table (this category vs the rest) x (sample a vs
    sample b) is tested with a two-sided Fisher exact test.

    Parameters
    ----------
    counts_a, counts_b : sequence of int
        Counts of the same categories in two independent samples.
    labels : sequence of str, optional
        Category labels; default ``"0", "1", ...``.

    Returns
    -------
    DataFrame
        One row per category: ``category``, ``count_a``, ``count_b``, ``n_a``,
        ``n_b``, ``pct_a``, ``pct_b`` (exact percentages as float),
        ``change_pp`` (``pct_b - pct_a``), ``p_value`` (two-sided Fisher exact,
        ``scipy.stats.fisher_exact``), ``odds_ratio`` (sample b vs a, from
        scipy; may be 0 or inf) and ``cohens_h`` (from the exact proportions,
        a to b).

    Examples
    --------
    >>> t = category_tests([27, 13, 1, 5], [42, 8, 0, 7], labels=["Good", "Reasonable", "Poor", "DK"])
    >>> round(float(t.loc[0, "change_pp"]), 3)  # 42/57 - 27/46, in points
    14.989
    """
    a, b = _pair(counts_a, counts_b)
    n_a, n_b = sum(a), sum(b)
    names = [str(i) for i in range(len(a))] if labels is None else [str(x) for x in labels]
    if len(names) != len(a):
        raise ValueError(f"{len(names)} labels for {len(a)} categories")
    rows = []
    for label, x, y in zip(names, a, b, strict=True):
        res = stats.fisher_exact([[y, n_b - y], [x, n_a - x]], alternative="two-sided")
        pa, pb = Fraction(x, n_a), Fraction(y, n_b)
        rows.append(
            {
                "category": label,
                "count_a": x,
                "count_b": y,
                "n_a": n_a,
                "n_b": n_b,
                "pct_a": float(100 * pa),
                "pct_b": float(100 * pb),
                "change_pp": float(100 * (pb - pa)),
                "p_value": float(res.pvalue),
                "odds_ratio": float(res.statistic),
                "cohens_h": cohens_h(float(pa), float(pb)),
            }
        )
    return pd.DataFrame.from_records(rows)


# ----------------------------------------------------------------------------- whole distributions


def _count_tables(totals: Sequence[int], n1: int) -> int:
    """Number of vectors x with 0 <= x_j <= totals_j summing to n1."""
    return count_solutions([(0, c) for c in totals], n1)


def _tables(totals: Sequence[int], n1: int) -> Iterator[tuple[int, ...]]:
    """Yield every vector x with 0 <= x_j <= totals_j and sum n1."""
    size = len(totals)
    rest = [0] * (size + 1)
    for i in range(size - 1, -1, -1):
        rest[i] = rest[i + 1] + totals[i]
    x = [0] * size

    def visit(i: int, remainder: int) -> Iterator[tuple[int, ...]]:
        if i == size - 1:
            x[i] = remainder
            yield tuple(x)
            return
        for v in range(max(0, remainder - rest[i + 1]), min(totals[i], remainder) + 1):
            x[i] = v
            yield from visit(i + 1, remainder - v)

    yield from visit(0, n1)


class _Margins:
    """The 2 x K table of the used categories: sample a's counts and the category totals."""

    def __init__(self, x_obs: list[int], totals: list[int], n1: int, n2: int) -> None:
        self.x_obs, self.totals, self.n1, self.n2 = x_obs, totals, n1, n2
        self.total = n1 + n2
        self.scale = lcm(*totals)

    def key(self, x: Sequence[int]) -> int:
        """``n1 * n2 * lcm * chi-square``, an exact integer."""
        return sum(
            (xj * self.total - self.n1 * c) ** 2 * (self.scale // c)
            for xj, c in zip(x, self.totals, strict=True)
        )

    def weight(self, x: Sequence[int]) -> int:
        """Multivariate hypergeometric numerator of the table with first row ``x``."""
        w = 1
        for xj, c in zip(x, self.totals, strict=True):
            w *= comb(c, xj)
        return w


def _exact_p(m: _Margins, key_obs: int) -> tuple[float, float]:
    """Exact permutation p of the chi-square and Fisher-Freeman-Halton p, by enumeration."""
    w_obs = m.weight(m.x_obs)
    denominator = comb(m.total, m.n1)
    tail_chi = tail_ffh = 0
    for x in _tables(m.totals, m.n1):
        w = m.weight(x)
        if m.key(x) >= key_obs:
            tail_chi += w
        if w <= w_obs:
            tail_ffh += w
    return float(Fraction(tail_chi, denominator)), float(Fraction(tail_ffh, denominator))


def _monte_carlo_p(
    m: _Margins, statistic: float, n_resamples: int, seed: int
) -> tuple[float, float]:
    """Monte Carlo permutation p of the chi-square and Fisher-Freeman-Halton p."""
    rng = np.random.default_rng(seed)
    sims = rng.multivariate_hypergeometric(np.array(m.totals), m.n1, size=n_resamples)
    c = np.array(m.totals, dtype=float)
    expected = m.n1 * c / m.total
    # chi-square = sum (x N - n1 c)^2 / (c n1 n2), with x - E = (x N - n1 c) / N
    chi_sim = ((sims - expected) ** 2 / c).sum(axis=1) * m.total**2 / (m.n1 * m.n2)
    tol = 1e-7 * max(1.0, statistic)

    def log_weight(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray((gammaln(c + 1) - gammaln(x + 1) - gammaln(c - x + 1)).sum(axis=-1))

    lw_sim = log_weight(sims.astype(float))
    lw_obs = float(log_weight(np.array(m.x_obs, dtype=float)))
    hits_chi = int((chi_sim >= statistic - tol).sum())
    hits_ffh = int((lw_sim <= lw_obs + 1e-7 * max(1.0, abs(lw_obs))).sum())
    return (1 + hits_chi) / (1 + n_resamples), (1 + hits_ffh) / (1 + n_resamples)


def distribution_test(
    counts_a: Sequence[int],
    counts_b: Sequence[int],
    *,
    method: str = "auto",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    max_tables: int = MAX_TABLES,
) -> dict[str, object]:
    """Test whether two samples share one distribution over the same categories.

    The statistic is Pearson's chi-square of the 2 x K table (no continuity
    correction). Its p-value is taken from the permutation distribution: with
    both samples' sizes and each category's total fixed, every way of
    splitting the category totals between the samples has the multivariate
    hypergeometric probability, and the p-value is the probability of a
    chi-square at least as large as the one observed. The same reference set
    gives the Fisher-Freeman-Halton p-value (probability of a table no more
    likely than the observed one). Categories empty in both samples are left
    out.

    Parameters
    ----------
    counts_a, counts_b : sequence of int
        Counts of the same categories in two independent samples.
    method : {"auto", "exact", "monte_carlo"}, default "auto"
        ``"exact"`` enumerates every table with the observed margins and
        computes both p-values in exact integer arithmetic. ``"monte_carlo"``
        draws ``n_resamples`` tables from the multivariate hypergeometric
        distribution (``numpy.random.default_rng(seed)``) and reports
        ``(1 + hits) / (1 + n_resamples)``. ``"auto"`` is exact when there are
        at most ``max_tables`` tables, else Monte Carlo.
    n_resamples : int, default 100_000
        Monte Carlo resamples.
    seed : int, default 20120501
        Seed of the Monte Carlo resamples.
    max_tables : int, default 2_000_000
        Largest reference set enumerated under ``method="auto"``.

    Returns
    -------
    dict
        ``test`` (description), ``method`` ("exact", "monte_carlo" or "none"
        when fewer than two categories are used), ``statistic`` (Pearson
        chi-square), ``df``, ``p_value`` (permutation p of the chi-square),
        ``p_ffh`` (Fisher-Freeman-Halton p), ``p_asymptotic`` (chi-square
        distribution with ``df`` degrees of freedom), ``min_expected``
        (smallest expected count), ``n_tables`` (size of the exact reference
        set, or missing), ``n_resamples`` and ``seed`` (Monte Carlo only, else
        missing), ``categories_used``.

    Examples
    --------
    >>> r = distribution_test([27, 13, 1, 5], [42, 8, 0, 7])
    >>> r["method"], r["df"], round(r["statistic"], 3), r["n_tables"]
    ('exact', 3, 4.663, 572)
    >>> round(r["p_value"], 4), round(r["p_asymptotic"], 4)
    (0.1619, 0.1982)
    """
    a, b = _pair(counts_a, counts_b)
    if method not in _METHODS:
        raise ValueError(f"method must be 'auto', 'exact' or 'monte_carlo', got {method!r}")
    used = [j for j in range(len(a)) if a[j] + b[j] > 0]
    totals = [a[j] + b[j] for j in used]
    n1, n2 = sum(a), sum(b)
    k = len(used)
    result: dict[str, object] = {
        "test": "",
        "method": "none",
        "statistic": 0.0,
        "df": max(k - 1, 0),
        "p_value": 1.0,
        "p_ffh": 1.0,
        "p_asymptotic": 1.0,
        "min_expected": min(min(n1, n2) * c / (n1 + n2) for c in totals),
        "n_tables": pd.NA,
        "n_resamples": pd.NA,
        "seed": pd.NA,
        "categories_used": k,
    }
    if k < 2:
        result["test"] = "none: fewer than two categories observed"
        return result
    m = _Margins([a[j] for j in used], totals, n1, n2)
    key_obs = m.key(m.x_obs)
    statistic = key_obs / (m.scale * n1 * n2)
    result["statistic"] = float(Fraction(key_obs, m.scale * n1 * n2))
    result["p_asymptotic"] = float(stats.chi2.sf(statistic, k - 1))
    n_tables = _count_tables(totals, n1)
    if method == "exact" or (method == "auto" and n_tables <= max_tables):
        p_value, p_ffh = _exact_p(m, key_obs)
        result.update(
            test="Pearson chi-square, exact permutation p (all tables with the observed margins)",
            method="exact",
            p_value=p_value,
            p_ffh=p_ffh,
            n_tables=n_tables,
        )
        return result
    resamples = int(n_resamples)
    p_value, p_ffh = _monte_carlo_p(m, statistic, resamples, seed)
    result.update(
        test=f"Pearson chi-square, Monte Carlo permutation p ({resamples} resamples, seed {seed})",
        method="monte_carlo",
        p_value=p_value,
        p_ffh=p_ffh,
        n_resamples=resamples,
        seed=seed,
    )
    return result
