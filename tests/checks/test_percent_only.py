"""Check 3: percent-only columns of Tables 3-4 come from whole counts."""

from __future__ import annotations

from checks.synthetic import FAST, RULES, comparison, count_vectors, printed
from hypothesis import given

from lscb_survey.checks.percent_only import check_percent_only_columns


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
