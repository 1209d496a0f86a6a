"""Generic tests comparing two samples of counts over the same categories.

Two independent samples each give a count per category. This module compares
them category by category (:func:`category_tests`: two-sided Fisher exact test
of "this category vs the rest", with Cohen's h) and as whole distributions
(:func:`distribution_test`: Pearson's chi-square with its exact permutation
p-value, the Fisher-Freeman-Halton p-value and the asymptotic p-value; exact
enumeration when the reference set is small, seeded Monte Carlo otherwise), and
adjusts families of p-values (:func:`bh_adjust`, Benjamini-Hochberg). Nothing
here knows about any survey.

Run time is bounded whatever the counts: above :data:`MAX_FISHER_N`
observations a 2x2 table gets Pearson's chi-square test instead of Fisher's,
and above :data:`MAX_PERMUTATION_N` a whole distribution gets the asymptotic
chi-square p-value instead of a permutation one; the ``method`` reported says
which was used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from functools import lru_cache
from numbers import Integral, Real

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from .permutation import (
    MAX_EXACT_N,
    MAX_PERMUTATION_N,
    SAMPLER_LIMIT,
    Margins,
    choose_method,
    count_tables,
    exact_p,
    monte_carlo_p,
)

__all__ = [
    "MAX_EXACT_N",
    "MAX_FISHER_N",
    "MAX_PERMUTATION_N",
    "MAX_TABLES",
    "N_RESAMPLES",
    "SEED",
    "bh_adjust",
    "category_tests",
    "cohens_h",
    "distribution_test",
    "fisher_2x2",
    "two_by_two_test",
    "untested",
]

#: Default number of Monte Carlo resamples when an exact test is too large.
N_RESAMPLES = 100_000
#: Default seed of the Monte Carlo fallback.
SEED = 20120501
#: Largest number of tables enumerated by the exact test under ``method="auto"``.
MAX_TABLES = 2_000_000

#: Largest 2x2 table (all four counts together) given Fisher's exact test; larger ones
#: get Pearson's chi-square test (asymptotic), whose run time does not grow with the counts.
MAX_FISHER_N = 1_000_000
_METHODS = ("auto", "exact", "monte_carlo", "asymptotic")


# ----------------------------------------------------------------------------- arguments


def _whole(name: str, value: object) -> int:
    """``value`` as a whole non-negative number (ValueError otherwise; no float overflow)."""
    if isinstance(value, Integral) and not isinstance(value, bool) and int(value) >= 0:
        return int(value)
    if isinstance(value, Real) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number.is_integer() and number >= 0:
            return int(number)
    raise ValueError(f"{name} must be a whole non-negative number, got {value!r}")


def _as_counts(name: str, counts: Sequence[int]) -> list[int]:
    values = [_whole(f"{name}[{i}]", c) for i, c in enumerate(counts)]
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


def two_by_two_test(
    count_a: int, n_a: int, count_b: int, n_b: int, *, max_n: int = MAX_FISHER_N
) -> tuple[float, str]:
    """Two-sided test of ``count_a`` of ``n_a`` vs ``count_b`` of ``n_b``, and its method.

    The 2x2 table is ``[[count_b, n_b - count_b], [count_a, n_a - count_a]]``.
    Up to ``max_n`` observations (``n_a + n_b``) it gets Fisher's exact test
    (``scipy.stats.fisher_exact``, two-sided), whose run time grows with the
    counts. Above ``max_n`` it gets Pearson's chi-square test without
    continuity correction (one degree of freedom; the statistic is computed in
    exact integer arithmetic), which takes the same time at any size and at
    such sizes differs from Fisher's p-value only when an expected count is
    small.

    Parameters
    ----------
    count_a, n_a : int
        Count and base of sample a (``0 <= count_a <= n_a``).
    count_b, n_b : int
        Count and base of sample b.
    max_n : int, default :data:`MAX_FISHER_N`
        Largest ``n_a + n_b`` given the exact test.

    Returns
    -------
    p_value : float
    method : str
        ``"fisher_exact"`` or ``"chi_square"``.

    Raises
    ------
    ValueError
        If a count is not a whole non-negative number or exceeds its base.

    Examples
    --------
    >>> p, method = two_by_two_test(14, 46, 2, 57)
    >>> round(p, 5), method
    (0.00021, 'fisher_exact')
    >>> p, method = two_by_two_test(14 * 10**6, 46 * 10**6, 2 * 10**6, 57 * 10**6)
    >>> p, method
    (0.0, 'chi_square')
    """
    x, n1 = _whole("count_a", count_a), _whole("n_a", n_a)
    y, n2 = _whole("count_b", count_b), _whole("n_b", n_b)
    if x > n1 or y > n2:
        raise ValueError(f"a count exceeds its base: {x} of {n1}, {y} of {n2}")
    if n1 + n2 <= _whole("max_n", max_n):
        return _fisher_exact(y, n2 - y, x, n1 - x), "fisher_exact"
    hits, total = x + y, n1 + n2
    denominator = n1 * n2 * hits * (total - hits)
    if denominator == 0:
        return 1.0, "chi_square"  # one margin is empty: nothing differs
    statistic = Fraction(total * (x * n2 - y * n1) ** 2, denominator)
    return float(stats.chi2.sf(float(statistic), 1)), "chi_square"


@lru_cache(maxsize=4096)
def _fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p-value of ``[[a, b], [c, d]]``, remembered for the same counts."""
    return float(stats.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


def fisher_2x2(
    count_a: int, n_a: int, count_b: int, n_b: int, *, max_n: int = MAX_FISHER_N
) -> float:
    """Two-sided Fisher exact p-value for ``count_a`` of ``n_a`` vs ``count_b`` of ``n_b``.

    The 2x2 table is ``[[count_b, n_b - count_b], [count_a, n_a - count_a]]``,
    tested with ``scipy.stats.fisher_exact(..., alternative="two-sided")``.
    Tables of more than ``max_n`` observations get Pearson's chi-square p-value
    instead (see :func:`two_by_two_test`, which also says which was used).

    Parameters
    ----------
    count_a, n_a : int
        Count and base of sample a.
    count_b, n_b : int
        Count and base of sample b.
    max_n : int, default :data:`MAX_FISHER_N`
        Largest ``n_a + n_b`` given the exact test.

    Returns
    -------
    float
        The p-value.

    Examples
    --------
    >>> round(fisher_2x2(14, 46, 2, 57), 5)
    0.00021
    """
    return two_by_two_test(count_a, n_a, count_b, n_b, max_n=max_n)[0]


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
    counts_a: Sequence[int],
    counts_b: Sequence[int],
    *,
    labels: Sequence[str] | None = None,
    max_n: int = MAX_FISHER_N,
) -> pd.DataFrame:
    """Compare two samples category by category.

    For each category, the 2x2 table (this category vs the rest) x (sample a vs
    sample b) is tested with a two-sided Fisher exact test, or, when the two
    samples hold more than ``max_n`` observations, with Pearson's chi-square
    test (:func:`two_by_two_test`).

    Parameters
    ----------
    counts_a, counts_b : sequence of int
        Counts of the same categories in two independent samples.
    labels : sequence of str, optional
        Category labels; default ``"0", "1", ...``.
    max_n : int, default :data:`MAX_FISHER_N`
        Largest ``n_a + n_b`` given the exact test.

    Returns
    -------
    DataFrame
        One row per category: ``category``, ``count_a``, ``count_b``, ``n_a``,
        ``n_b``, ``pct_a``, ``pct_b`` (exact percentages as float),
        ``change_pp`` (``pct_b - pct_a``), ``p_value`` (two-sided Fisher exact,
        ``scipy.stats.fisher_exact``, or Pearson's chi-square above
        ``max_n``), ``method`` (``"fisher_exact"`` or ``"chi_square"``),
        ``odds_ratio`` (sample b vs a, exact ratio of cross products as a
        float; may be 0, inf or NaN when both are 0) and ``cohens_h`` (from the
        exact proportions, a to b).

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
        p_value, method = two_by_two_test(x, n_a, y, n_b, max_n=max_n)
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
                "p_value": p_value,
                "method": method,
                "odds_ratio": _odds_ratio(y * (n_a - x), (n_b - y) * x),
                "cohens_h": cohens_h(float(pa), float(pb)),
            }
        )
    return pd.DataFrame.from_records(rows)


def _odds_ratio(numerator: int, denominator: int) -> float:
    """``numerator / denominator`` as scipy's ``fisher_exact`` reports it (inf, nan at 0)."""
    if denominator == 0:
        return math.nan if numerator == 0 else math.inf
    return float(Fraction(numerator, denominator))


