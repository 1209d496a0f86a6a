"""Association in r x c contingency tables: exact, Monte Carlo and asymptotic tests.

:func:`independence_test` asks whether the rows of a table (groups) differ in
their distribution over the columns (answers), with Pearson's X^2 as the
statistic: exact (every table with the observed margins enumerated, each
weighted by its multiple hypergeometric probability) when there are at most
``max_tables`` of them, otherwise a seeded Monte Carlo test that draws tables
with the same margins. :func:`linear_by_linear_test` is Agresti's
linear-by-linear association test for ordered rows and columns,
``M^2 = (N - 1) r^2`` with ``r`` the correlation of the row and column scores;
its asymptotic p-value is that of ``statsmodels``'
``Table.test_ordinal_association``. :func:`cramers_v` and :func:`rank_correlation`
are effect sizes.

Nothing here knows about surveys: tables are arrays of counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

__all__ = [
    "AssociationResult",
    "count_tables",
    "cramers_v",
    "independence_test",
    "linear_by_linear_test",
    "rank_correlation",
]

#: Relative tolerance when comparing a statistic with the observed one.
_TOLERANCE = 1e-7

Method = Literal["auto", "exact", "monte_carlo", "asymptotic"]


@dataclass(frozen=True)
class AssociationResult:
    """The result of a test of association.

    Attributes
    ----------
    method : str
        ``"exact"``, ``"monte_carlo"`` or ``"asymptotic"``.
    statistic : float
        Pearson's X^2 (independence) or M^2 (linear-by-linear).
    df : int
        Degrees of freedom of the statistic's asymptotic chi-square law.
    p_value : float
    resamples : int or None
        Tables drawn, for the Monte Carlo method.
    """

    method: str
    statistic: float
    df: int
    p_value: float
    resamples: int | None = None


def _table(table: npt.ArrayLike) -> npt.NDArray[np.int64]:
    """The table as a 2-d array of whole non-negative counts."""
    arr = np.asarray(table)
    if arr.ndim != 2:
        raise ValueError(f"a contingency table must be 2-dimensional, got shape {arr.shape}")
    if arr.size and (
        not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.round(arr))
    ):
        raise ValueError("a contingency table holds whole non-negative counts")
    return arr.astype(np.int64)


def _drop_empty(arr: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return arr[arr.sum(axis=1) > 0][:, arr.sum(axis=0) > 0]


def _columns(remaining: list[int], total: int, i: int) -> Iterator[list[int]]:
    """Every way to spread ``total`` over rows ``i..`` within their remaining room."""
    if i == len(remaining) - 1:
        if total <= remaining[i]:
            yield [total]
        return
    room_after = sum(remaining[i + 1 :])
    for x in range(max(0, total - room_after), min(total, remaining[i]) + 1):
        for rest in _columns(remaining, total - x, i + 1):
            yield [x, *rest]


def _enumerate(rows: list[int], cols: list[int], limit: int) -> npt.NDArray[np.int64] | None:
    """Every table with these margins (shape ``(k, r, c)``), or None past ``limit``."""
    found: list[list[list[int]]] = []

    def fill(j: int, remaining: list[int], done: list[list[int]]) -> bool:
        if j == len(cols) - 1:
            found.append([*done, remaining])
            return len(found) <= limit
        for column in _columns(remaining, cols[j], 0):
            left = [r - x for r, x in zip(remaining, column, strict=True)]
            if not fill(j + 1, left, [*done, column]):
                return False
        return True

    if not fill(0, list(rows), []):
        return None
    return np.array(found, dtype=np.int64).transpose(0, 2, 1)


def _column_choices(rows: list[int], total: int) -> int:
    """Number of columns summing to ``total`` within ``rows`` (a lower bound on tables:
    every such column completes to a table with the margins)."""
    ways = np.zeros(total + 1, dtype=object)
    ways[0] = 1
    for room in rows:
        cumulative = np.cumsum(ways)
        shifted = np.concatenate([np.zeros(room + 1, dtype=object), cumulative[: -room - 1]])
        ways = cumulative - shifted[: total + 1] if room < total else cumulative
    return int(ways[total])


def count_tables(table: npt.ArrayLike, limit: int = 100_000) -> int | None:
    """Number of tables with the margins of ``table`` (``None`` when over ``limit``).

    Examples
    --------
    >>> count_tables([[1, 1], [1, 1]])
    3
    """
    arr = _drop_empty(_table(table))
    tables = _enumerate(arr.sum(axis=1).tolist(), arr.sum(axis=0).tolist(), limit)
    return None if tables is None else len(tables)


def _log_prob(tables: npt.NDArray[np.int64], rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Log multiple hypergeometric probability of each table given the margins."""
    from scipy.special import gammaln

    n = rows.sum()
    const = gammaln(rows + 1).sum() + gammaln(cols + 1).sum() - gammaln(n + 1)
    return const - gammaln(tables + 1).sum(axis=(-2, -1))


