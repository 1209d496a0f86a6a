"""Wilson intervals and the survey-shift frame prepared for plotting."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from lscb_survey.analysis.shift_intervals import shift_intervals
from lscb_survey.errors import SurveyDataError
from lscb_survey.stats.intervals import (
    newcombe_interval,
    wilson_bounds,
    wilson_interval,
    wilson_intervals,
    z_critical,
)


def test_wilson_matches_statsmodels():
    for count, n in [(0, 46), (1, 46), (27, 46), (46, 46), (34, 57), (57, 57), (3, 8)]:
        low, high = proportion_confint(count, n, alpha=0.05, method="wilson")
        ours = wilson_interval(count, n)
        assert ours == pytest.approx((100 * low, 100 * high), abs=1e-9)


def test_wilson_level_widens_interval():
    narrow = wilson_interval(20, 57, level=0.8)
    wide = wilson_interval(20, 57, level=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_contains_estimate_and_stays_in_range(args):
    count, n = args
    low, high = wilson_interval(count, n)
    assert 0 <= low <= 100 * count / n <= high <= 100
    assert (low == 0) == (count == 0)
    assert (high == 100) == (count == n)


@pytest.mark.parametrize("count, n", [(-1, 10), (11, 10), (0, 0)])
def test_wilson_rejects_impossible_counts(count, n):
    with pytest.raises(ValueError):
        wilson_interval(count, n)


def test_wilson_intervals_keep_rows_without_counts():
    frame = pd.DataFrame(
        {"count": pd.array([27, pd.NA, 0], dtype="Int64"), "n": [46, 46, 57], "x": [1, 2, 3]}
    )
    out = wilson_intervals(frame)
    assert len(out) == 3 and list(out["x"]) == [1, 2, 3]
    assert out["ci_low"].isna().tolist() == [False, True, False]
    assert out.loc[2, "ci_low"] == 0
    assert "ci_low" not in frame.columns  # input not modified


def test_wilson_intervals_report_every_bad_row():
    frame = pd.DataFrame({"count": [5, 70, -1], "n": [46, 57, 57]})
    with pytest.raises(SurveyDataError) as err:
        wilson_intervals(frame)
    assert "row 1" in str(err.value) and "row 2" in str(err.value)


def test_wilson_intervals_need_columns():
    with pytest.raises(SurveyDataError, match="k"):
        wilson_intervals(pd.DataFrame({"count": [1]}), n="k")


@pytest.fixture(scope="module")
def shifts():
    from lscb_survey import survey_shifts

    return survey_shifts()


def test_shift_intervals_one_row_per_survey(shifts):
    good = shifts[shifts["rating"].astype(str) == "Good"]
    long = shift_intervals(shifts)
    assert len(long) == 2 * len(good)
    assert set(long["rating"].astype(str)) == {"Good"}
    # measures keep their printed order (Table 3 then Table 4)
    assert list(dict.fromkeys(long["measure"])) == list(dict.fromkeys(good["measure"]))
    assert long.attrs["caveat"] == shifts.attrs["caveat"]


def test_shift_intervals_values(shifts):
    long = shift_intervals(shifts).set_index(["measure", "agency", "survey"])
    # Table 3, Understanding of referral process, Health: 59% of 46 and 74% of 57
    lam = long.loc[("Understanding of referral process", "Health", "Laming")]
    mun = long.loc[("Understanding of referral process", "Health", "Munro")]
    assert int(lam["percent"]) == 59 and int(lam["n"]) == 46
    assert int(mun["percent"]) == 74 and int(mun["n"]) == 57
    for row in (lam, mun):
        if pd.notna(row["count"]):
            low, high = wilson_interval(int(row["count"]), int(row["n"]))
            assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))
            assert row["ci_low"] < row["percent"] < row["ci_high"]


def test_intervals_only_where_counts_are_unique(shifts):
    long = shift_intervals(shifts, rating=None)
    has_ci = long["ci_low"].notna()
    assert has_ci.equals(long["count"].notna())
    assert (long.loc[has_ci, "counts_status"] == "unique").all()
    # Children's social care was not rated in 2009-10 (Tables 3-4): no value, no interval
    csc = long[(long["agency"] == "Children's social care") & (long["survey"] == "Laming")]
    assert len(csc) > 0 and csc["percent"].isna().all() and csc["ci_low"].isna().all()
    assert not math.isnan(long.loc[has_ci, "ci_high"].max())


def test_shift_intervals_need_columns():
    with pytest.raises(SurveyDataError, match="pct_munro"):
        shift_intervals(
            pd.DataFrame(columns=["table", "measure", "agency", "rating", "pct_laming"])
        )


@settings(max_examples=200, deadline=None)
@given(
    n_a=st.integers(1, 300),
    n_b=st.integers(1, 300),
    fa=st.floats(0, 1),
    fb=st.floats(0, 1),
    ci=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_newcombe_interval_matches_statsmodels(n_a, n_b, fa, fb, ci):
    c_a, c_b = round(fa * n_a), round(fb * n_b)
    low, high = newcombe_interval(c_a / n_a, n_a, c_b / n_b, n_b, ci)
    ref = confint_proportions_2indep(
        c_b, n_b, c_a, n_a, method="newcomb", compare="diff", alpha=1 - ci
    )
    assert low == pytest.approx(float(ref[0]), abs=1e-10)
    assert high == pytest.approx(float(ref[1]), abs=1e-10)
    assert low <= c_b / n_b - c_a / n_a <= high


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 500), f=st.floats(0, 1), ci=st.sampled_from([0.9, 0.95, 0.99]))
def test_wilson_bounds_match_statsmodels(n, f, ci):
    k = round(f * n)
    low, high = wilson_bounds(k / n, n, ci)
    ref = proportion_confint(k, n, alpha=1 - ci, method="wilson")
    assert low == pytest.approx(float(ref[0]), abs=1e-10)
    assert high == pytest.approx(float(ref[1]), abs=1e-10)


def test_interval_edge_cases():
    assert wilson_bounds(0.0, 10)[0] == 0.0 and wilson_bounds(1.0, 10)[1] == 1.0
    assert all(math.isnan(x) for x in wilson_bounds(0.5, 0))
    assert all(math.isnan(x) for x in newcombe_interval(0.5, 0, 0.5, 10))
    with pytest.raises(ValueError, match="between 0 and 1"):
        wilson_bounds(0.5, 10, 1.0)


def test_z_critical_is_the_one_normal_quantile():
    from scipy import stats

    for level in (0.8, 0.9, 0.95, 0.99):
        assert z_critical(level) == pytest.approx(float(stats.norm.ppf(0.5 + level / 2)))
    with pytest.raises(ValueError, match="level must lie strictly between 0 and 1"):
        z_critical(1.0)
    with pytest.raises(ValueError, match="ci must"):
        z_critical(95, name="ci")
