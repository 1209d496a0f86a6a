"""Generic two-sample tests: Benjamini-Hochberg, Fisher per category, distribution tests."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lscb_survey.stats.tests import (
    bh_adjust,
    category_tests,
    cohens_h,
    distribution_test,
    fisher_2x2,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 1), st.just(math.nan)), min_size=1, max_size=30))
def test_bh_adjust_matches_definition_and_scipy(values):
    adjusted = bh_adjust(values)
    p = np.array(values)
    ok = ~np.isnan(p)
    assert (np.isnan(adjusted) == ~ok).all()
    if not ok.any():
        return
    kept = p[ok]
    m = len(kept)
    order = np.sort(kept)
    # definition: adjusted p of the i-th smallest = min over j >= i of m p_(j) / j, capped at 1
    by_rank = [min(1.0, min(m * order[j] / (j + 1) for j in range(i, m))) for i in range(m)]
    np.testing.assert_allclose(np.sort(adjusted[ok]), by_rank, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        adjusted[ok], stats.false_discovery_control(kept, method="bh"), rtol=1e-12, atol=1e-15
    )


def test_exact_ffh_equals_fisher_for_two_categories():
    for a, b in [([3, 7], [9, 1]), ([27, 19], [42, 15]), ([0, 5], [5, 0]), ([10, 10], [10, 10])]:
        res = distribution_test(a, b)
        assert res["p_ffh"] == pytest.approx(stats.fisher_exact([a, b]).pvalue, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    a=st.lists(st.integers(0, 2), min_size=3, max_size=3).filter(lambda c: sum(c) >= 2),
    b=st.lists(st.integers(0, 2), min_size=3, max_size=3).filter(lambda c: sum(c) >= 2),
)
def test_exact_permutation_p_matches_scipy_permutation_test(a, b):
    res = distribution_test(a, b, method="exact")
    xa = np.repeat(np.arange(3), a)
    xb = np.repeat(np.arange(3), b)

    def chi2(x, y):  # textbook Pearson chi-square: sum (O - E)^2 / E over non-empty columns
        table = np.array([np.bincount(x, minlength=3), np.bincount(y, minlength=3)], float)
        table = table[:, table.sum(axis=0) > 0]
        expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
        return ((table - expected) ** 2 / expected).sum()

    # every split of the pooled answers into samples of the observed sizes (exact)
    perm = stats.permutation_test(
        (xa, xb), chi2, permutation_type="independent", n_resamples=np.inf, alternative="greater"
    )
    assert res["p_value"] == pytest.approx(perm.pvalue, abs=1e-9)
    assert res["statistic"] == pytest.approx(chi2(xa, xb), abs=1e-9)
    assert 0 < res["p_ffh"] <= 1


@pytest.mark.parametrize(
    ("a", "b"),
    [([27, 13, 1, 5], [42, 8, 0, 7]), ([3, 0, 2], [1, 4, 0]), ([0, 6, 1, 0], [2, 0, 3, 0])],
)
def test_reference_set_size_matches_enumeration(a, b):
    # n_tables: every split of the category totals that gives sample a its size
    totals = [x + y for x, y in zip(a, b, strict=True) if x + y > 0]
    count = sum(1 for x in itertools.product(*(range(c + 1) for c in totals)) if sum(x) == sum(a))
    res = distribution_test(a, b, method="exact")
    assert res["n_tables"] == count
    assert res["categories_used"] == len(totals)


def test_monte_carlo_agrees_with_exact_and_is_seeded():
    a, b = [14, 16, 7, 9], [31, 15, 0, 11]  # Table 4, Trust, Probation
    exact = distribution_test(a, b, method="exact")
    mc = distribution_test(a, b, method="monte_carlo", n_resamples=20_000, seed=7)
    assert mc["method"] == "monte_carlo" and mc["n_resamples"] == 20_000 and mc["seed"] == 7
    assert mc["p_value"] == pytest.approx(exact["p_value"], abs=0.003)
    assert mc["p_ffh"] == pytest.approx(exact["p_ffh"], abs=0.003)
    assert mc == distribution_test(a, b, method="monte_carlo", n_resamples=20_000, seed=7)
    assert mc["statistic"] == pytest.approx(exact["statistic"])
    # auto falls back to Monte Carlo when the reference set is too large to enumerate
    auto = distribution_test(a, b, max_tables=10, n_resamples=1000)
    assert auto["method"] == "monte_carlo" and "seed" in auto["test"]


def test_ffh_close_to_scipy_monte_carlo():
    a, b = [15, 24, 2, 5], [39, 12, 0, 6]
    exact = distribution_test(a, b)
    try:
        method = stats.MonteCarloMethod(n_resamples=20_000, rng=np.random.default_rng(1))
        res = stats.fisher_exact(np.array([a, b]), method=method)
    except (TypeError, ValueError):  # pragma: no cover - scipy < 1.15
        pytest.skip("scipy without r x c Fisher exact")
    assert exact["p_ffh"] == pytest.approx(res.pvalue, abs=0.002)


def test_degenerate_and_bad_inputs():
    res = distribution_test([5, 0], [7, 0])
    assert res["method"] == "none" and res["p_value"] == 1.0
    with pytest.raises(ValueError, match="categories"):
        distribution_test([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="no observations"):
        distribution_test([0, 0], [1, 2])
    with pytest.raises(ValueError, match="whole"):
        distribution_test([1.5, 2], [1, 2])
    with pytest.raises(ValueError, match="method"):
        distribution_test([1, 2], [1, 2], method="bogus")


def test_fisher_2x2_and_cohens_h_match_category_tests():
    a, b = [27, 13, 1, 5], [42, 8, 0, 7]
    out = category_tests(a, b)
    for j, row in enumerate(out.itertuples()):
        assert row.p_value == fisher_2x2(a[j], 46, b[j], 57)
        assert row.cohens_h == cohens_h(a[j] / 46, b[j] / 57)
    assert out["category"].tolist() == ["0", "1", "2", "3"]
    with pytest.raises(ValueError, match="labels"):
        category_tests(a, b, labels=["x"])


def test_the_module_knows_no_survey():
    import ast
    from pathlib import Path

    import lscb_survey.stats.permutation as permutation
    import lscb_survey.stats.tests as module

    def relative_imports(mod: object) -> list[str]:
        tree = ast.parse(Path(mod.__file__).read_text(encoding="utf-8"))
        return [
            node.module or ""
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level > 0
        ]

    assert relative_imports(module) == ["permutation"]
    assert relative_imports(permutation) == ["reconstruct"]


def _tails_by_enumeration(x_obs, totals, n1, n2):
    """Both tails summed table by table, the plain way (the reference of exact_p)."""
    from fractions import Fraction

    from lscb_survey.stats.permutation import Margins, tables

    m = Margins(list(x_obs), list(totals), n1, n2)
    key_obs, w_obs = m.key(m.x_obs), m.weight(m.x_obs)
    chi = sum(m.weight(x) for x in tables(m.totals, n1) if m.key(x) >= key_obs)
    ffh = sum(m.weight(x) for x in tables(m.totals, n1) if m.weight(x) <= w_obs)
    denominator = math.comb(n1 + n2, n1)
    return float(Fraction(chi, denominator)), float(Fraction(ffh, denominator))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=5))
def test_exact_p_equals_the_sum_over_every_table(pairs):
    from lscb_survey.stats.permutation import Margins, exact_p

    pairs = [(a, b) for a, b in pairs if a + b > 0]
    n1, n2 = sum(a for a, _ in pairs), sum(b for _, b in pairs)
    if not pairs or n1 == 0 or n2 == 0:
        return
    x_obs, totals = [a for a, _ in pairs], [a + b for a, b in pairs]
    m = Margins(x_obs, totals, n1, n2)
    assert exact_p(m, m.key(x_obs)) == _tails_by_enumeration(x_obs, totals, n1, n2)


def test_fisher_p_value_is_computed_once_per_table(monkeypatch):
    from scipy import stats

    from lscb_survey.stats.tests import two_by_two_test

    real, calls = stats.fisher_exact, []

    def counted(table, **kwargs):
        calls.append(table)
        return real(table, **kwargs)

    monkeypatch.setattr(stats, "fisher_exact", counted)
    first = two_by_two_test(37, 91, 12, 88)
    assert two_by_two_test(37, 91, 12, 88) == first
    assert calls == [[[12, 76], [37, 54]]]
    assert first[0] == real([[12, 76], [37, 54]], alternative="two-sided").pvalue
    two_by_two_test(36, 91, 12, 88)  # another table is computed
    assert len(calls) == 2
