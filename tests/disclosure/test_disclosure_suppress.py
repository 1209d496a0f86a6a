"""suppress: what is hidden, the published marker, the reasons frame, group breakdowns."""

from __future__ import annotations

import pandas as pd
import pytest
from disclosure.frames import by_frame, likert_frame, returns_frame

from lscb_survey import SurveyDataError, load_table, published_layout
from lscb_survey.disclosure import MARKER, OVERALL, suppress, suppression_audit
from lscb_survey.errors import CellFormatError, TotalMismatchError, UnknownLabelError


def test_single_return_of_the_south_west_is_hidden_with_everything_derived_from_it():
    t2 = load_table(2)
    before = t2.copy()
    s, why = suppress(t2, threshold=5, return_audit=True)
    pd.testing.assert_frame_equal(t2, before)  # input untouched
    assert "suppression" not in s.columns  # the reason is not published
    south_west = s[s.category == "South West"].iloc[0]
    # Table 2: the South West returned one questionnaire.
    assert int(t2.loc[t2.category == "South West", "returns"].iloc[0]) == 1
    assert south_west["suppressed"] and pd.isna(south_west["returns"])
    assert pd.isna(south_west["response_rate"]) and pd.isna(south_west["share_of_returns"])
    assert why.set_index("cell").loc["South West", "reason"] == "primary"
    east_midlands = s[s.category == "East Midlands"].iloc[0]  # 0 returns: published
    assert not east_midlands["suppressed"] and int(east_midlands["returns"]) == 0
    layout = published_layout(2, suppress=5)
    assert MARKER == "[c]"
    assert layout.loc["South West"].tolist() == [MARKER] * 3
    assert layout.loc["Total", "Number of survey returns"] == "57"  # Table 2 total
    assert not suppression_audit(s, t2)["flagged"].any()


def test_issue_examples_are_protected():
    # [1, 1, 55, 0, 0, 0]: the two 1s alone would each be exactly 1 (zeros are published)
    s, why = suppress(likert_frame([[1, 1, 55, 0, 0, 0]]), return_audit=True)
    assert s["suppressed"].tolist() == [True, True, True, False, False, False]
    audit = suppression_audit(s)
    assert (audit["low"] < audit["high"]).all() and not audit["determined"].any()
    # [0, 12, 7, 7, 9, 4] at 5: the old rule hid the first 7, which only (7, 4) gave back
    s = suppress(likert_frame([[0, 12, 7, 7, 9, 4]]), threshold=5)
    audit = suppression_audit(s)
    assert s["suppressed"].tolist() == [False, True, False, False, False, True]
    assert (audit["fills"] > 1).all() and (audit["fill_low"] < audit["fill_high"]).all()
    assert audit["high"].tolist() == [15.0, 15.0]  # 16 hidden in two cells, each >= 1


def test_primary_cells_meet_their_protection_levels():
    frame = load_table(9)
    for threshold in (3, 5, 10):
        s = suppress(frame, threshold=threshold)
        audit = suppression_audit(s, frame, max_fills=0)
        primary = audit[audit.reason == "primary"]
        assert len(primary) > 0
        assert (primary["high"] >= primary["count"] + threshold).all()
        assert (primary["low"] == 1).all()
        assert audit["protected"].all() and not audit["flagged"].any()


def test_item_without_a_protecting_pattern_is_withheld_zeros_included():
    s, why = suppress(likert_frame([[1, 1, 1, 0], [30, 20, 0, 7]]), return_audit=True)
    first = s[s.item_id == "item0"]
    assert first["suppressed"].all()  # the 0 is hidden too
    assert s.attrs["withheld"] == ["item0"]
    assert set(why.loc[why.group == "item0", "reason"]) == {"withheld"}
    assert not s.loc[s.item_id == "item1", "suppressed"].any()
    audit = suppression_audit(s)
    assert audit["low"].tolist() == [0.0] * 4 and audit["high"].tolist() == [3.0] * 4


def test_without_secondary_suppression_single_hidden_cells_are_determined():
    t9 = load_table(9)
    audit = suppression_audit(suppress(t9, secondary=False))
    single = audit.groupby("group").filter(lambda g: len(g) == 1)
    assert len(single) > 0 and single["determined"].all()
    original = t9.set_index(["item_id", t9.response.astype(str)])["count"]
    for r in single.itertuples():
        assert r.low == original.loc[(r.group, r.cell)]  # the reader gets it back exactly


