"""Permutation reference sets of a 2 x K table with fixed margins.

With both samples' sizes and every category's total fixed, each way of
splitting the category totals between the two samples has the multivariate
hypergeometric probability. :func:`count_tables` counts the splits,
:func:`tables` lists them, and :func:`exact_p` and :func:`monte_carlo_p` give
the permutation p-values of Pearson's chi-square and the
Fisher-Freeman-Halton p-value used by
:func:`~lscb_survey.stats.tests.distribution_test`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from functools import lru_cache
from math import comb, lcm

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

from .reconstruct import count_solutions

__all__ = [
    "MAX_EXACT_N",
    "MAX_PERMUTATION_N",
    "SAMPLER_LIMIT",
    "Margins",
    "choose_method",
    "count_tables",
    "exact_p",
    "monte_carlo_p",
    "tables",
]

#: Largest number of observations (both samples) enumerated exactly; the
#: hypergeometric weights of larger tables are very long integers.
MAX_EXACT_N = 10_000
#: Largest number of observations given a permutation p-value (exact or Monte
#: Carlo); above it the chi-square distribution gives the p-value.
MAX_PERMUTATION_N = 1_000_000
#: Largest number of observations numpy's multivariate hypergeometric sampler accepts.
SAMPLER_LIMIT = 10**9 - 1


def count_tables(totals: Sequence[int], n1: int) -> int:
    """Number of vectors x with 0 <= x_j <= totals_j summing to n1."""
    return count_solutions([(0, c) for c in totals], n1)


def tables(totals: Sequence[int], n1: int) -> Iterator[tuple[int, ...]]:
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


class Margins:
    """The 2 x K table of the used categories: sample a's counts and the category totals."""

    def __init__(self, x_obs: list[int], totals: list[int], n1: int, n2: int) -> None:
        self.x_obs, self.totals, self.n1, self.n2 = x_obs, totals, n1, n2
        self.total = n1 + n2
        self.scale = lcm(*totals)

    def key(self, x: Sequence[int]) -> int:
        """``n1 * n2 * lcm * chi-square``, an exact integer."""
        return sum(self.key_term(xj, c) for xj, c in zip(x, self.totals, strict=True))

    def key_term(self, xj: int, c: int) -> int:
        """The term of :meth:`key` of one category: count ``xj`` of its total ``c``."""
        return (xj * self.total - self.n1 * c) ** 2 * (self.scale // c)

    def weight(self, x: Sequence[int]) -> int:
        """Multivariate hypergeometric numerator of the table with first row ``x``."""
        w = 1
        for xj, c in zip(x, self.totals, strict=True):
            w *= comb(c, xj)
        return w


def exact_p(m: Margins, key_obs: int) -> tuple[float, float]:
    """Exact permutation p of the chi-square and Fisher-Freeman-Halton p, by enumeration.

    Every table with the margins of ``m`` is visited once, in the order of
    :func:`tables`; each category's terms of :meth:`Margins.key` and factors of
    :meth:`Margins.weight` are computed once per count rather than once per
    table, and both tails are sums of exact integers, so the result does not
    depend on the order of the sums. Results are remembered for the margins
    and observed counts (:func:`_exact_tails`).
    """
    tail_chi, tail_ffh = _exact_tails(tuple(m.x_obs), tuple(m.totals), m.n1, m.n2, key_obs)
    denominator = comb(m.total, m.n1)
    return float(Fraction(tail_chi, denominator)), float(Fraction(tail_ffh, denominator))


@lru_cache(maxsize=1024)
def _exact_tails(
    x_obs: tuple[int, ...], totals: tuple[int, ...], n1: int, n2: int, key_obs: int
) -> tuple[int, int]:
    """Hypergeometric numerators of the chi-square and FFH tails (exact integers)."""
    m = Margins(list(x_obs), list(totals), n1, n2)
    keys = [[m.key_term(x, c) for x in range(c + 1)] for c in totals]
    weights = [[comb(c, x) for x in range(c + 1)] for c in totals]
    w_obs = m.weight(x_obs)
    size = len(totals)
    rest = [0] * (size + 1)
    for i in range(size - 1, -1, -1):
        rest[i] = rest[i + 1] + totals[i]
    tails = [0, 0]

    def last_two(i: int, remainder: int, key: int, weight: int) -> None:
        k_i, w_i, k_j, w_j = keys[i], weights[i], keys[i + 1], weights[i + 1]
        chi = ffh = 0
        for v in range(max(0, remainder - totals[i + 1]), min(totals[i], remainder) + 1):
            w = weight * w_i[v] * w_j[remainder - v]
            if key + k_i[v] + k_j[remainder - v] >= key_obs:
                chi += w
            if w <= w_obs:
                ffh += w
        tails[0] += chi
        tails[1] += ffh

    def visit(i: int, remainder: int, key: int, weight: int) -> None:
        if i == size - 2:
            last_two(i, remainder, key, weight)
            return
        for v in range(max(0, remainder - rest[i + 1]), min(totals[i], remainder) + 1):
            visit(i + 1, remainder - v, key + keys[i][v], weight * weights[i][v])

    if size < 2:  # one category: the observed table is the only one
        return m.weight(x_obs), m.weight(x_obs)
    visit(0, n1, 0, 1)
    return tails[0], tails[1]


def monte_carlo_p(m: Margins, statistic: float, n_resamples: int, seed: int) -> tuple[float, float]:
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


def choose_method(
    method: str,
    total: int,
    totals: list[int],
    n1: int,
    max_tables: int,
    max_exact_n: int,
    max_permutation_n: int,
) -> str:
    """The method used: the one asked for, or under "auto" the first that fits the limits.

    Under ``"auto"``: ``"exact"`` when ``total <= max_exact_n`` and there are at
    most ``max_tables`` tables, else ``"monte_carlo"`` when
    ``total <= max_permutation_n``, else ``"asymptotic"``. A method asked for
    explicitly beyond its limit is a ValueError.

    Examples
    --------
    >>> choose_method("auto", 103, [69, 21, 1, 12], 46, 2_000_000, 10_000, 10**6)
    'exact'
    >>> choose_method("auto", 10**7, [5 * 10**6] * 2, 10**6, 2_000_000, 10_000, 10**6)
    'asymptotic'
    """
    if method == "exact" and total > max_exact_n:
        raise ValueError(
            f"exact enumeration is limited to max_exact_n={max_exact_n} observations, "
            f"got {total}; use method='auto', 'monte_carlo' or 'asymptotic'"
        )
    if method == "monte_carlo" and total > max_permutation_n:
        raise ValueError(
            f"Monte Carlo is limited to max_permutation_n={max_permutation_n} observations, "
            f"got {total}; use method='auto' or 'asymptotic'"
        )
    if method != "auto":
        return method
    if total <= max_exact_n and count_tables(totals, n1) <= max_tables:
        return "exact"
    return "monte_carlo" if total <= max_permutation_n else "asymptotic"
