"""Tests of exact percentage rounding (lscb_survey.stats.rounding)."""

from __future__ import annotations

import itertools
import math
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.stats.rounding import (
    ROUNDING_RULES,
    count_interval,
    is_consistent,
    percent_of,
    percent_sum_range,
    possible_sum_range,
)

DETERMINISTIC = ("half_up", "half_down", "half_even", "floor", "ceil")
FAST = settings(max_examples=200, deadline=None, database=None)


def reference_round(count: int, n: int, rule: str) -> int:
    """Rounding written from the definitions, on Fractions."""
    x = Fraction(100 * count, n)
    whole = math.floor(x)
    frac = x - whole
    if rule == "floor":
        return whole
    if rule == "ceil":
        return math.ceil(x)
    if frac > Fraction(1, 2):
        return whole + 1
    if frac < Fraction(1, 2):
        return whole
    return {"half_up": whole + 1, "half_down": whole, "half_even": whole + whole % 2}[rule]


def reference_options(count: int, n: int, rule: str) -> set[int]:
    """The printed values a rule allows for a count ("either" allows two at a tie)."""
    if rule == "either":
        return {reference_round(count, n, "half_up"), reference_round(count, n, "half_down")}
    return {reference_round(count, n, rule)}


def compositions(n: int, k: int):
    """Every tuple of k non-negative integers summing to n."""
    if k == 1:
        yield (n,)
        return
    for first in range(n + 1):
        for rest in compositions(n - first, k - 1):
            yield (first, *rest)


@st.composite
def count_vectors(draw, max_n: int = 300, max_k: int = 7):
    n = draw(st.integers(1, max_n))
    k = draw(st.integers(1, max_k))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    return n, [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]


# ---------------------------------------------------------------------------
# hand-checked values
# ---------------------------------------------------------------------------


def test_rule_names():
    assert ROUNDING_RULES == ("half_up", "half_down", "half_even", "floor", "ceil", "either")


@pytest.mark.parametrize(
    ("count", "n", "rule", "expected"),
    [
        (43, 57, "half_up", 75),  # 75.438...
        (43, 57, "floor", 75),
        (43, 57, "ceil", 76),
        (2, 46, "half_up", 4),  # 4.347...
        (2, 46, "ceil", 5),
        (27, 46, "half_up", 59),  # 58.695...
        (1, 8, "half_up", 13),  # 12.5 exactly
        (1, 8, "half_down", 12),
        (1, 8, "half_even", 12),
        (1, 8, "floor", 12),
        (1, 8, "ceil", 13),
        (3, 8, "half_even", 38),  # 37.5 -> even neighbour 38
        (3, 8, "half_down", 37),
        (1, 200, "half_up", 1),  # 0.5
        (1, 200, "half_even", 0),
        (1, 200, "half_down", 0),
        (1, 3, "half_up", 33),
        (2, 3, "half_up", 67),
        (0, 57, "ceil", 0),
        (57, 57, "floor", 100),
        (57, 57, "half_down", 100),
    ],
)
def test_percent_of_hand_checked(count, n, rule, expected):
    assert percent_of(count, n, rule) == expected


def test_percent_of_accepts_numpy_integers():
    assert percent_of(np.int64(43), np.int32(57)) == 75


def test_count_interval_hand_checked():
    assert count_interval(75, 57) == (43, 43)
    assert count_interval(76, 57) is None  # between 43/57 = 75.4% and 44/57 = 77.2%
    assert count_interval(4, 46) == (2, 2)
    assert count_interval(0, 1000) == (0, 4)  # 5/1000 = 0.5% rounds up
    assert count_interval(0, 1000, "half_down") == (0, 5)
    assert count_interval(100, 1000) == (995, 1000)
    assert count_interval(13, 8) == (1, 1)
    assert count_interval(13, 8, "half_down") is None
    assert count_interval(12, 8, "half_even") == (1, 1)
    assert count_interval(13, 8, "either") == (1, 1)
    assert count_interval(12, 8, "either") == (1, 1)
    assert count_interval(-1, 10) is None
    assert count_interval(101, 10) is None


def test_is_consistent_default_accepts_either_tie():
    assert is_consistent(13, 1, 8) and is_consistent(12, 1, 8)
    assert not is_consistent(12, 1, 8, "half_up")
    assert not is_consistent(11, 1, 8)


def test_percent_sum_range_hand_checked():
    assert percent_sum_range([1, 1, 1], 3) == (99, 99)
    assert percent_sum_range([1, 1, 6], 8) == (101, 101)
    assert percent_sum_range([1, 1, 6], 8, "half_even") == (99, 99)
    assert percent_sum_range([1, 1, 6], 8, "either") == (99, 101)
    assert percent_sum_range([], 8) == (0, 0)


def test_possible_sum_range_hand_checked():
    assert possible_sum_range(3, 3) == (99, 100)
    assert possible_sum_range(8, 4) == (100, 102)
    assert possible_sum_range(100, 7) == (100, 100)  # every percentage exact
    assert possible_sum_range(57, 1) == (100, 100)
    assert possible_sum_range(46, 4, "floor")[1] == 100  # truncation never adds


