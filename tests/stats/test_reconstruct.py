"""Tests of count reconstruction from printed percentages (lscb_survey.stats.reconstruct)."""

from __future__ import annotations

import dataclasses
import itertools
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.stats.reconstruct import Reconstruction, implied_bases, reconstruct_counts
from lscb_survey.stats.rounding import ROUNDING_RULES, is_consistent, percent_of

DETERMINISTIC = ("half_up", "half_down", "half_even", "floor", "ceil")
FAST = settings(max_examples=200, deadline=None, database=None)


@st.composite
def count_vectors(draw, max_n: int = 300, max_k: int = 7):
    n = draw(st.integers(1, max_n))
    k = draw(st.integers(1, max_k))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    return n, tuple(b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True))


def printed_column(counts, n, rule):
    """A printed column for counts; for "either", ties go up."""
    return [percent_of(c, n, "half_up" if rule == "either" else rule) for c in counts]


def brute_force(percents, n, rule):
    """Every count vector, by scanning the whole product (small n only)."""
    choices = [[k for k in range(n + 1) if is_consistent(p, k, n, rule)] for p in percents]
    return sorted(v for v in itertools.product(*choices) if sum(v) == n)


# ---------------------------------------------------------------------------
# hand-checked columns
# ---------------------------------------------------------------------------


def test_report_column_n46():
    r = reconstruct_counts([59, 28, 2, 11], n=46)
    assert isinstance(r, Reconstruction)
    assert r.status == "unique"
    assert r.counts == (27, 13, 1, 5)
    assert r.solutions == ((27, 13, 1, 5),)
    assert r.intervals == ((27, 27), (13, 13), (1, 1), (5, 5))
    assert r.impossible_positions == ()
    assert r.percents == (59, 28, 2, 11)
    assert r.n == 46
    assert r.rounding == "half_up"
    assert r.n_solutions == 1


def test_report_column_n57():
    counts = (43, 10, 4)  # 75.4%, 17.5%, 7.0%
    percents = [percent_of(c, 57) for c in counts]
    assert percents == [75, 18, 7]
    assert reconstruct_counts(percents, 57).counts == counts


def test_ties_depend_on_rule():
    assert reconstruct_counts([13, 88], 8).counts == (1, 7)
    assert reconstruct_counts([12, 88], 8, "half_even").counts == (1, 7)
    assert reconstruct_counts([12, 87], 8, "half_down").counts == (1, 7)  # 87.5 -> 87
    assert reconstruct_counts([12, 88], 8, "floor").status == "infeasible"  # 87.5 -> 87
    assert reconstruct_counts([12, 87], 8, "floor").counts == (1, 7)
    half_even = reconstruct_counts([13, 88], 8, "half_even")
    assert half_even.status == "infeasible"
    assert half_even.impossible_positions == (0,)
    for printed in ([12, 88], [13, 88], [13, 87], [12, 87]):
        assert reconstruct_counts(printed, 8, "either").counts == (1, 7)


def test_ambiguous_column():
    r = reconstruct_counts([37, 10, 53], n=150)
    assert r.status == "ambiguous"
    assert r.solutions == ((55, 15, 80), (56, 15, 79))
    assert r.counts is None


def test_solutions_are_sorted_and_valid():
    r = reconstruct_counts([33, 33, 33, 1], n=700)
    assert r.status == "ambiguous"
    assert list(r.solutions) == sorted(r.solutions)
    assert len(set(r.solutions)) == len(r.solutions)
    for solution in r.solutions:
        assert sum(solution) == 700
        assert [percent_of(c, 700) for c in solution] == [33, 33, 33, 1]


def test_single_category():
    assert reconstruct_counts([100], 57).counts == (57,)
    assert reconstruct_counts([99], 57).status == "infeasible"
    assert reconstruct_counts([99], 57).impossible_positions == (0,)


def test_impossible_percentage_found_by_brute_force():
    n = 3  # 0%, 33%, 67%, 100%: 50% is impossible
    printable = {percent_of(k, n) for k in range(n + 1)}
    assert 50 not in printable
    r = reconstruct_counts([50, 50], n)
    assert r.status == "infeasible"
    assert r.solutions == ()
    assert r.impossible_positions == (0, 1)
    assert r.intervals == (None, None)

    # the first base with a gap that a two-category column hits in one place only
    n, gap = next(
        (n, p)
        for n in range(2, 100)
        for p in range(101)
        if p not in {percent_of(k, n) for k in range(n + 1)}
        and 100 - p in {percent_of(k, n) for k in range(n + 1)}
    )
    r = reconstruct_counts([gap, 100 - gap], n)
    assert r.status == "infeasible"
    assert r.impossible_positions == (0,)
    assert r.intervals[0] is None and r.intervals[1] is not None
    assert brute_force([gap, 100 - gap], n, "half_up") == []


def test_infeasible_total_with_every_percentage_possible():
    # 1/40 = 2.5% -> 3%, 19/40 = 47.5% -> 48%, but 1 + 19 + 19 = 39
    r = reconstruct_counts([3, 48, 48], n=40)
    assert r.status == "infeasible"
    assert r.impossible_positions == ()
    assert r.intervals == ((1, 1), (19, 19), (19, 19))
    assert brute_force([3, 48, 48], 40, "half_up") == []


# ---------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, np.float64("nan")])
def test_missing_percentage_is_refused(missing):
    with pytest.raises(ValueError, match=r"percents\[2\]"):
        reconstruct_counts([59, 28, missing, 11], 46)


