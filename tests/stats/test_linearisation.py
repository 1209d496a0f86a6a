"""Linearised domain estimates, calibration residuals, intervals and the Rao-Scott test
(agreement with R on whole waves is in tests/analysis/test_estimates_r.py)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from lscb_survey.stats.calibration import (
    Calibration,
    CalibrationError,
    poststratify_weights,
    rake_weights,
)
from lscb_survey.stats.design_intervals import beta_interval, logit_interval
from lscb_survey.stats.linearisation import Design, domain_estimates
from lscb_survey.stats.rao_scott import rao_scott_test

RNG = np.random.default_rng(3)
N = 300
A = RNG.integers(0, 3, N)
B = RNG.integers(0, 4, N)
Y = RNG.integers(0, 5, N)
W = RNG.uniform(0.5, 3.0, N)


def test_unweighted_share_has_the_textbook_variance():
    est = domain_estimates(Design(np.full(N, 2.0), population=2 * N), Y, np.eye(5),
                           np.zeros(N, dtype=int), 1)  # fmt: skip
    p = np.bincount(Y, minlength=5) / N
    np.testing.assert_allclose(est.estimate[0], p)
    np.testing.assert_allclose(est.variance[0], 0.5 * p * (1 - p) / (N - 1))
    np.testing.assert_allclose(est.deff[0], 1.0)


def test_calibrated_margins_have_no_variance():
    raked, _ = rake_weights(W, [A, B], [[100, 120, 80], [70, 80, 90, 60]])
    design = Design(raked, population=400, calibration=Calibration("rake", (A, B), W))
    est = domain_estimates(design, A, np.eye(3), np.zeros(N, dtype=int), 1)
    np.testing.assert_allclose(est.estimate[0], [100 / 300, 120 / 300, 80 / 300])
    assert np.abs(est.variance).max() < 1e-20
    ps = poststratify_weights(W, B, [70, 80, 90, 60])
    design = Design(ps, calibration=Calibration("poststratify", (B,), W))
    est = domain_estimates(design, B, np.eye(4), np.zeros(N, dtype=int), 1)
    assert np.abs(est.variance).max() < 1e-20
    # a variable unrelated to the margins keeps most of its variance
    other = domain_estimates(design, Y, np.eye(5), np.zeros(N, dtype=int), 1)
    assert (other.variance > 0).all()


def test_impossible_margins_are_named():
    with pytest.raises(CalibrationError) as err:
        rake_weights(W, [A], [[10, 0, 5]])
    assert (err.value.margin, err.value.level) == (0, 1)
    with pytest.raises(CalibrationError, match="did not converge"):
        rake_weights(W, [A, B], [[10, 10, 10], [50, 50, 50, 50]], max_iter=5)


def test_logit_and_beta_intervals():
    low, high = logit_interval([0.2], [0.05], [30], 0.9)
    t = stats.t.ppf(0.95, 30)
    centre, half = np.log(0.25), t * 0.05 / 0.16
    assert low[0] == pytest.approx(1 / (1 + np.exp(-(centre - half))))
    assert high[0] == pytest.approx(1 / (1 + np.exp(-(centre + half))))
    # with the binomial variance, Korn-Graubard is Clopper-Pearson
    n, k = 40, 10
    low, high = beta_interval([k / n], [0.25 * 0.75 / n], [n - 1], [n])
    assert low[0] == pytest.approx(stats.beta.ppf(0.025, k, n - k + 1))
    assert high[0] == pytest.approx(stats.beta.ppf(0.975, k + 1, n - k))
    assert np.isnan(logit_interval([0.0], [0.0], [10])[0][0])


def test_rao_scott_of_a_simple_random_sample_is_pearson_over_its_df():
    design = Design(np.ones(N))
    res = rao_scott_test(design, A, B)
    table = np.zeros((3, 4))
    np.add.at(table, (A, B), 1)
    chi2 = stats.chi2_contingency(table, correction=False)[0]
    assert res.pearson == pytest.approx(chi2)
    assert res.df_num == pytest.approx(6, rel=0.2) and res.df_den == pytest.approx(
        res.df_num * (N - 1)
    )
    assert 0 < res.p_value < 1
    left_out = rao_scott_test(design, np.where(A == 0, -1, A), B)
    assert left_out.rows == 2
