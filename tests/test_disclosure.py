"""Disclosure control: primary and secondary suppression, and that nothing hidden can be recovered."""

from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey import SurveyDataError, load_table, published_layout
from lscb_survey.disclosure import suppress, suppression_audit
from lscb_survey.errors import CellFormatError, TotalMismatchError
from lscb_survey.present.layout import layout_grid

CELL = re.compile(r"^(\d+) \((\d+)%\)$")


# ----------------------------------------------------------------------------- helpers


def likert_frame(tables: list[list[int]], table: int = 7) -> pd.DataFrame:
    """A tidy likert frame with one item per list of counts (categories A, B, ...)."""
    k = len(tables[0])
    levels = [chr(ord("A") + j) for j in range(k)]
    dtype = pd.CategoricalDtype(levels, ordered=True)
    rows = []
    for i, counts in enumerate(tables):
        for level, c in zip(levels, counts, strict=True):
            rows.append(
                {
                    "table": table,
                    "section": "S",
                    "block": "Block" if table != 5 else "Response",
                    "item_id": f"item{i}",
                    "item": f"Item {i}",
                    "scale": "synthetic",
                    "response": level,
                    "count": c,
                    "percent": pd.NA,
                    "n": sum(counts),
                }
            )
    frame = pd.DataFrame(rows)
    frame["response"] = frame["response"].astype(dtype)
    frame["percent"] = frame["percent"].astype("Int64")
    return frame


