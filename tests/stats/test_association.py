"""Tests of association in contingency tables, against brute force and references."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.contingency_tables import Table

from lscb_survey.stats.association import (
    count_tables,
    cramers_v,
    independence_test,
    linear_by_linear_test,
    rank_correlation,
)


def _brute_tables(rows: list[int], cols: list[int]):
    """Every table with these margins, by trying every cell value (slow, obviously right)."""
    r, c = len(rows), len(cols)
    free = [range(min(rows[i], cols[j]) + 1) for i in range(r - 1) for j in range(c - 1)]
    for cells in itertools.product(*free):
        t = np.zeros((r, c), dtype=int)
        t[: r - 1, : c - 1] = np.array(cells).reshape(r - 1, c - 1)
        t[: r - 1, c - 1] = np.array(rows[:-1]) - t[: r - 1, : c - 1].sum(axis=1)
        t[r - 1, :] = np.array(cols) - t[: r - 1, :].sum(axis=0)
        if (t >= 0).all() and t[r - 1].sum() == rows[-1]:
            yield t


def _probability(t: np.ndarray) -> float:
    rows, cols, n = t.sum(axis=1), t.sum(axis=0), t.sum()
    num = sum(math.lgamma(x + 1) for x in [*rows, *cols]) - math.lgamma(n + 1)
    return math.exp(num - sum(math.lgamma(x + 1) for x in t.ravel()))


def _chi2(t: np.ndarray) -> float:
    e = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()
    return float(((t - e) ** 2 / e).sum())


TABLES = [
    [[3, 1, 0], [0, 2, 4]],
    [[2, 2], [1, 3], [4, 0]],
    [[1, 2, 0, 3], [2, 0, 2, 1], [0, 1, 3, 0]],
]


@pytest.mark.parametrize("table", TABLES)
def test_exact_independence_p_equals_enumeration(table):
    t = np.array(table)
    rows, cols = t.sum(axis=1).tolist(), t.sum(axis=0).tolist()
    all_tables = list(_brute_tables(rows, cols))
    observed = _chi2(t)
    expected = sum(_probability(x) for x in all_tables if _chi2(x) >= observed - 1e-9)
    result = independence_test(t)
    assert result.method == "exact" and result.resamples is None
    assert result.p_value == pytest.approx(expected, rel=1e-9)
    assert count_tables(t) == len(all_tables)
    assert math.isclose(sum(_probability(x) for x in all_tables), 1.0, rel_tol=1e-9)


def test_two_by_two_exact_equals_fisher():
    t = np.array([[7, 2], [3, 8]])
    # For 2x2 tables, ordering by X^2 is ordering by distance from the mean: Fisher's two-sided.
    assert independence_test(t).p_value == pytest.approx(stats.fisher_exact(t).pvalue, rel=1e-9)


def test_monte_carlo_is_seeded_and_close_to_exact():
    t = np.array([[4, 3, 1, 0], [1, 2, 3, 5], [2, 2, 2, 2]])
    exact = independence_test(t)
    mc = independence_test(t, method="monte_carlo", resamples=4000, seed=7)
    again = independence_test(t, method="monte_carlo", resamples=4000, seed=7)
    assert mc.method == "monte_carlo" and mc.resamples == 4000
    assert mc.p_value == again.p_value
    assert abs(mc.p_value - exact.p_value) < 4 * math.sqrt(exact.p_value / 4000) + 1e-3


def test_large_tables_fall_back_to_monte_carlo():
    t = np.array([[30, 20, 10], [10, 25, 30], [20, 20, 20]])
    r = independence_test(t, resamples=500, max_tables=1000)
    assert r.method == "monte_carlo" and r.df == 4
    with pytest.raises(ValueError, match="max_tables"):
        independence_test(t, method="exact", max_tables=1000)


@pytest.mark.parametrize(
    "table",
    [
        [[20, 10, 5], [8, 12, 15]],
        [[5, 9, 20, 3], [7, 7, 2, 9], [1, 30, 4, 4]],
        [[50, 1], [2, 40]],
        [[5, 0, 3], [0, 4, 6]],
    ],
)
def test_asymptotic_linear_by_linear_equals_statsmodels(table):
    t = np.array(table)
    u = np.arange(t.shape[0]) * 2.0 + 1
    v = np.array([5, 4, 2, 1][: t.shape[1]], dtype=float)
    ours = linear_by_linear_test(t, u, v, method="asymptotic")
    ref = Table(t, shift_zeros=False).test_ordinal_association(row_scores=u, col_scores=v)
    assert abs(ours.p_value - ref.pvalue) < 1e-9
    assert ours.statistic == pytest.approx(ref.zscore**2, rel=1e-12)


@pytest.mark.parametrize("table", TABLES)
def test_exact_linear_by_linear_equals_enumeration(table):
    t = np.array(table)
    u, v = np.arange(t.shape[0]), np.arange(t.shape[1])
    rows, cols = t.sum(axis=1).tolist(), t.sum(axis=0).tolist()
    tables = list(_brute_tables(rows, cols))
    stat = [float(u @ x @ v) for x in tables]
    mean = sum(_probability(x) * s for x, s in zip(tables, stat, strict=True))
    obs = abs(float(u @ t @ v) - mean)
    expected = sum(
        _probability(x) for x, s in zip(tables, stat, strict=True) if abs(s - mean) >= obs - 1e-9
    )
    result = linear_by_linear_test(t)
    assert result.method == "exact"
    assert result.p_value == pytest.approx(expected, rel=1e-9)


def test_linear_by_linear_auto_picks_asymptotic_for_large_counts():
    assert linear_by_linear_test([[200, 100], [100, 200]]).method == "asymptotic"


def test_degenerate_tables():
    assert independence_test([[5, 3]]).p_value == 1.0
    assert linear_by_linear_test([[5, 0], [3, 0]]).p_value == 1.0
    assert math.isnan(cramers_v([[4, 4]]))
    with pytest.raises(ValueError, match="whole"):
        independence_test([[1.5, 2], [1, 1]])
    with pytest.raises(ValueError, match="2-dimensional"):
        independence_test([1, 2])


def test_effect_sizes_against_references():
    t = np.array([[12, 5, 3], [4, 9, 10]])
    chi2 = stats.chi2_contingency(t, correction=False)[0]
    assert cramers_v(t) == pytest.approx(math.sqrt(chi2 / (t.sum() * 1)))
    x = np.repeat(np.arange(2), t.sum(axis=1))
    y = np.concatenate([np.repeat(np.arange(3), row) for row in t])
    assert rank_correlation(t) == pytest.approx(stats.spearmanr(x, y).statistic, rel=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=3), min_size=2, max_size=2))
def test_exact_p_values_are_probabilities(cells):
    width = min(len(r) for r in cells)
    t = np.array([r[:width] for r in cells])
    p = independence_test(t).p_value
    q = linear_by_linear_test(t).p_value
    assert 0 < p <= 1 + 1e-12 and 0 < q <= 1 + 1e-12
