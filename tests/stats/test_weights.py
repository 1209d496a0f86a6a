"""The Kish effective sample size of a set of weights."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.stats.weights import kish_n_eff


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([1, 1, 1, 1], 4.0),
        ([2.5] * 10, 10.0),
        ([1, 2, 3], 36 / 14),  # (1+2+3)^2 / (1+4+9)
        ([1, 0, 0], 1.0),
        ([1, 3], 16 / 10),
    ],
)
def test_kish_n_eff_of_known_weights(weights, expected):
    assert kish_n_eff(weights) == pytest.approx(expected, rel=1e-15)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0.01, 100, allow_nan=False), min_size=1, max_size=50),
    st.floats(0.1, 10),
)
def test_kish_n_eff_is_at_most_n_and_scale_free(weights, factor):
    n_eff = kish_n_eff(weights)
    assert 1 - 1e-9 <= n_eff <= len(weights) + 1e-9
    assert kish_n_eff([w * factor for w in weights]) == pytest.approx(n_eff, rel=1e-9)
    if max(weights) > min(weights) * (1 + 1e-6):
        assert n_eff < len(weights)


def test_kish_n_eff_refuses_bad_weights():
    for bad in ([1, -1], [1, float("nan")], [0, 0]):
        with pytest.raises(ValueError):
            kish_n_eff(bad)
