"""The populations a printed response rate implies, against brute force."""

from __future__ import annotations

import pandas as pd
from checks.synthetic import FAST, RULE_NAMES, returns
from hypothesis import given
from hypothesis import strategies as st

from lscb_survey.checks.populations import population_ranges
from lscb_survey.stats.rounding import percent_of


def brute_populations(k, rate, rule="either", top=2000):
    from lscb_survey.stats.rounding import is_consistent

    return [p for p in range(max(k, 1), top) if is_consistent(rate, k, p, rule)]


@FAST
@given(st.integers(0, 20), st.integers(1, 300), st.sampled_from(["either", *RULE_NAMES]))
def test_population_ranges_match_brute_force(k, extra, rule):
    population = k + extra
    rate = percent_of(k, population, "half_up" if rule == "either" else rule)
    frame = returns(
        ["A", "B"], [k, 5], [population, 50], rule="half_up" if rule == "either" else rule
    )
    got = population_ranges(frame, rounding=rule).iloc[0]
    top = 200 * k + 500
    expected = brute_populations(k, rate, rule, top=top)
    assert population in expected
    assert int(got["population_min"]) == expected[0]
    if expected[-1] == top - 1:  # every larger population prints the same rate
        assert pd.isna(got["population_max"])
    else:
        assert int(got["population_max"]) == expected[-1]
