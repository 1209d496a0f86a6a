"""Check 4: no two rows of a table print the same distribution."""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction

import pytest
from checks.synthetic import likert

import lscb_survey as ls
from lscb_survey.checks.duplicates import (
    check_duplicate_rows,
    match_probability,
    match_probability_log,
)


def test_match_probability_equals_brute_force():
    n, p = 4, [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
    total = 0.0
    for x in itertools.product(range(n + 1), repeat=3):
        if sum(x) == n:
            coef = math.factorial(n) / math.prod(math.factorial(v) for v in x)
            total += (coef * math.prod(float(q) ** v for q, v in zip(p, x, strict=True))) ** 2
    assert match_probability(n, p) == pytest.approx(total, rel=1e-12)
    assert match_probability_log(n, p) == pytest.approx(total, rel=1e-9)
    # a large base overflows floats and takes the logarithmic route:
    # for two categories of 1/2, sum_k C(600, k)^2 / 4^600 = C(1200, 600) / 4^600
    big = match_probability(600, [Fraction(1, 2), Fraction(1, 2)])
    assert big == pytest.approx(math.comb(1200, 600) / 4**600, rel=1e-9)


def test_duplicate_rows_planted_and_clean():
    clean = likert({"a": [3, 38, 8, 8, 0], "b": [13, 36, 8, 0, 0], "c": [7, 24, 8, 15, 3]})
    assert check_duplicate_rows(clean).empty
    dup = likert({"a": [7, 24, 8, 15, 3], "b": [7, 24, 8, 15, 3], "c": [1, 2, 3, 4, 47]})
    found = check_duplicate_rows(dup)
    assert found[["severity", "likely_cause"]].values.tolist() == [
        ["warning", "row copied from its neighbour"]
    ]
    assert 0 < found["chance"][0] < 0.01
    apart = likert({"a": [7, 24, 8, 15, 3], "c": [1, 2, 3, 4, 47], "b": [7, 24, 8, 15, 3]})
    assert check_duplicate_rows(apart)["likely_cause"].tolist() == ["possible copy of another row"]


def test_report_duplicate_rows(report_audit):
    found = report_audit[report_audit["check"] == "duplicate_rows"]
    # Table 8 prints "Thresholds for intervention are high ..." and "The LSCB is confident
    # that safeguarding training ..." with the same counts 7, 24, 8, 15, 0, 3
    t8 = found[found["table"] == 8].iloc[0]
    assert "Thresholds for intervention" in t8["location"]
    assert "safeguarding trai" in t8["location"]
    # the whole printed labels, so that a reader can tell which rows are meant
    t8_items = ls.load_table(8).drop_duplicates("item_id")["item"].astype(str)
    quoted = re.findall(r'"([^"]*)"', t8["location"])
    assert len(quoted) == 2 and set(quoted) <= set(t8_items)
    assert t8["likely_cause"] == "row copied from its neighbour"
    assert t8["chance"] < 1e-4
    # Table 3, thresholds, Munro: police and probation both 65, 19, 4, 12
    t3 = found[found["table"] == 3].iloc[0]
    assert t3["published"] == "Good 65%, Reasonable 19%, Poor 4%, Don't know 12%"
    assert found["severity"].tolist() == ["warning", "warning"]
