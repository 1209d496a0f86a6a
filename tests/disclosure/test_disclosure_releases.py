"""Releases of one wave at one threshold, combined: the wave alone and the same wave by group.

The reader has both releases and computes exact integer bounds of every hidden cell
(``scipy.optimize.milp``) from all their published equations together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from disclosure.frames import by_frame, likert_frame
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from lscb_survey.disclosure import OVERALL, suppress, suppression_audit
from lscb_survey.disclosure.release import DisclosureError, check_release
from lscb_survey.disclosure.rules import grid_table


def _integer_bounds(published: pd.DataFrame, by: str) -> list[tuple[int, int, int]]:
    """(position, smallest, largest) of every hidden cell over whole-number tables."""
    out = []
    for _, part in published.groupby("item_id", sort=False):
        names = [g for g in dict.fromkeys(part[by].astype(str)) if g != OVERALL] + [OVERALL]
        blocks = [part[part[by].astype(str) == g] for g in names]
        grid = [[0 if pd.isna(c) else int(c) for c in b["count"]] for b in blocks]
        bases = [int(b["n"].iloc[0]) for b in blocks]
        withheld = {(str(g), str(i)) for g, i in published.attrs["withheld"]}
        flags = [(g, str(part["item_id"].iloc[0])) in withheld for g in names]
        table = grid_table(grid[:-1], flags, "reader", bases, grid[-1])
        hidden = np.array([bool(h) for b in blocks for h in b["suppressed"]])
        fixed = ~hidden
        lower = np.where(fixed, table.values, table.lower)
        upper = np.where(fixed, table.values, max(bases))
        matrix = table.equations.toarray()
        for j in np.flatnonzero(hidden):
            values = []
            for sign in (1.0, -1.0):
                c = np.zeros(len(hidden))
                c[j] = sign
                res = milp(
                    c,
                    constraints=[LinearConstraint(matrix, table.rhs, table.rhs)],
                    integrality=np.ones(len(hidden)),
                    bounds=Bounds(lower, upper),
                )
                assert res.status == 0
                values.append(round(sign * res.fun))
            out.append((int(j), values[0], values[1]))
    return out


def _combined_overall(by_group: pd.DataFrame, alone: pd.DataFrame, by: str) -> None:
    """The by-group release's overall rows publish exactly what the wave alone publishes."""
    overall = by_group[by_group[by].astype(str) == OVERALL].reset_index(drop=True)
    assert overall["suppressed"].tolist() == alone["suppressed"].tolist()
    assert overall["count"].astype("Int64").equals(alone["count"].astype("Int64"))


def test_issue_differencing_example_recovers_nothing():
    """G1 = 0,11,6,9,4,8 shown; G2 = 2,1,3,8,2,14: the wave alone and by group hide the same."""
    grid = [[0, 11, 6, 9, 4, 8], [2, 1, 3, 8, 2, 14]]
    frame = by_frame([grid])
    by_group = suppress(frame, threshold=5, by="region")
    alone = suppress(likert_frame([[sum(c) for c in zip(*grid, strict=True)]]), threshold=5)
    _combined_overall(by_group, alone, "region")
    for _, low, high in _integer_bounds(by_group, "region"):
        assert low < high
    # the cell that differencing once gave away (G2's fifth answer, 2) stays hidden
    g2 = by_group[by_group["region"] == "Region 1"]
    assert bool(g2["suppressed"].iloc[4])
    assert not suppression_audit(by_group, frame)["flagged"].any()


grids = st.tuples(st.integers(2, 5), st.integers(2, 6)).flatmap(
    lambda gk: st.lists(
        st.lists(st.one_of(st.integers(0, 4), st.integers(0, 25)), min_size=gk[1], max_size=gk[1]),
        min_size=gk[0],
        max_size=gk[0],
    )
)


@settings(max_examples=25, deadline=None)
@given(grid=grids, threshold=st.sampled_from([3, 5]))
def test_by_group_and_alone_together_recover_nothing(grid, threshold):
    overall = [sum(c) for c in zip(*grid, strict=True)]
    if not sum(overall):
        return
    frame = by_frame([grid])
    by_group = suppress(frame, threshold=threshold, by="region")
    alone = suppress(likert_frame([overall]), threshold=threshold)
    _combined_overall(by_group, alone, "region")  # no whole-wave cell hidden only by group
    truth = [c for row in grid for c in row] + overall
    totals = [sum(row) for row in grid] + [sum(overall)]
    k = len(overall)
    overall_row = len(grid)
    for j, low, high in _integer_bounds(by_group, "region"):
        assert low <= truth[j] <= high
        total = totals[j // k]
        if total:
            assert low < high, (grid, threshold, j)
        if j // k == overall_row and 0 < truth[j] < threshold:  # the wave alone's protection
            assert high >= min(truth[j] + threshold, total), (grid, threshold, j)
            assert low <= max(truth[j] - threshold, 1), (grid, threshold, j)
    assert not suppression_audit(by_group, frame)["flagged"].any()
    check_release(by_group, frame)


def test_release_check_fails_closed_on_a_release_that_gives_a_cell_away():
    grid = [[0, 11, 6, 9, 4, 8], [2, 1, 3, 8, 2, 14]]
    frame = by_frame([grid])
    published = suppress(frame, threshold=5, by="region")
    assert check_release(published, frame) == int(published["suppressed"].sum())
    leaky = published.copy()
    shown = leaky.index[leaky["suppressed"]][:3]  # publish some hidden cells again
    leaky.loc[shown, "suppressed"] = False
    with pytest.raises(DisclosureError, match="item item0"):
        check_release(leaky, frame)


def test_information_lost_is_measured():
    frame = likert_frame([[0, 12, 7, 7, 9, 4], [5, 5, 5, 5, 5, 5]])
    published = suppress(frame, threshold=5)
    lost = suppression_audit(published, frame).attrs["information_lost"]
    assert lost == {
        "cells": 12,
        "cells_hidden": 2,
        "answers_hidden": 16,
        "items": 2,
        "items_with_hidden": 1,
        "items_withheld": 0,
    }


def test_subsets_of_items_change_nothing_for_the_items_kept():
    tables = [[3, 10, 9, 0], [12, 1, 1, 30], [5, 5, 5, 5], [0, 2, 40, 7]]
    whole = suppress(likert_frame(tables), threshold=5)
    for keep in ([0, 2], [1, 3], [3]):
        part = suppress(likert_frame([tables[i] for i in keep]), threshold=5)
        rows = whole[whole["item_id"].isin([f"item{i}" for i in keep])]
        assert part["suppressed"].tolist() == rows["suppressed"].tolist()