# ---------------------------------------------------------------------------
# argument errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: percent_of(1, 8, "either"), ValueError),
        (lambda: percent_of(1, 8, "bankers"), ValueError),
        (lambda: percent_of(1, 8, None), TypeError),
        (lambda: percent_of(1, 0), ValueError),
        (lambda: percent_of(9, 8), ValueError),
        (lambda: percent_of(-1, 8), ValueError),
        (lambda: percent_of(1.0, 8), TypeError),
        (lambda: percent_of(True, 8), TypeError),
        (lambda: count_interval(12.5, 8), TypeError),
        (lambda: count_interval(12, -3), ValueError),
        (lambda: is_consistent(12, 9, 8), ValueError),
        (lambda: percent_sum_range([1, 9], 8), ValueError),
        (lambda: possible_sum_range(8, 0), ValueError),
        (lambda: possible_sum_range(0, 3), ValueError),
    ],
)
def test_bad_arguments(call, error):
    with pytest.raises(error):
        call()


def test_error_names_the_rules():
    with pytest.raises(ValueError, match="half_up"):
        percent_of(1, 8, "round")


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


def test_percent_of_matches_reference_exhaustively_for_small_bases():
    for n in range(1, 81):
        for count in range(n + 1):
            for rule in DETERMINISTIC:
                assert percent_of(count, n, rule) == reference_round(count, n, rule)


@FAST
@given(
    n=st.integers(1, 10**6),
    data=st.data(),
    rule=st.sampled_from(DETERMINISTIC),
)
def test_percent_of_matches_reference(n, data, rule):
    count = data.draw(st.integers(0, n))
    assert percent_of(count, n, rule) == reference_round(count, n, rule)


@FAST
@given(
    printed=st.integers(-2, 102),
    n=st.integers(1, 300),
    rule=st.sampled_from(ROUNDING_RULES),
)
def test_count_interval_and_is_consistent_agree_with_scan(printed, n, rule):
    fits = [k for k in range(n + 1) if printed in reference_options(k, n, rule)]
    assert fits == [k for k in range(n + 1) if is_consistent(printed, k, n, rule)]
    interval = count_interval(printed, n, rule)
    if not fits:
        assert interval is None
    else:
        assert interval == (fits[0], fits[-1])
        assert fits == list(range(fits[0], fits[-1] + 1))


def test_count_interval_agrees_with_scan_exhaustively_for_small_bases():
    for n in range(1, 41):
        for rule in ROUNDING_RULES:
            by_value: dict[int, list[int]] = {}
            for k in range(n + 1):
                for value in reference_options(k, n, rule):
                    by_value.setdefault(value, []).append(k)
            for printed in range(-1, 102):
                fits = by_value.get(printed)
                expected = None if fits is None else (min(fits), max(fits))
                assert count_interval(printed, n, rule) == expected, (printed, n, rule)


@FAST
@given(vector=count_vectors(), rule=st.sampled_from(ROUNDING_RULES))
def test_percent_sum_range_contains_actual_sum(vector, rule):
    n, counts = vector
    low, high = percent_sum_range(counts, n, rule)
    if rule == "either":
        sums = {
            sum(choice)
            for choice in itertools.product(
                *(sorted(reference_options(c, n, rule)) for c in counts)
            )
        }
        assert (low, high) == (min(sums), max(sums))
        assert sum(reference_round(c, n, "half_up") for c in counts) <= high
        assert sum(reference_round(c, n, "half_down") for c in counts) >= low
    else:
        actual = sum(reference_round(c, n, rule) for c in counts)
        assert low == high == actual


@FAST
@given(vector=count_vectors(max_n=200, max_k=7), rule=st.sampled_from(ROUNDING_RULES))
def test_possible_sum_range_contains_every_column(vector, rule):
    n, counts = vector
    low, high = possible_sum_range(n, len(counts), rule)
    column_low, column_high = percent_sum_range(counts, n, rule)
    assert low <= column_low <= column_high <= high


@pytest.mark.parametrize("rule", ROUNDING_RULES)
def test_possible_sum_range_matches_brute_force(rule):
    for n in range(1, 15):
        for k in range(1, 5):
            sums = [percent_sum_range(c, n, rule) for c in compositions(n, k)]
            expected = (min(s[0] for s in sums), max(s[1] for s in sums))
            assert possible_sum_range(n, k, rule) == expected, (n, k)


@pytest.mark.parametrize("rule", ROUNDING_RULES)
def test_possible_sum_range_matches_brute_force_k7(rule):
    # k = 7 (binary 111) is the smallest k whose square-and-multiply combines two
    # partial results before the last step; k <= 4 never reaches that branch.
    for n in range(1, 8):
        sums = [percent_sum_range(c, n, rule) for c in compositions(n, 7)]
        expected = (min(s[0] for s in sums), max(s[1] for s in sums))
        assert possible_sum_range(n, 7, rule) == expected, n


def test_possible_sum_range_larger_cases_are_attained():
    # The ends must be reached by an actual column: check with a few known extremes.
    low, high = possible_sum_range(8, 4)
    assert percent_sum_range([1, 1, 1, 5], 8) == (high, high)
    assert low == 100
    for n, k in [(46, 5), (57, 6), (1000, 12)]:
        low, high = possible_sum_range(n, k)
        assert 100 - k / 2 <= low <= 100 <= high <= 100 + k / 2


def test_possible_sum_range_is_fast():
    start = time.perf_counter()
    possible_sum_range(997, 12, "half_even")
    assert time.perf_counter() - start < 1.0


def test_docstring_examples_run():
    # the Examples sections are part of the documentation: they must run and be right
    import doctest

    from lscb_survey.stats import rounding

    result = doctest.testmod(rounding, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