def test_other_bad_percents():
    with pytest.raises(ValueError, match=r"percents\[1\].*whole number"):
        reconstruct_counts([59, 28.5, 2, 11], 46)
    with pytest.raises(TypeError, match=r"percents\[1\]"):
        reconstruct_counts([59, "28", 2, 11], 46)
    with pytest.raises(TypeError, match=r"percents\[0\]"):
        reconstruct_counts([True, 28], 46)
    with pytest.raises(TypeError):
        reconstruct_counts("59", 46)
    with pytest.raises(TypeError):
        reconstruct_counts(59, 46)
    with pytest.raises(ValueError, match="empty"):
        reconstruct_counts([], 46)


def test_bad_base_and_rule():
    with pytest.raises(ValueError):
        reconstruct_counts([100], 0)
    with pytest.raises(TypeError):
        reconstruct_counts([100], 46.0)
    with pytest.raises(ValueError, match="unknown rounding rule"):
        reconstruct_counts([100], 46, "nearest")


def test_array_like_percents():
    expected = (27, 13, 1, 5)
    assert reconstruct_counts(pd.Series([59, 28, 2, 11]), 46).counts == expected
    assert reconstruct_counts(pd.Series([59.0, 28.0, 2.0, 11.0]), 46).counts == expected
    assert reconstruct_counts(pd.array([59, 28, 2, 11], dtype="Int64"), 46).counts == expected
    assert reconstruct_counts(np.array([59, 28, 2, 11]), np.int64(46)).counts == expected
    assert reconstruct_counts((59, 28, 2, 11), 46).percents == (59, 28, 2, 11)
    with pytest.raises(ValueError, match=r"percents\[3\]"):
        reconstruct_counts(pd.array([59, 28, 2, None], dtype="Int64"), 46)


def test_max_solutions():
    r = reconstruct_counts([37, 10, 53], n=150, max_solutions=2)
    assert r.n_solutions == 2
    with pytest.raises(ValueError, match="max_solutions=1"):
        reconstruct_counts([37, 10, 53], n=150, max_solutions=1)
    with pytest.raises(ValueError, match="solutions"):
        reconstruct_counts([17, 17, 17, 17, 16, 16], n=1000, max_solutions=1000)
    assert reconstruct_counts([50, 50], 3, max_solutions=0).status == "infeasible"
    with pytest.raises(ValueError):
        reconstruct_counts([50, 50], 4, max_solutions=-1)


def test_result_is_frozen():
    r = reconstruct_counts([59, 28, 2, 11], n=46)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.status = "ambiguous"


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------


@FAST
@given(vector=count_vectors(), rule=st.sampled_from(ROUNDING_RULES))
def test_reconstruction_contains_the_original(vector, rule):
    n, counts = vector
    percents = printed_column(counts, n, rule)
    r = reconstruct_counts(percents, n, rule)
    assert counts in r.solutions
    assert r.status in ("unique", "ambiguous")
    assert r.impossible_positions == ()
    assert (r.status == "unique") == (len(r.solutions) == 1)
    assert (r.counts == counts) == (r.status == "unique")
    assert list(r.solutions) == sorted(set(r.solutions))
    for solution in r.solutions:
        assert sum(solution) == n
        assert all(is_consistent(p, c, n, rule) for p, c in zip(percents, solution, strict=True))
        for c, interval in zip(solution, r.intervals, strict=True):
            assert interval[0] <= c <= interval[1]
    assert n in implied_bases(percents, n_range=[n], rounding=rule)


@FAST
@given(
    n=st.integers(1, 40),
    percents=st.lists(st.integers(0, 100), min_size=1, max_size=4),
    rule=st.sampled_from(ROUNDING_RULES),
)
def test_matches_brute_force_on_arbitrary_columns(n, percents, rule):
    r = reconstruct_counts(percents, n, rule)
    expected = brute_force(percents, n, rule)
    assert list(r.solutions) == expected
    assert (r.status == "infeasible") == (not expected)
    assert (r.status == "unique") == (len(expected) == 1)
    impossible = tuple(
        i
        for i, p in enumerate(percents)
        if not any(is_consistent(p, k, n, rule) for k in range(n + 1))
    )
    assert r.impossible_positions == impossible
    feasible = bool(expected)
    assert (implied_bases(percents, n_range=[n], rounding=rule) == [n]) == feasible


# ---------------------------------------------------------------------------
# implied bases
# ---------------------------------------------------------------------------


def test_implied_bases_hand_checked():
    assert implied_bases([59, 28, 2, 11], n_range=range(40, 60)) == [46, 54]
    assert implied_bases([50, 50], n_range=range(1, 9)) == [2, 4, 6, 8]
    assert implied_bases([13, 88], n_range=range(1, 9), rounding="half_even") == []
    assert implied_bases([12, 88], n_range=range(1, 9), rounding="half_even") == [8]


def test_implied_bases_agrees_with_reconstruction():
    percents = [75, 18, 7]
    expected = [n for n in range(1, 201) if reconstruct_counts(percents, n).status != "infeasible"]
    assert implied_bases(percents) == expected
    assert 57 in expected


def test_implied_bases_bad_range():
    with pytest.raises(ValueError):
        implied_bases([100], n_range=[0, 1])


# ---------------------------------------------------------------------------
# speed
# ---------------------------------------------------------------------------


def test_six_categories_at_n1000_is_fast():
    rng = np.random.default_rng(2012)
    start = time.perf_counter()
    for _ in range(3):
        counts = rng.multinomial(1000, [0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
        percents = [percent_of(int(c), 1000) for c in counts]
        r = reconstruct_counts(percents, 1000)
        assert tuple(int(c) for c in counts) in r.solutions
    assert (time.perf_counter() - start) / 3 < 0.5


def test_docstring_examples_run():
    # the Examples sections are part of the documentation: they must run and be right
    import doctest

    from lscb_survey.stats import reconstruct

    result = doctest.testmod(reconstruct, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
