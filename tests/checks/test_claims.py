"""Check 6: the numeric statements of the text against the tables."""

from __future__ import annotations

import pandas as pd
from checks.synthetic import comparison, likert

from lscb_survey.checks.claims import check_claims
from lscb_survey.checks.findings import ONLY_ROUNDED
from lscb_survey.data.claims import CLAIM_COLUMNS, load_claims
from lscb_survey.data.loaders import load_activities, load_table


def claim(**fields):
    base = {c: "" for c in CLAIM_COLUMNS}
    base.update(claim_id="x", section="S", location="bullet 1", quote="a quote")
    base.update(claimed_value=None, base=None)
    base.update(fields)
    frame = pd.DataFrame([base], columns=list(CLAIM_COLUMNS))
    return frame.astype({"claimed_value": "Float64", "base": "Int64"})


SA_A = "Strongly agree;Agree"


def test_claim_verdicts_on_a_synthetic_table():
    table = {9: likert({"a": [7, 7, 18, 22, 3]})}  # SA+A = 14/57 = 24.56%, printed 12 + 12
    check = lambda **kw: check_claims(claim(**kw), table)  # noqa: E731
    base = dict(kind="share", table="9", item_id="a", categories=SA_A)
    assert check(**base, claimed_value=25.0, comparator="exact").empty  # consistent
    rounded = check(**base, claimed_value=24.0, comparator="exact")
    assert rounded[["verdict", "severity"]].values.tolist() == [[ONLY_ROUNDED, "info"]]
    wrong = check(**base, claimed_value=27.0, comparator="exact")
    assert wrong[["verdict", "severity"]].values.tolist() == [["inconsistent", "error"]]
    assert wrong["nearest"][0] == "25%"
    assert check(**base, claimed_value=None, comparator="nearly a quarter").empty
    over = check(**base, claimed_value=None, comparator="over half")
    assert over[["verdict", "severity"]].values.tolist() == [["inconsistent", "error"]]
    assert over["fit_range"][0] == "29-57 of 57"
    assert check(**base, claimed_value=None, comparator="few").empty  # 24.56% < 25%
    vague = check(**{**base, "categories": "Disagree"}, claimed_value=None, comparator="few")
    assert vague[["verdict", "severity"]].values.tolist() == [["inconsistent", "warning"]]


def test_threshold_holding_only_for_rounded_figures_is_a_warning():
    table = {9: likert({"a": [0, 34, 10, 10, 3]})}  # 34/57 = 59.65%, printed 60
    found = check_claims(
        claim(kind="share", table="9", item_id="a", categories=SA_A, comparator="at least 60%"),
        table,
    )
    assert found[["verdict", "severity"]].values.tolist() == [[ONLY_ROUNDED, "warning"]]


def test_comparisons_hold_under_every_reconstruction():
    frame = comparison(
        {
            ("M", "Health", "Laming"): [67, 15, 0, 17],
            ("M", "Health", "Munro"): [67, 16, 5, 12],
            ("M", "Police", "Laming"): [50, 26, 7, 17],
            ("M", "Police", "Munro"): [40, 42, 4, 16],
        }
    )
    tables = {4: frame.assign(table=4)}
    base = dict(kind="comparison", table="4", measure="M", categories="Good", compare_on="survey",
                versus="Laming", survey="Munro")  # fmt: skip
    # 31/46 = 67.39% vs 38/57 = 66.67%: less than a point apart
    assert check_claims(
        claim(**base, agency="Health", comparator="remained constant"), tables
    ).empty
    up = check_claims(claim(**base, agency="Health", comparator="increased"), tables)
    assert up["verdict"].tolist() == ["inconsistent"]
    down = check_claims(claim(**base, agency="Police", comparator="increased"), tables)
    assert down["verdict"].tolist() == ["inconsistent"]
    # an ambiguous column (two reconstructions) on one side of a comparison
    amb = comparison(
        {("M", "A", "Munro"): [37, 10, 53, 0], ("M", "B", "Munro"): [37, 10, 53, 0]},
        n={"Munro": 150},
    )
    tables = {3: amb}
    found = check_claims(
        claim(kind="comparison", table="3", measure="M", agency="A", survey="Munro",
              categories="Good", comparator="higher", compare_on="agency", versus="B"),
        tables,
    )  # fmt: skip
    assert found["verdict"].tolist() == ["ambiguous"]  # 56 > 55 in some reconstructions only


def test_report_claims(report_audit):
    found = report_audit[report_audit["check"] == "claims"].copy()
    found["id"] = found["location"].str.extract(r"claim (\S+)")[0]
    verdicts = dict(zip(found["id"], found["verdict"], strict=True))
    assert verdicts == {
        # Introduction: 148 LSCBs, yet Table 1's rates imply 154-155
        "intro-01": "inconsistent",
        "intro-04": "untestable",
        # "Few rated the quality of referral information as good": up to 39% (Table 3)
        "ia-02": "inconsistent",
        # "At least 60%": education and youth services are 34/57 = 59.65% (Table 4)
        "ia-33": ONLY_ROUNDED,
        # "Seventy eight percent": 44/57 = 77.19% and 16% + 61% = 77% (Table 8)
        "pe-01": "inconsistent",
        # "only 41%" and "41% disagreed": 23/57 = 40.35%, printed parts sum to 41 (Table 8)
        "pe-02": ONLY_ROUNDED,
        "pe-15": ONLY_ROUNDED,
        # "nearly a quarter of LSCBs (24%)": 14/57 = 24.56% prints as 25 (Table 8)
        "pe-16": ONLY_ROUNDED,
        # "over half ... very important (12%) or important (37%)": 28/57 = 49.12% (Table 10)
        "lg-07": "inconsistent",
    }
    severity = dict(zip(found["id"], found["severity"], strict=True))
    assert [k for k, v in severity.items() if v == "error"] == ["intro-01", "pe-01", "lg-07"]
    assert severity["ia-02"] == "warning" and severity["ia-33"] == "warning"


def test_every_other_claim_is_consistent():
    claims = load_claims()
    tables = {t: load_table(t) for t in range(1, 11)}
    everything = check_claims(claims, tables, activities=load_activities(), include_consistent=True)
    assert len(everything) == len(claims)
    assert (everything["verdict"] == "consistent").sum() == len(claims) - 9


def test_response_rate_claim_depends_on_the_rule():
    claims = load_claims()
    rate = claims[claims["claim_id"] == "intro-03"]  # "a 39% response rate": 57/148 = 38.51%
    tables = {1: load_table(1), 2: load_table(2)}
    assert check_claims(rate, tables).empty
    floor = check_claims(rate, tables, rounding="floor")
    assert floor[["verdict", "nearest"]].values.tolist() == [["inconsistent", "38%"]]
