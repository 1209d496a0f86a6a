"""Counts beyond what exact tests handle: a documented asymptotic fallback, in bounded time.

The limits are made small here so that the fallbacks are exercised on small
tables and compared with reference implementations; huge counts are then
checked to take the asymptotic route at once under the default limits.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import lscb_survey as ls
from lscb_survey.errors import CellFormatError, SurveyDataError
from lscb_survey.stats.counts import MAX_COUNT, check_count_range
from lscb_survey.stats.tests import (
    MAX_FISHER_N,
    category_tests,
    distribution_test,
    fisher_2x2,
    two_by_two_test,
)


def _pearson_2x2(x: int, n1: int, y: int, n2: int) -> float:
    table = np.array([[y, n2 - y], [x, n1 - x]])
    return float(stats.chi2_contingency(table, correction=False).pvalue)


@pytest.mark.parametrize(
    ("x", "n1", "y", "n2"), [(14, 46, 2, 57), (30, 60, 10, 90), (5, 80, 5, 80)]
)
def test_two_by_two_switches_to_chi_square_above_the_limit(x, n1, y, n2):
    p, method = two_by_two_test(x, n1, y, n2, max_n=n1 + n2)
    assert method == "fisher_exact"
    assert p == pytest.approx(stats.fisher_exact([[y, n2 - y], [x, n1 - x]]).pvalue, rel=1e-12)
    p, method = two_by_two_test(x, n1, y, n2, max_n=n1 + n2 - 1)
    assert method == "chi_square"
    assert p == pytest.approx(_pearson_2x2(x, n1, y, n2), rel=1e-9)
    assert fisher_2x2(x, n1, y, n2, max_n=10) == p


def test_two_by_two_with_an_empty_margin():
    assert two_by_two_test(0, 10**12, 0, 10**12) == (1.0, "chi_square")
    assert two_by_two_test(10**12, 10**12, 10**12, 10**12) == (1.0, "chi_square")


@pytest.mark.parametrize("scale", [10**8, 10**15, 10**30])
def test_huge_2x2_tables_get_the_asymptotic_test(scale):
    p, method = two_by_two_test(14 * scale, 46 * scale, 2 * scale, 57 * scale)
    assert method == "chi_square" and p == 0.0
    # the same proportions: no difference at all
    assert two_by_two_test(scale, 2 * scale, scale, 2 * scale) == (1.0, "chi_square")
    assert 46 * scale + 57 * scale > MAX_FISHER_N


@pytest.mark.parametrize("bad", [(-1, 5, 1, 5), (6, 5, 1, 5), (1.5, 5, 1, 5), (True, 5, 1, 5)])
def test_two_by_two_rejects_impossible_counts(bad):
    with pytest.raises(ValueError):
        two_by_two_test(*bad)


def test_category_tests_report_the_method():
    a, b = [27, 13, 1, 5], [42, 8, 0, 7]
    exact = category_tests(a, b)
    assert set(exact["method"]) == {"fisher_exact"}
    approx = category_tests(a, b, max_n=50)
    assert set(approx["method"]) == {"chi_square"}
    n1, n2 = sum(a), sum(b)
    for row, x, y in zip(approx.itertuples(), a, b, strict=True):
        assert row.p_value == pytest.approx(_pearson_2x2(x, n1, y, n2), rel=1e-9)
    # odds ratios agree with scipy's, including 0, inf and nan
    for row, x, y in zip(exact.itertuples(), a, b, strict=True):
        ref = stats.fisher_exact([[y, n2 - y], [x, n1 - x]]).statistic
        assert (math.isnan(ref) and math.isnan(row.odds_ratio)) or row.odds_ratio == pytest.approx(
            ref
        )


def test_distribution_test_methods_follow_the_limits():
    a, b = [27, 13, 1, 5], [42, 8, 0, 7]  # 103 observations
    assert distribution_test(a, b)["method"] == "exact"
    mc = distribution_test(a, b, max_exact_n=100, n_resamples=500)
    assert mc["method"] == "monte_carlo"
    asym = distribution_test(a, b, max_exact_n=100, max_permutation_n=102)
    assert asym["method"] == "asymptotic"
    assert asym["p_value"] == asym["p_asymptotic"]
    assert math.isnan(asym["p_ffh"])
    ref = stats.chi2_contingency(np.array([a, b])[:, [0, 1, 2, 3]], correction=False)
    assert asym["p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
    assert asym["statistic"] == pytest.approx(ref.statistic, rel=1e-12)
    assert distribution_test(a, b, method="asymptotic")["p_value"] == asym["p_value"]


def test_explicit_methods_beyond_their_limits_are_clear_errors():
    a, b = [27, 13, 1, 5], [42, 8, 0, 7]
    with pytest.raises(ValueError, match="max_exact_n=100"):
        distribution_test(a, b, method="exact", max_exact_n=100)
    with pytest.raises(ValueError, match="max_permutation_n=100"):
        distribution_test(a, b, method="monte_carlo", max_permutation_n=100)
    with pytest.raises(ValueError, match="max_permutation_n must be at most"):
        distribution_test(a, b, max_permutation_n=10**10)
    with pytest.raises(ValueError, match="max_exact_n"):
        distribution_test(a, b, max_exact_n=-1)


@pytest.mark.parametrize("scale", [10**8, 10**15, 10**30])
def test_huge_distributions_get_the_asymptotic_test(scale):
    a = [27 * scale, 13 * scale, 1, 5 * scale]
    b = [42 * scale, 8 * scale, 0, 7 * scale]
    res = distribution_test(a, b)
    assert res["method"] == "asymptotic"
    assert res["p_value"] == res["p_asymptotic"] == 0.0
    assert res["df"] == 3 and res["statistic"] > 1e6


def test_huge_counts_as_floats_are_not_an_overflow():
    with pytest.raises(ValueError, match="whole non-negative"):
        distribution_test([float("inf"), 1], [1, 1])
    assert distribution_test([1e30, 1e30], [1e30, 1e30])["method"] == "asymptotic"


def test_compare_waves_with_huge_counts():
    t = ls.load_table(9)
    big = t.assign(count=t["count"] * 10**12, n=t["n"] * 10**12)
    out = ls.compare_waves(t, big)
    both = out[out["status"] == "both"]
    # the proportions are the same, so no test finds a difference
    assert (both["p_value"].dropna() > 0.5).all()
    assert both["p_value"].notna().any()


def test_count_range():
    check_count_range([0, MAX_COUNT], column="count")
    with pytest.raises(CellFormatError, match="too large") as info:
        check_count_range([1, MAX_COUNT + 1, 10**5000], column="count", labels=["a", "b", "c"])
    err = info.value
    assert err.column == "count" and err.value == MAX_COUNT + 1
    assert len(str(err)) < 500 and "row c: a number of about 5000 digits" in str(err)
    with pytest.raises(ValueError, match="labels"):
        check_count_range([1], column="count", labels=[])


@pytest.mark.parametrize("huge", [10**30, 1e30, 2**63])
def test_suppress_rejects_counts_beyond_64_bits(huge):
    t = ls.load_table(9)
    item = t["item_id"] == "t9_sanctions"
    frame = t.astype({"count": object, "n": object})
    agree = item & (frame["response"] == "Agree")
    frame.loc[agree, "count"] = huge
    frame.loc[item, "n"] = int(huge) + 57 - int(t.loc[agree, "count"].iloc[0])
    with pytest.raises(SurveyDataError, match="count too large") as info:
        ls.suppress(frame)
    assert info.value.column == "count"
    assert isinstance(pd.DataFrame, type)
