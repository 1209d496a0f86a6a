"""Check 5: response rates imply the number of LSCBs surveyed."""

from __future__ import annotations

import pandas as pd
from checks.synthetic import returns

from lscb_survey.checks.response_rates import check_response_rates


def test_response_rates_clean_and_planted():
    frame = returns(["A", "B", "C", "Not specified"], [3, 5, 9, 2], [10, 20, 30, None])
    assert check_response_rates(frame, population=60).empty
    found = check_response_rates(frame, population=70)
    assert found[["severity", "fit_range", "expected"]].values.tolist() == [["error", "60", "70"]]
    impossible = returns(["A", "B"], [1, 5], [10, 20], rates={"A": 80})
    found = check_response_rates(impossible, population=20)  # B: 5/20 = 25%
    assert found["severity"].tolist() == ["error"] and found["fit_range"][0] == "none"
    assert "no whole number of LSCBs gives 1 returns a response rate of 80%" in found["message"][0]
    zero = returns(["A", "B"], [0, 5], [10, 20])
    found = check_response_rates(zero, population=30)
    assert found[["severity", "verdict"]].values.tolist() == [["info", "consistent"]]
    assert "if A holds 10" in found["message"][0]


def test_response_rates_equivalent_groups():
    both = pd.concat(
        [
            returns(["London Boroughs", "Rest"], [8, 10], [31, 40], table=1),
            returns(["Inner London", "Outer London", "Rest"], [3, 5, 10], [14, 19, 40], table=2),
        ],
        ignore_index=True,
    )
    found = check_response_rates(both, population=71)  # Table 1: 31 + 40; Table 2: 14 + 19 + 40
    assert found["location"].tolist() == [
        'Table 1, row "London Boroughs" vs Table 2 Inner London + Table 2 Outer London',
        'Table 2, column "response rate (%)", all categories',
    ]
    assert found["fit_range"].tolist() == ["31", "73"]
    assert found["expected"].tolist() == ["33", "71"]
    assert len(check_response_rates(both, population=71, groups={})) == 1


def test_report_response_rates(report_audit):
    found = report_audit[report_audit["check"] == "response_rates"]
    t1 = found[(found["table"] == 1)]
    # Table 1 rates imply 31 + 42 + 54-55 + 27 = 154-155 LSCBs, not the 148 surveyed
    assert t1["fit_range"].tolist() == ["154-155", "31"]
    assert t1["severity"].tolist() == ["error", "error"]
    # Table 2: 148 only if East Midlands (0 returns, 0%) held 3-5 LSCBs
    t2 = found[found["table"] == 2].iloc[0]
    assert t2["severity"] == "info" and "East Midlands holds 3-5" in t2["message"]
