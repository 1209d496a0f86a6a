"""Check 2: counts add up to totals, percentages to a sum rounding can give."""

from __future__ import annotations

import pandas as pd
from checks.synthetic import comparison, likert, returns

from lscb_survey.checks.totals import check_totals


def test_totals_clean_table_finds_nothing_and_artefacts_are_info():
    exact = likert({"a": [10, 20, 15, 10, 5]}, rule="half_up")  # n = 60, sum 100 exactly
    assert check_totals(exact).empty
    artefact = likert({"a": [1, 1, 1, 0, 0]})  # 33% three times: 99
    found = check_totals(artefact)
    assert found[["severity", "verdict", "published", "fit_range"]].values.tolist() == [
        ["info", "consistent", "99", "99"]
    ]


def test_totals_catch_planted_faults():
    frame = likert({"a": [3, 38, 8, 8, 0]}, edits={("a", "Agree"): 70})
    found = check_totals(frame)
    assert found["severity"].tolist() == ["error"]
    assert found["published"].iloc[0] == "103" and found["fit_range"].iloc[0] == "100"
    assert "Agree 70%" in found["likely_cause"].iloc[0]
    bad_n = likert({"a": [3, 38, 8, 8, 0]}).assign(n=58)
    assert "the counts add up to 57, the printed total is 58" in check_totals(bad_n)["message"][0]
    # a returns table whose printed Total row disagrees with its rows
    r = returns(["A", "B"], [3, 4], [10, 10])
    totals = pd.DataFrame({"table": [1], "returns": [8], "share_of_returns": [100]})
    assert check_totals(r, totals=totals)["severity"].tolist() == ["error"]


def test_totals_of_percent_only_columns_use_the_possible_range():
    ok = comparison({("M", "Health", "Munro"): [46, 33, 4, 18]})  # 101: possible for 57
    assert check_totals(ok)["severity"].tolist() == ["info"]
    bad = comparison({("M", "Health", "Munro"): [56, 33, 4, 18]})  # 111
    found = check_totals(bad)
    assert found["severity"].tolist() == ["error"] and found["fit_range"][0] == "99-101"
    assert found["likely_cause"][0].startswith("a wrong cell: e.g. Good 46 for 56")


def test_report_totals(report_audit):
    errors = report_audit[
        (report_audit["check"] == "totals") & (report_audit["severity"] == "error")
    ]
    # Table 2 shares add up to 97; Table 7 first item to 101 (follows from 76%);
    # Tables 3-4 columns adding up to 110, 106, 110, 102 and 102
    assert errors["table"].tolist() == [2, 3, 3, 4, 4, 4, 7]
    assert sorted(errors["published"].str.extract(r"(\d+)\)?$")[0].astype(int)) == [
        97, 101, 102, 102, 106, 110, 110
    ]  # fmt: skip
