"""The audit of the report's numbers: each check on planted faults, clean tables and the report."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.checks.core import (
    FINDING_COLUMNS,
    ONLY_ROUNDED,
    _match_probability,
    _match_probability_log,
    audit,
    audit_by_rule,
    check_claims,
    check_duplicate_rows,
    check_percent_from_count,
    check_percent_only_columns,
    check_response_rates,
    check_totals,
    population_ranges,
    render_text,
)
from lscb_survey.data.claims import CLAIM_COLUMNS, load_claims
from lscb_survey.data.loaders import load_activities, load_table
from lscb_survey.errors import MissingColumnError
from lscb_survey.stats.rounding import percent_of
from lscb_survey.survey import SURVEY_BASES

FAST = settings(max_examples=80, deadline=None, database=None)
AGREE = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Not specified"]
RATINGS = ["Good", "Reasonable", "Poor", "Don't know"]


# ----------------------------------------------------------------------------- synthetic tables


def likert(items: dict[str, list[int]], *, table: int = 9, rule: str = "half_up", edits=None):
    """A likert frame from counts, percentages rounded by ``rule``; ``edits`` overrides cells."""
    edits = edits or {}
    dtype = pd.CategoricalDtype(AGREE, ordered=True)
    rows = []
    for item_id, counts in items.items():
        n = sum(counts)
        for response, count in zip(AGREE, counts, strict=True):
            pct = edits.get((item_id, response), percent_of(count, n, rule))
            rows.append(
                (table, "s", "Statement", item_id, f"Item {item_id}", "agree5", response, count,
                 pct, n)
            )  # fmt: skip
    frame = pd.DataFrame(
        rows,
        columns=["table", "section", "block", "item_id", "item", "scale", "response", "count",
                 "percent", "n"],
    )  # fmt: skip
    return frame.astype({"response": dtype, "percent": "Int64"})


def returns(categories, counts, populations, *, table=1, rule="half_up", shares=None, rates=None):
    """A returns frame; rates are rounded 100*returns/population unless given."""
    total = sum(counts)
    rows = []
    for k, (cat, count, pop) in enumerate(zip(categories, counts, populations, strict=True)):
        rate = None if pop is None else percent_of(count, pop, rule)
        if rates and cat in rates:
            rate = rates[cat]
        share = percent_of(count, total, rule) if not shares or cat not in shares else shares[cat]
        rows.append((table, "Group", cat, count, rate, share))
        del k
    frame = pd.DataFrame(
        rows,
        columns=["table", "grouping", "category", "returns", "response_rate", "share_of_returns"],
    )
    return frame.astype({"response_rate": "Int64"})


def comparison(columns: dict[tuple[str, str, str], list[int | None]], *, table: int = 3, n=None):
    """A comparison frame from printed columns {(measure, agency, survey): percents}."""
    n = n or SURVEY_BASES
    rows = []
    for (measure, agency, survey), percents in columns.items():
        for rating, pct in zip(RATINGS, percents, strict=True):
            rows.append(
                (
                    table,
                    measure,
                    agency,
                    survey,
                    rating,
                    pct,
                    n[survey],
                    "-" if pct is None else None,
                )
            )
    frame = pd.DataFrame(
        rows,
        columns=["table", "measure", "agency", "survey", "rating", "percent", "n", "missing_mark"],
    )
    return frame.astype(
        {
            "rating": pd.CategoricalDtype(RATINGS, ordered=True),
            "percent": "Int64",
            "missing_mark": "string",
        }
    )


def printed(counts, n, rule="half_up"):
    return [percent_of(c, n, rule) for c in counts]


@st.composite
def count_vectors(draw, k: int = 5, min_n: int = 1, max_n: int = 120):
    n = draw(st.integers(min_n, max_n))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=k - 1, max_size=k - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, n], strict=True)]


RULE_NAMES = ["half_up", "half_down", "half_even", "floor", "ceil"]
RULES = st.sampled_from(RULE_NAMES)


@pytest.fixture(scope="module")
def report_audit() -> pd.DataFrame:
    return audit()


# ----------------------------------------------------------------------------- check 1


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


# ----------------------------------------------------------------------------- check 2


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


# ----------------------------------------------------------------------------- check 3


@FAST
@given(count_vectors(k=4, min_n=20, max_n=200), RULES)
def test_percent_only_clean_columns_never_give_an_error(counts, rule):
    n = sum(counts)
    frame = comparison({("M", "Health", "Munro"): printed(counts, n, rule)}, n={"Munro": n})
    found = check_percent_only_columns(frame, rounding=rule)
    assert not (found["severity"] == "error").any()
    assert set(found["verdict"]) <= {"ambiguous"}


def test_percent_only_impossible_cell():
    # Table 3 (Laming, referral process, youth services): no count of 46 prints as 32%
    frame = comparison({("M", "Youth Services", "Laming"): [32, 28, 20, 20]})
    found = check_percent_only_columns(frame)
    assert len(found) == 1
    row = found.iloc[0]
    assert row["severity"] == "error" and row["location"].endswith('row "Good"')
    assert row["published"] == "32" and row["nearest"] == "33"
    assert "14/46 = 30.43%, 15/46 = 32.61%" in row["message"]
    assert row["fit_range"].startswith("bases 25, 40, 50")  # implied bases in 20-200


def test_percent_only_sum_fault_with_a_digit_slip_and_a_copied_value():
    frame = comparison(
        {
            ("M", "Health", "Munro"): [60, 26, 2, 12],
            ("M", "Police", "Munro"): [60, 28, 4, 18],  # Good copied from Health; true 50 or so
        }
    )
    found = check_percent_only_columns(frame)
    assert found["location"].tolist() == ['Table 3, "M", column "Police" (Munro)']
    assert 'copied from neighbouring cell "Health" (Munro) (60)' in found["likely_cause"][0]
    assert "Good 51 (for 60)" in found["nearest"][0]


def test_percent_only_ambiguous_and_missing_marks():
    ambiguous = comparison({("M", "Health", "Munro"): [37, 10, 53, 0]}, n={"Munro": 150})
    found = check_percent_only_columns(ambiguous)
    assert found[["severity", "verdict"]].values.tolist() == [["info", "ambiguous"]]
    marks = comparison({("M", "Children's social care", "Laming"): [None, None, None, None]})
    marks.loc[2, "missing_mark"] = ""
    found = check_percent_only_columns(marks)
    assert found["message"].tolist() == [
        "missing cells are printed inconsistently: blank in Poor, '-' elsewhere in the column"
    ]


def test_report_percent_only_columns(report_audit):
    found = report_audit[report_audit["check"] == "percent_only_columns"]
    errors = found[found["severity"] == "error"]
    cells = errors[errors["location"].str.contains("row ")]["location"].tolist()
    # Table 3: 32% of 46 (youth services, referral, Laming), 27% of 46 (probation,
    # thresholds, Laming, Poor), 83% of 57 (children's social care, thresholds, Munro);
    # Table 4: 6% of 57 (education, inter-agency working, Munro, Poor)
    assert cells == [
        'Table 3, "Understanding of referral process", column "Youth Services" (Laming), row "Good"',
        'Table 3, "Understanding of thresholds", column "Probation" (Laming), row "Poor"',
        'Table 3, "Understanding of thresholds", column "Children\'s social care" (Munro), row "Good"',
        'Table 4, "Interagency working", column "Education" (Munro), row "Poor"',
    ]
    columns = errors[~errors["location"].str.contains("row ")]["location"].tolist()
    assert columns == [
        'Table 3, "Understanding of referral process", column "Third Sector" (Munro)',
        'Table 4, "Willingness to share information", column "Youth Services" (Munro)',
        'Table 4, "Willingness to share information", column "Third Sector" (Munro)',
        'Table 4, "Trust", column "Third Sector" (Munro)',
    ]
    slip = errors[errors["location"].str.contains('"Probation" \\(Laming\\), row "Poor"')]
    assert slip["likely_cause"].iloc[0] == "digit slip: 27 for 22"
    youth = errors[errors["location"].str.contains('"Youth Services" \\(Munro\\)')]
    assert 'copied from neighbouring cell "Education" (Munro) (60)' in youth["likely_cause"].iloc[0]
    # the one blank-for-dash cell of Table 3
    assert (found["likely_cause"] == "typesetting").sum() == 1


# ----------------------------------------------------------------------------- check 4


def test_match_probability_equals_brute_force():
    n, p = 4, [Fraction(1, 2), Fraction(1, 3), Fraction(1, 6)]
    total = 0.0
    for x in itertools.product(range(n + 1), repeat=3):
        if sum(x) == n:
            coef = math.factorial(n) / math.prod(math.factorial(v) for v in x)
            total += (coef * math.prod(float(q) ** v for q, v in zip(p, x, strict=True))) ** 2
    assert _match_probability(n, p) == pytest.approx(total, rel=1e-12)
    assert _match_probability_log(n, p) == pytest.approx(total, rel=1e-9)
    # a large base overflows floats and takes the logarithmic route:
    # for two categories of 1/2, sum_k C(600, k)^2 / 4^600 = C(1200, 600) / 4^600
    big = _match_probability(600, [Fraction(1, 2), Fraction(1, 2)])
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
    assert t8["likely_cause"] == "row copied from its neighbour"
    assert t8["chance"] < 1e-4
    # Table 3, thresholds, Munro: police and probation both 65, 19, 4, 12
    t3 = found[found["table"] == 3].iloc[0]
    assert t3["published"] == "Good 65%, Reasonable 19%, Poor 4%, Don't know 12%"
    assert found["severity"].tolist() == ["warning", "warning"]


# ----------------------------------------------------------------------------- check 5


def brute_populations(k, rate, rule="either", top=2000):
    from lscb_survey.stats.rounding import is_consistent

    return [p for p in range(max(k, 1), top) if is_consistent(rate, k, p, rule)]


@FAST
@given(st.integers(0, 20), st.integers(1, 300), st.sampled_from(["either", *RULE_NAMES]))
def test_population_ranges_match_brute_force(k, extra, rule):
    population = k + extra
    rate = percent_of(k, population, "half_up" if rule == "either" else rule)
    frame = returns(
        ["A", "B"], [k, 5], [population, 50], rule="half_up" if rule == "either" else rule
    )
    got = population_ranges(frame, rounding=rule).iloc[0]
    top = 200 * k + 500
    expected = brute_populations(k, rate, rule, top=top)
    assert population in expected
    assert int(got["population_min"]) == expected[0]
    if expected[-1] == top - 1:  # every larger population prints the same rate
        assert pd.isna(got["population_max"])
    else:
        assert int(got["population_max"]) == expected[-1]


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


# ----------------------------------------------------------------------------- check 6


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


# ----------------------------------------------------------------------------- audit


def test_audit_frame_shape_and_rules(report_audit):
    assert list(report_audit.columns) == list(FINDING_COLUMNS)
    assert set(report_audit["severity"]) <= {"error", "warning", "info"}
    assert (
        report_audit.loc[report_audit["severity"] == "error", "verdict"] == "inconsistent"
    ).all()
    assert not report_audit.duplicated(["check", "location"]).any()
    tables = report_audit["table"].dropna().astype(int).tolist()
    assert tables == sorted(tables)
    assert report_audit["table"].isna().sum() == 1  # the chairs' count, on no table
    # the duplicate-rows check does not depend on rounding
    assert set(report_audit["rounding"]) == {"either", ""}
    assert (report_audit.loc[report_audit["rounding"] == "", "check"] == "duplicate_rows").all()


def test_audit_counts_by_check_and_severity(report_audit):
    counts = report_audit.groupby(["check", "severity"]).size().to_dict()
    assert counts == {
        ("claims", "error"): 3,
        ("claims", "info"): 4,
        ("claims", "warning"): 2,
        ("duplicate_rows", "warning"): 2,
        ("percent_from_count", "error"): 2,
        ("percent_only_columns", "error"): 8,
        ("percent_only_columns", "info"): 1,
        ("response_rates", "error"): 2,
        ("response_rates", "info"): 1,
        ("totals", "error"): 7,
        ("totals", "info"): 50,
    }


def test_audit_by_rule_and_text():
    by_rule = audit_by_rule(["either", "floor"])
    assert list(by_rule.columns) == ["check", "table", "location", "published", "either",
                                     "floor", "errors"]  # fmt: skip
    t7 = by_rule[by_rule["published"] == "43 (76%)"].iloc[0]
    assert t7["either"] == "inconsistent (error)" and t7["errors"] == 2
    # under truncation 38/57 = 66.67% would print as 66, not 67 (Table 5, Agree)
    t5 = by_rule[(by_rule["table"] == 5) & by_rule["location"].str.contains('"Agree"')]
    assert t5[["either", "floor"]].values.tolist() == [["consistent (ok)", "inconsistent (error)"]]
    text = render_text(audit())
    assert text.startswith("lscb-survey audit: 82 findings (22 errors, 4 warnings, 56 info")


# ----------------------------------------------------------------------------- command line


def test_cli_audit_formats_and_strict(capsys):
    import io

    from lscb_survey.cli import main

    assert main(["audit", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns) == list(FINDING_COLUMNS)
    assert (frame["severity"] == "error").sum() == 22
    assert main(["audit", "--strict"]) == 1
    assert capsys.readouterr().out.startswith("lscb-survey audit: 82 findings")
    assert main(["audit", "--format", "markdown", "--rounding", "half_up"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("| check | severity |") and "<NA>" not in text
    assert "| half_up |" in text


def test_cli_audit_all_rules(capsys):
    import io

    from lscb_survey.cli import main

    assert main(["audit", "--rounding", "all", "--format", "json"]) == 0
    frame = pd.read_json(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns)[4:] == ["either", "half_up", "half_down", "half_even", "floor",
                                       "ceil", "errors"]  # fmt: skip
    # truncation breaks far more cells than any rounding to nearest
    floor_errors = frame["floor"].str.endswith("(error)").sum()
    assert floor_errors > 5 * frame["either"].str.endswith("(error)").sum()


def test_package_audit_stays_a_function_after_submodules_are_imported():
    import importlib
    import pkgutil

    import lscb_survey

    for info in pkgutil.iter_modules(lscb_survey.__path__):
        importlib.import_module(f"lscb_survey.{info.name}")
        # no public name may be shadowed by a submodule of the same name
        assert info.name not in lscb_survey._API, info.name
    assert callable(lscb_survey.audit) and lscb_survey.audit.__module__ == "lscb_survey.checks.core"