def returns_frame(counts: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": 2,
            "grouping": "Region",
            "category": [f"Region {i}" for i in range(len(counts))],
            "returns": counts,
            "response_rate": pd.array([pd.NA] * len(counts), dtype="Int64"),
            "share_of_returns": pd.array([pd.NA] * len(counts), dtype="Int64"),
        }
    )


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank of a small matrix, by exact Gaussian elimination."""
    m = [list(r) for r in rows]
    rank, col, width = 0, 0, len(m[0]) if m else 0
    while rank < len(m) and col < width:
        pivot = next((i for i in range(rank, len(m)) if m[i][col] != 0), None)
        if pivot is None:
            col += 1
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for i in range(len(m)):
            if i != rank and m[i][col] != 0:
                f = m[i][col] / m[rank][col]
                m[i] = [a - f * b for a, b in zip(m[i], m[rank], strict=True)]
        rank += 1
        col += 1
    return rank


def printed_system(grid_rows: list[tuple[list[str], str]]):
    """Linear totals a reader sees: for each printed row, its cells and its total.

    ``grid_rows`` holds (cells, total) as printed. Returns the unknowns (row,
    column) and the equations ``sum(unknowns in row) = total - visible``.
    """
    unknowns, equations = [], []
    for r, (cells, total) in enumerate(grid_rows):
        members, visible = [], 0
        for c, cell in enumerate(cells):
            if cell == "*":
                unknowns.append((r, c))
                members.append(len(unknowns) - 1)
            elif cell != "":
                visible += int(re.match(r"\d+", cell).group())
        equations.append((members, int(re.match(r"\d+", total).group()) - visible))
    return unknowns, equations


def recoverable(unknowns, equations) -> set:
    """Unknowns that the printed totals determine.

    Linear: a cell is determined when its unit vector lies in the row space of
    the printed totals (with row totals only: when it is the only unknown of
    some total). With non-negativity as well: every unknown of a total whose
    unknowns add up to 0 is 0.
    """
    if not unknowns:
        return set()
    matrix = [
        [Fraction(int(j in members)) for j in range(len(unknowns))] for members, _ in equations
    ]
    base = _rank(matrix)
    found = set()
    for j in range(len(unknowns)):
        unit = [Fraction(int(i == j)) for i in range(len(unknowns))]
        if _rank([*matrix, unit]) == base:
            found.add(unknowns[j])
    for members, rest in equations:
        if members and rest == 0:
            found.update(unknowns[j] for j in members)
    return found


def likert_grid_rows(layout: pd.DataFrame) -> list[tuple[list[str], str]]:
    grid = layout_grid(layout)
    rows = []
    for row in grid:
        if row[0] == "Block":  # repeated header
            continue
        rows.append((row[1:-1], row[-1]))
    return rows


# ----------------------------------------------------------------------------- the 2012 tables


def test_single_return_of_the_south_west_is_hidden_with_everything_derived_from_it():
    t2 = load_table(2)
    before = t2.copy()
    s = suppress(t2, threshold=5)
    pd.testing.assert_frame_equal(t2, before)  # input untouched
    south_west = s[s.category == "South West"].iloc[0]
    # Table 2: the South West returned one questionnaire (6% response rate, 2% of returns).
    assert int(t2.loc[t2.category == "South West", "returns"].iloc[0]) == 1
    assert south_west["suppressed"] and south_west["suppression"] == "primary"
    assert pd.isna(south_west["returns"]) and pd.isna(south_west["response_rate"])
    assert pd.isna(south_west["share_of_returns"])
    # East Midlands: 0 returns (Table 2), a zero, published.
    east_midlands = s[s.category == "East Midlands"].iloc[0]
    assert not east_midlands["suppressed"] and int(east_midlands["returns"]) == 0
    hidden = set(s.loc[s.suppressed, "category"])
    assert hidden == {c for c, n in zip(t2.category, t2.returns, strict=True) if 0 < n < 5}
    layout = published_layout(2, suppress=5)
    assert layout.loc["South West"].tolist() == ["*", "*", "*"]
    assert layout.loc["Total", "Number of survey returns"] == "57"  # Table 2 total
    assert not suppression_audit(s)["recoverable"].any()


def test_secondary_cell_is_the_smallest_nonzero_visible_count():
    s = suppress(load_table(9), threshold=5)
    item = s[s.item_id == "t9_sanctions"]
    original = load_table(9)
    original = original[original.item_id == "t9_sanctions"]
    # Table 9, first item: only "Not specified" (2) is below 5.
    reasons = dict(zip(item.response.astype(str), item.suppression, strict=True))
    assert reasons["Not specified"] == "primary"
    assert list(item.suppression.dropna()).count("secondary") == 1
    counts = dict(zip(original.response.astype(str), original["count"], strict=True))
    smallest = min(c for r, c in counts.items() if c > 0 and r != "Not specified")
    first = next(r for r, c in counts.items() if c == smallest)
    assert reasons[first] == "secondary"
    assert sum(c == smallest for c in counts.values()) >= 1


def test_zero_is_chosen_as_secondary_only_when_no_nonzero_cell_is_left():
    s = suppress(likert_frame([[3, 0, 0, 0], [3, 0, 9, 0]]), threshold=5)
    first = s[s.item_id == "item0"]
    assert first["suppression"].tolist()[:2] == ["primary", "secondary"]
    second = s[s.item_id == "item1"]
    assert second["suppressed"].tolist() == [True, False, True, False]
    assert not suppression_audit(s)["recoverable"].any()


def test_without_secondary_suppression_single_hidden_cells_are_recoverable():
    s = suppress(load_table(9), secondary=False)
    audit = suppression_audit(s)
    single = audit[audit.hidden_in_group == 1]
    assert len(single) > 0 and single["recoverable"].all()
    original = load_table(9).set_index(["item_id", load_table(9).response.astype(str)])["count"]
    for r in single.itertuples():
        assert r.low == original.loc[(r.group, r.cell)]  # the reader gets it back exactly


def test_threshold_one_hides_nothing_and_default_layout_is_unsuppressed():
    s = suppress(load_table(7), threshold=1)
    assert not s["suppressed"].any()
    assert s["count"].tolist() == load_table(7)["count"].tolist()
    assert "*" not in published_layout(7).to_numpy()
    with pytest.raises(ValueError, match="threshold"):
        suppress(load_table(7), threshold=0)


def test_layouts_show_a_star_for_hidden_cells_and_the_base_as_total():
    layout = published_layout(7, suppress=5)
    frame = suppress(load_table(7), threshold=5)
    stars = int((layout == "*").to_numpy().sum())
    assert stars == int(frame["suppressed"].sum())
    assert set(layout["Total"]) == {"57 (100%)"}  # Table 7: every item has 57 answers
    five = published_layout(5, suppress=10)
    assert five.loc["Total"].tolist() == ["57", "100"]
    assert five.loc["Agree"].tolist() == ["38", "67"]  # Table 5: 38 agreed (67%)
    assert five.loc["Strongly agree"].tolist() == ["*", "*"]


def test_bad_input_is_refused():
    with pytest.raises(SurveyDataError, match="percentages only"):
        suppress(load_table(3))
    with pytest.raises(SurveyDataError, match="already suppressed"):
        suppress(suppress(load_table(7)))
    bad = load_table(7)
    bad.loc[0, "count"] = 99
    with pytest.raises(TotalMismatchError, match="t7_relationships"):
        suppress(bad)
    frac = likert_frame([[2, 3]])
    frac["count"] = frac["count"].astype(float)
    frac.loc[0, "count"] = 1.5
    with pytest.raises(CellFormatError):
        suppress(frac)


def test_weighted_values_are_hidden_with_the_counts():
    frame = likert_frame([[2, 10, 7]])
    frame["weighted_count"] = [2.5, 9.0, 7.5]
    frame["weighted_percent"] = [12.5, 45.0, 37.5]
    s = suppress(frame)
    hidden = s["suppressed"]
    assert hidden.tolist() == [True, False, True]
    assert s.loc[hidden, ["weighted_count", "weighted_percent"]].isna().all().all()
    assert s.loc[~hidden, "weighted_count"].tolist() == [9.0]


# ----------------------------------------------------------------------------- invariants

count_tables = st.integers(2, 6).flatmap(
    lambda k: st.lists(
        st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=k, max_size=k).filter(
            lambda c: sum(c) > 0
        ),
        min_size=1,
        max_size=4,
    )
)


@settings(max_examples=100, deadline=None)
@given(tables=count_tables, threshold=st.integers(2, 7))
def test_no_hidden_cell_is_recoverable_from_any_printed_total(tables, threshold):
    frame = likert_frame(tables)
    layout = published_layout(7, frame, suppress=threshold)
    rows = likert_grid_rows(layout)
    assert len(rows) == len(tables)  # one printed row (and total) per item; nothing else
    unknowns, equations = printed_system(rows)
    assert recoverable(unknowns, equations) == set()
    for (cells, total), counts in zip(rows, tables, strict=True):
        assert total == f"{sum(counts)} (100%)"
        for cell, c in zip(cells, counts, strict=True):
            if 0 < c < threshold:
                assert cell == "*"
            elif cell != "*":
                assert CELL.match(cell) and int(CELL.match(cell).group(1)) == c
        assert cells.count("*") != 1
    assert not suppression_audit(suppress(frame, threshold=threshold))["recoverable"].any()
    # the checker is not vacuous: without secondary suppression it finds the lone cells
    lone = sum(1 for counts in tables if sum(0 < c < threshold for c in counts) == 1)
    unsafe = published_layout(7, suppress(frame, threshold=threshold, secondary=False))
    u, e = printed_system(likert_grid_rows(unsafe))
    assert len(recoverable(u, e)) == lone


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 15), min_size=2, max_size=11).filter(lambda c: sum(c) > 0),
    threshold=st.integers(2, 7),
)
def test_returns_tables_hide_no_recoverable_count(counts, threshold):
    layout = published_layout(2, returns_frame(counts), suppress=threshold)
    body = layout.drop(index="Total")
    cells = body["Number of survey returns"].tolist()
    unknowns, equations = printed_system([(cells, layout.loc["Total", "Number of survey returns"])])
    assert recoverable(unknowns, equations) == set()
    assert layout.loc["Total", "Number of survey returns"] == str(sum(counts))
    for cell, c in zip(cells, counts, strict=True):
        assert cell == "*" if 0 < c < threshold else cell in ("*", str(c))


@settings(max_examples=40, deadline=None)
@given(counts=st.lists(st.integers(0, 12), min_size=2, max_size=6).filter(lambda c: sum(c) > 0))
def test_frequency_layout_hides_no_recoverable_count(counts):
    layout = published_layout(5, likert_frame([counts], table=5), suppress=5)
    cells = layout.drop(index="Total")["Frequency"].tolist()
    unknowns, equations = printed_system([(cells, layout.loc["Total", "Frequency"])])
    assert recoverable(unknowns, equations) == set()
    assert layout.loc["Total", "Frequency"] == str(sum(counts))


# ----------------------------------------------------------------------------- comparisons


def test_suppressed_comparison_hides_every_value_derived_from_a_small_count():
    from lscb_survey import compare_waves
    from lscb_survey.disclosure import suppress_comparison

    t = load_table(9)
    c = compare_waves(t, t, labels=("2012", "again"), n_resamples=500)
    s = suppress_comparison(c, sides=["b"])
    expected = suppress(t)["suppressed"].to_numpy()
    assert (s["suppressed_b"].to_numpy() == expected).all()
    assert not s["suppressed_a"].any()
    hidden = s[s.suppressed_b]
    assert (
        hidden[["count_b", "pct_b", "change_pp", "ci_low", "ci_high", "p_value"]].isna().all().all()
    )
    assert hidden["count_a"].notna().all()  # the 2012 side stays as published
    touched = s.item_id.isin(hidden.item_id)
    assert s.loc[touched, "item_p_value"].isna().all()
    for item, part in s.groupby("item_id"):
        assert part["suppressed_b"].sum() != 1, item
    with pytest.raises(ValueError, match="sides"):
        suppress_comparison(c, sides=["c"])
    with pytest.raises(ValueError, match="respondents"):
        suppress_comparison(compare_waves(t, t, base="valid", n_resamples=500))
