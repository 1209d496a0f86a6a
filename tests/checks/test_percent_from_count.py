"""Check 1: each printed percentage is its count's rounded share of the base."""

from __future__ import annotations

import pytest
from checks.synthetic import RULES, count_vectors, likert
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.checks.duplicates import check_duplicate_rows
from lscb_survey.checks.findings import FINDING_COLUMNS
from lscb_survey.checks.percent_from_count import check_percent_from_count
from lscb_survey.checks.totals import check_totals
from lscb_survey.data.loaders import load_table
from lscb_survey.errors import MissingColumnError


def test_percent_from_count_clean_table_finds_nothing():
    frame = likert({"a": [3, 38, 8, 8, 0], "b": [13, 36, 8, 0, 0]})
    assert check_percent_from_count(frame).empty
    assert list(check_percent_from_count(frame).columns) == list(FINDING_COLUMNS)


def test_percent_from_count_catches_a_planted_cell():
    frame = likert({"a": [3, 38, 8, 8, 0], "b": [13, 36, 8, 0, 0]}, edits={("b", "Agree"): 67})
    found = check_percent_from_count(frame)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["severity"], row["verdict"]) == ("error", "inconsistent")
    assert '"Item b"' in row["location"] and '"Agree"' in row["location"]
    assert row["published"] == "36 (67%)"
    assert row["expected"] == "63" and row["nearest"] == "63"  # 36/57 = 63.16%
    assert row["fit_range"] == "38"  # only 38/57 = 66.67% prints as 67%
    assert "36/57 = 63.16%" in row["message"]


def test_percent_from_count_causes():
    # 5/57 = 8.77% printed as 6: a rotated digit
    frame = likert({"a": [5, 30, 12, 7, 3]}, edits={("a", "Strongly agree"): 6})
    assert check_percent_from_count(frame)["likely_cause"].iloc[0] == "digit slip: 6 for 9"
    # 30/57 = 52.63% printed as 21, the value of the next cell
    frame = likert({"a": [5, 30, 12, 7, 3]}, edits={("a", "Agree"): 21})
    assert "copied from neighbouring cell" in check_percent_from_count(frame)["likely_cause"][0]
    # 43/57 = 75.44% printed as 76: a rounding slip
    frame = likert({"a": [4, 43, 8, 0, 2]}, edits={("a", "Agree"): 76})
    assert check_percent_from_count(frame)["likely_cause"][0].startswith("rounding slip")
    # 40/57 printed as 80% = 40/50: a base without the 7 "Not specified"
    frame = likert({"a": [2, 40, 5, 3, 7]}, edits={("a", "Agree"): 80})
    assert "different base: 40/50" in check_percent_from_count(frame)["likely_cause"][0]


def test_percent_from_count_rounding_rule_matters():
    frame = likert({"a": [1, 1, 2, 4, 0]})  # 1/8 = 12.5%: printed 13 (half up)
    assert check_percent_from_count(frame, rounding="half_up").empty
    assert check_percent_from_count(frame, rounding="either").empty
    assert len(check_percent_from_count(frame, rounding="half_down")) == 2
    assert len(check_percent_from_count(frame, rounding="floor")) == 2


def test_percent_from_count_refuses_percent_only_tables():
    with pytest.raises(MissingColumnError):
        check_percent_from_count(load_table(3))


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(count_vectors(), min_size=1, max_size=3), RULES)
def test_correctly_rounded_tables_never_give_an_error(vectors, rule):
    frame = likert({f"i{k}": v for k, v in enumerate(vectors)}, rule=rule)
    assert check_percent_from_count(frame, rounding=rule).empty
    assert not (check_totals(frame, rounding=rule)["severity"] == "error").any()
    assert check_duplicate_rows(frame)["severity"].isin(["warning"]).all()
    if rule in ("half_up", "half_down", "half_even"):  # each is one way of breaking ties
        assert check_percent_from_count(frame, rounding="either").empty


def test_report_percent_from_count(report_audit):
    found = report_audit[report_audit["check"] == "percent_from_count"]
    # Table 7, first item: 43 (76%) but 43/57 = 75.44%; Table 2, Outer London: 5 returns = 8.77%, printed 6%
    assert found[["table", "published", "nearest"]].values.tolist() == [
        [2, "5 returns, 6% of 57", "9"],
        [7, "43 (76%)", "75"],
    ]
    assert (found["severity"] == "error").all()