# ----------------------------------------------------------------------------- whole distributions


def untested() -> dict[str, object]:
    """The result fields of :func:`distribution_test` for a pair left untested (all missing)."""
    nan, na = math.nan, pd.NA
    fields: dict[str, object] = {"test": None, "method": None, "statistic": nan, "df": na}
    return fields | {
        "p_value": nan, "p_ffh": nan, "p_asymptotic": nan, "min_expected": nan,
        "n_tables": na, "n_resamples": na, "seed": na,
    }  # fmt: skip


def distribution_test(
    counts_a: Sequence[int],
    counts_b: Sequence[int],
    *,
    method: str = "auto",
    n_resamples: int = N_RESAMPLES,
    seed: int = SEED,
    max_tables: int = MAX_TABLES,
    max_exact_n: int = MAX_EXACT_N,
    max_permutation_n: int = MAX_PERMUTATION_N,
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
    method : {"auto", "exact", "monte_carlo", "asymptotic"}, default "auto"
        ``"exact"`` enumerates every table with the observed margins and
        computes both p-values in exact integer arithmetic. ``"monte_carlo"``
        draws ``n_resamples`` tables from the multivariate hypergeometric
        distribution (``numpy.random.default_rng(seed)``) and reports
        ``(1 + hits) / (1 + n_resamples)``. ``"asymptotic"`` takes the p-value
        from the chi-square distribution (``p_value = p_asymptotic``) and has
        no Fisher-Freeman-Halton p. ``"auto"`` is exact when there are at most
        ``max_exact_n`` observations and ``max_tables`` tables, else Monte
        Carlo when there are at most ``max_permutation_n`` observations, else
        asymptotic: its run time is bounded whatever the counts. At such sizes
        the chi-square distribution is close to the permutation distribution
        unless an expected count is small (see ``min_expected``).
    n_resamples : int, default 100_000
        Monte Carlo resamples.
    seed : int, default 20120501
        Seed of the Monte Carlo resamples.
    max_tables : int, default 2_000_000
        Largest reference set enumerated under ``method="auto"``.
    max_exact_n : int, default :data:`MAX_EXACT_N`
        Largest number of observations (both samples) enumerated exactly; a
        larger one with ``method="exact"`` is a ValueError.
    max_permutation_n : int, default :data:`MAX_PERMUTATION_N`
        Largest number of observations given a permutation p-value (exact or
        Monte Carlo); a larger one with ``method="monte_carlo"`` is a
        ValueError (the sampler handles fewer than 10**9).

    Returns
    -------
    dict
        ``test`` (description), ``method`` ("exact", "monte_carlo",
        "asymptotic", or "none" when fewer than two categories are used),
        ``statistic`` (Pearson chi-square), ``df``, ``p_value`` (permutation p
        of the chi-square, or the asymptotic p), ``p_ffh``
        (Fisher-Freeman-Halton p; NaN for "asymptotic"), ``p_asymptotic`` (chi-square
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
        raise ValueError(
            f"method must be 'auto', 'exact', 'monte_carlo' or 'asymptotic', got {method!r}"
        )
    limits = {"max_exact_n": max_exact_n, "max_permutation_n": max_permutation_n}
    for name, limit in limits.items():
        _whole(name, limit)
    if max_permutation_n > SAMPLER_LIMIT:
        raise ValueError(f"max_permutation_n must be at most {SAMPLER_LIMIT}")
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
    m = Margins([a[j] for j in used], totals, n1, n2)
    key_obs = m.key(m.x_obs)
    statistic = key_obs / (m.scale * n1 * n2)
    result["statistic"] = float(Fraction(key_obs, m.scale * n1 * n2))
    result["p_asymptotic"] = float(stats.chi2.sf(statistic, k - 1))
    method = choose_method(method, n1 + n2, totals, n1, max_tables, max_exact_n, max_permutation_n)
    if method == "asymptotic":
        result.update(
            test="Pearson chi-square, asymptotic p (chi-square distribution; too many "
            "observations for a permutation p)",
            method="asymptotic",
            p_value=result["p_asymptotic"],
            p_ffh=math.nan,
        )
        return result
    if method == "exact":
        p_value, p_ffh = exact_p(m, key_obs)
        result.update(
            test="Pearson chi-square, exact permutation p (all tables with the observed margins)",
            method="exact",
            p_value=p_value,
            p_ffh=p_ffh,
            n_tables=count_tables(totals, n1),
        )
        return result
    resamples = int(n_resamples)
    p_value, p_ffh = monte_carlo_p(m, statistic, resamples, seed)
    result.update(
        test=f"Pearson chi-square, Monte Carlo permutation p ({resamples} resamples, seed {seed})",
        method="monte_carlo",
        p_value=p_value,
        p_ffh=p_ffh,
        n_resamples=resamples,
        seed=seed,
    )
    return result