def test_threshold_one_hides_nothing_and_layouts_mark_hidden_cells():
    s = suppress(load_table(7), threshold=1)
    assert not s["suppressed"].any()
    assert MARKER not in published_layout(7).to_numpy()
    with pytest.raises(ValueError, match="threshold"):
        suppress(load_table(7), threshold=0)
    with pytest.raises(ValueError, match="protection"):
        suppress(load_table(7), protection=-1)
    layout = published_layout(7, suppress=5)
    frame = suppress(load_table(7), threshold=5)
    assert int((layout == MARKER).to_numpy().sum()) == int(frame["suppressed"].sum())
    assert "*" not in layout.to_numpy()
    assert set(layout["Total"]) == {"57 (100%)"}  # Table 7: every item has 57 answers
    five = published_layout(5, suppress=10)
    assert five.loc["Total"].tolist() == ["57", "100"]
    t5 = load_table(5)
    hidden = suppress(t5, threshold=10)["suppressed"].tolist()
    for response, count, h in zip(t5.response.astype(str), t5["count"], hidden, strict=True):
        assert five.loc[response, "Frequency"] == (MARKER if h else str(count))


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
    with pytest.raises(ValueError, match="likert"):
        suppress(returns_frame([1, 9]), by="grouping")
    ragged = by_frame([[[5, 5, 5], [6, 6, 6]]]).drop(index=5)
    ragged.loc[ragged.index[-1], "n"] = 12
    with pytest.raises(UnknownLabelError, match="levels"):
        suppress(ragged, by="region")


def test_weighted_values_are_hidden_with_the_counts():
    frame = likert_frame([[2, 10, 7]])
    frame["weighted_count"] = [2.5, 9.0, 7.5]
    frame["weighted_percent"] = [12.5, 45.0, 37.5]
    s = suppress(frame)
    hidden = s["suppressed"]
    assert hidden.tolist() == [True, True, False]
    assert s.loc[hidden, ["weighted_count", "weighted_percent"]].isna().all().all()


def test_group_breakdown_is_protected_with_its_overall_rows():
    grids = [[[3, 10, 9], [9, 8, 20]], [[12, 10, 9], [9, 8, 20]]]
    frame = by_frame(grids)
    s, why = suppress(frame, threshold=5, by="region", return_audit=True)
    assert len(s) == len(frame) + 6  # overall rows of both items added
    overall = s[s.region == OVERALL]
    assert overall.loc[overall.item_id == "item1", "count"].tolist() == [21, 18, 29]
    assert overall["n"].tolist() == [59] * 3 + [68] * 3
    assert not s.loc[s.item_id == "item1", "suppressed"].any()
    first = s[s.item_id == "item0"]
    assert first["suppressed"].sum() >= 4  # a 3 in a 2 x 3 table needs a cycle of four cells
    audit = suppression_audit(s, frame)
    assert not audit["flagged"].any()
    primary = audit[audit.reason == "primary"]
    assert primary["count"].tolist() == [3]
    assert float(primary["high"].iloc[0]) >= 8 and float(primary["low"].iloc[0]) == 1
    with pytest.raises(SurveyDataError, match="All"):
        suppress(s.drop(columns="suppressed"), by="region")


def test_tiny_group_rows_are_withheld_and_protected_through_the_margins():
    # the 2012 South West returned one questionnaire: its row cannot be published
    grids = [[[0, 1, 0], [10, 12, 8], [7, 9, 11]]]
    s = suppress(by_frame(grids), threshold=3, by="region")
    assert ("Region 0", "item0") in s.attrs["withheld"]
    row = s[s.region == "Region 0"]
    assert row["suppressed"].all()
    audit = suppression_audit(s, by_frame(grids))
    assert not audit["flagged"].any()
    assert not audit["determined"].any()


def test_worked_example_of_the_documentation_is_what_the_code_computes():
    import doctest
    from pathlib import Path

    doc = Path(__file__).resolve().parents[2] / "docs" / "disclosure.md"
    result = doctest.testfile(str(doc), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


@pytest.mark.parametrize("bad", [None, [1, 2], "frame"])
def test_suppression_audit_refuses_what_is_not_a_frame(bad):
    from lscb_survey import suppression_audit

    with pytest.raises(TypeError, match="must be a DataFrame"):
        suppression_audit(bad)