def _pearson(tables: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return ((tables - expected) ** 2 / expected).sum(axis=(-2, -1))


def _at_least(values: np.ndarray, observed: float) -> np.ndarray:
    return values >= observed - _TOLERANCE * max(1.0, abs(observed))


def _null_tables(
    arr: npt.NDArray[np.int64], method: str, max_tables: int, resamples: int, seed: int
) -> tuple[str, np.ndarray, np.ndarray | None]:
    """Tables of the null distribution: all of them with weights, or a seeded sample."""
    rows, cols = arr.sum(axis=1), arr.sum(axis=0)
    lower = max(_column_choices(rows.tolist(), int(c)) for c in cols)
    if method in ("auto", "exact") and lower <= max_tables:
        tables = _enumerate(rows.tolist(), cols.tolist(), max_tables)
        if tables is not None:
            return "exact", tables, np.exp(_log_prob(tables, rows, cols))
    if method == "exact":
        raise ValueError(f"more than max_tables={max_tables} tables: exact test not feasible")
    sample = stats.random_table(rows, cols, seed=np.random.default_rng(seed)).rvs(resamples)
    return "monte_carlo", np.asarray(sample), None


def _p_value(method: str, hits: np.ndarray, weights: np.ndarray | None) -> float:
    if weights is not None:
        return float(min(1.0, weights[hits].sum()))
    return float((1 + hits.sum()) / (1 + len(hits)))


def independence_test(
    table: npt.ArrayLike,
    *,
    method: Method = "auto",
    max_tables: int = 2_000,
    resamples: int = 10_000,
    seed: int = 0,
) -> AssociationResult:
    """Test of independence of rows and columns, conditional on both margins.

    Parameters
    ----------
    table : array-like, shape (r, c)
        Counts; empty rows and columns are left out.
    method : {"auto", "exact", "monte_carlo", "asymptotic"}, default "auto"
        ``"auto"``: exact when at most ``max_tables`` tables share the margins,
        else Monte Carlo. ``"asymptotic"`` uses the chi-square law.
    max_tables : int, default 2000
        Largest number of tables to enumerate.
    resamples : int, default 10000
        Tables drawn (``scipy.stats.random_table``) for the Monte Carlo test,
        whose p-value is ``(1 + hits) / (1 + resamples)``.
    seed : int, default 0
        Seed of the Monte Carlo draws.

    Returns
    -------
    AssociationResult
        ``statistic`` Pearson's X^2, ``df`` ``(r - 1)(c - 1)``; p-value 1 and
        df 0 when fewer than two rows or columns are non-empty.

    Examples
    --------
    >>> r = independence_test([[3, 0], [0, 3]])
    >>> r.method, round(r.p_value, 4)  # two of the 4 tables are as extreme
    ('exact', 0.1)
    """
    arr = _drop_empty(_table(table))
    r, c = arr.shape
    if r < 2 or c < 2:
        return AssociationResult("exact", 0.0, 0, 1.0)
    expected = np.outer(arr.sum(axis=1), arr.sum(axis=0)) / arr.sum()
    observed = float(_pearson(arr, expected))
    df = (r - 1) * (c - 1)
    if method == "asymptotic":
        return AssociationResult("asymptotic", observed, df, float(stats.chi2.sf(observed, df)))
    used, tables, weights = _null_tables(arr, method, max_tables, resamples, seed)
    hits = _at_least(_pearson(tables, expected), observed)
    p = _p_value(used, hits, weights)
    return AssociationResult(used, observed, df, p, None if weights is not None else resamples)


def _scores(scores: npt.ArrayLike | None, size: int, name: str) -> np.ndarray:
    if scores is None:
        return np.arange(size, dtype=float)
    out = np.asarray(scores, dtype=float)
    if out.shape != (size,):
        raise ValueError(f"{name} must have one score per {name.split('_')[0]} ({size})")
    return out


def linear_by_linear_test(
    table: npt.ArrayLike,
    row_scores: npt.ArrayLike | None = None,
    col_scores: npt.ArrayLike | None = None,
    *,
    method: Method = "auto",
    min_expected: float = 5.0,
    max_tables: int = 2_000,
    resamples: int = 10_000,
    seed: int = 0,
) -> AssociationResult:
    """Agresti's linear-by-linear association test (two-sided).

    Parameters
    ----------
    table : array-like, shape (r, c)
        Counts, rows and columns in their order.
    row_scores, col_scores : array-like, optional
        Scores of the rows and columns (default ``0, 1, ...``).
    method : {"auto", "exact", "monte_carlo", "asymptotic"}, default "auto"
        ``"auto"``: asymptotic when every expected count is at least
        ``min_expected``, else exact when at most ``max_tables`` tables share
        the margins, else Monte Carlo.
    min_expected, max_tables, resamples, seed :
        See ``method`` and :func:`independence_test`.

    Returns
    -------
    AssociationResult
        ``statistic`` is ``M^2 = z^2`` with ``z`` the standardised
        ``T = sum(u_i v_j n_ij)``, ``df`` 1. The asymptotic p-value is
        ``2 * Phi(-|z|)``, as ``statsmodels``' ``test_ordinal_association``;
        exact and Monte Carlo p-values count tables with ``|T - E(T)|`` at
        least the observed. A table whose scores do not vary gives p 1.

    Examples
    --------
    >>> r = linear_by_linear_test([[20, 10, 5], [8, 12, 15]], method="asymptotic")
    >>> round(r.statistic, 3), round(r.p_value, 4)
    (10.132, 0.0015)
    """
    arr = _table(table)
    u = _scores(row_scores, arr.shape[0], "row_scores")
    v = _scores(col_scores, arr.shape[1], "col_scores")
    keep_r, keep_c = arr.sum(axis=1) > 0, arr.sum(axis=0) > 0
    arr, u, v = arr[keep_r][:, keep_c], u[keep_r], v[keep_c]
    rows, cols = arr.sum(axis=1), arr.sum(axis=0)
    n = int(arr.sum())
    if n < 2:
        return AssociationResult("exact", 0.0, 1, 1.0)
    mean_t = (u @ rows) * (v @ cols) / n
    var_t = (u**2 @ rows - (u @ rows) ** 2 / n) * (v**2 @ cols - (v @ cols) ** 2 / n) / (n - 1)
    if not var_t > 0:
        return AssociationResult("exact", 0.0, 1, 1.0)
    t_obs = float(u @ arr @ v)
    z = (t_obs - mean_t) / math.sqrt(var_t)
    if method == "auto" and np.outer(rows, cols).min() / n >= min_expected:
        method = "asymptotic"
    if method == "asymptotic":
        return AssociationResult("asymptotic", float(z * z), 1, float(2 * stats.norm.cdf(-abs(z))))
    used, tables, weights = _null_tables(arr, method, max_tables, resamples, seed)
    distance = np.abs(np.einsum("i,kij,j->k", u, tables, v) - mean_t)
    hits = _at_least(distance, abs(t_obs - mean_t))
    p = _p_value(used, hits, weights)
    return AssociationResult(used, float(z * z), 1, p, None if weights is not None else resamples)


def cramers_v(table: npt.ArrayLike) -> float:
    """Cramér's V, ``sqrt(X^2 / (N (min(r, c) - 1)))`` (empty rows and columns left out).

    Examples
    --------
    >>> cramers_v([[10, 0], [0, 10]])
    1.0
    """
    arr = _drop_empty(_table(table))
    if min(arr.shape) < 2:
        return math.nan
    n = arr.sum()
    expected = np.outer(arr.sum(axis=1), arr.sum(axis=0)) / n
    return float(math.sqrt(_pearson(arr, expected) / (n * (min(arr.shape) - 1))))


def rank_correlation(table: npt.ArrayLike) -> float:
    """Spearman's rank correlation of the ordered rows and columns of a table (midranks).

    Examples
    --------
    >>> round(rank_correlation([[5, 0], [0, 5]]), 6)
    1.0
    """
    arr = _table(table)
    n = arr.sum()
    if n < 2:
        return math.nan

    def midranks(totals: np.ndarray) -> np.ndarray:
        return np.cumsum(totals) - (totals - 1) / 2

    u, v = midranks(arr.sum(axis=1)), midranks(arr.sum(axis=0))
    rows, cols = arr.sum(axis=1), arr.sum(axis=0)
    mu, mv = (u @ rows) / n, (v @ cols) / n
    cov = (u - mu) @ arr @ (v - mv)
    su = math.sqrt(((u - mu) ** 2) @ rows)
    sv = math.sqrt(((v - mv) ** 2) @ cols)
    return float(cov / (su * sv)) if su > 0 and sv > 0 else math.nan
