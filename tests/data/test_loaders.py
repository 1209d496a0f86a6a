"""Loaders: tidy schemas, values from the report, and clear errors on broken raw files."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import edit_line

import lscb_survey as ls
from lscb_survey import errors
from lscb_survey.data.loaders import load_activities, load_table
from lscb_survey.survey import AGENCIES


def test_every_table_loads_with_its_schema():
    kinds = ls.catalogue().set_index("table")["kind"]
    columns = {
        "returns": [
            "table",
            "grouping",
            "category",
            "returns",
            "response_rate",
            "share_of_returns",
        ],
        "comparison": [
            "table",
            "measure",
            "agency",
            "survey",
            "rating",
            "percent",
            "n",
            "missing_mark",
        ],
        "likert": [
            "table",
            "section",
            "block",
            "item_id",
            "item",
            "scale",
            "response",
            "count",
            "percent",
            "n",
        ],
    }
    for n in range(1, 11):
        frame = ls.load_table(n)
        assert list(frame.columns) == columns[kinds[n]]
        assert (frame["table"] == n).all()
        assert not frame.empty


def test_returns_table_values():
    t1 = load_table(1).set_index("category")
    # Table 1: Unitary authorities returned 19 surveys, 35% response rate, 33% of returns.
    assert t1.loc["Unitary", ["returns", "response_rate", "share_of_returns"]].tolist() == [
        19,
        35,
        33,
    ]
    # "-" (no rate for Not specified) is missing, not zero.
    assert pd.isna(t1.loc["Not specified", "response_rate"])
    assert "Total" not in t1.index
    assert t1["returns"].sum() == 57
    t2 = load_table(2).set_index("category")
    assert t2.loc["East Midlands", "returns"] == 0  # Table 2 prints 0 returns, 0%
    assert t2.loc["East Midlands", "response_rate"] == 0


def test_comparison_table_values_and_missing_cells():
    t3 = load_table(3)
    assert len(t3) == 3 * 7 * 2 * 4
    sel = t3[
        (t3.measure == "Understanding of thresholds")
        & (t3.agency == "Probation")
        & (t3.rating == "Good")
    ].set_index("survey")["percent"]
    # Table 3: probation understanding of thresholds rated good 11% (Laming) vs 65% (Munro).
    assert sel["Laming"] == 11 and sel["Munro"] == 65
    csc_laming = t3[(t3.agency == "Children's social care") & (t3.survey == "Laming")]
    assert csc_laming["percent"].isna().all()  # not rated in 2009-10: missing, never zero
    # One Laming cell is blank in the source rather than "-" (Table 3, quality, Poor).
    assert sorted(csc_laming["missing_mark"].unique().tolist()) == ["", "-"]
    assert set(t3.loc[t3.survey == "Laming", "n"]) == {46}
    assert set(t3.loc[t3.survey == "Munro", "n"]) == {57}
    assert list(t3["agency"].cat.categories) == list(AGENCIES)
    assert t3["rating"].cat.ordered and list(t3["rating"].cat.categories) == [
        "Good",
        "Reasonable",
        "Poor",
        "Don't know",
    ]
    t4 = load_table(4)
    assert list(dict.fromkeys(t4["measure"])) == [
        "Willingness to share information",
        "Trust",
        "Interagency working",
    ]


def test_likert_table_values_and_not_specified_kept():
    t7 = load_table(7)
    assert t7["item_id"].nunique() == 9
    assert set(t7["block"]) == {
        "Positive implications",
        "Negative implications or factors inhibiting implementation",
    }
    row = t7[(t7.item_id == "t7_risk_sensible")].set_index("response")
    # Table 7: "Facilitates a movement from 'risk adverse' ..." 39 agree (68%), 2 not specified.
    assert row.loc["Agree", "count"] == 39 and row.loc["Agree", "percent"] == 68
    assert row.loc["Not specified", "count"] == 2
    assert "risk adverse" in row["item"].iloc[0]  # the report's wording is kept
    assert (t7.groupby("item_id")["count"].sum() == 57).all()
    assert t7["response"].cat.ordered
    assert list(t7["response"].cat.categories)[-1] == "Not specified"
    t10 = load_table(10)
    assert (
        t10.loc[
            (t10.item_id == "t10_timescales") & (t10.response == "Not specified"), "count"
        ].item()
        == 4
    )  # Table 10: 4 (7%) not specified


def test_frequency_tables():
    t5 = load_table(5).set_index("response")
    assert t5.loc["Agree", "count"] == 38 and t5.loc["Agree", "percent"] == 67  # Table 5
    assert t5["count"].sum() == 57 and (t5["n"] == 57).all()
    t6 = load_table(6).set_index("response")
    assert t6.loc["Very positive", "count"] == 13  # Table 6


def test_activities():
    a = load_activities().set_index("activity_id")
    assert a.loc["reflective_practice", "lscbs"] == 34  # "Thirty four LSCBs"
    assert a.loc["reflective_supervision", ["lscbs", "n"]].tolist() == [18, 34]
    assert a.loc["data_collection", "lscbs"] == 40
    assert pd.isna(a.loc["data_collection", "parent"])
    assert a.loc["hackney_discounted", "parent"] == "hackney_model"
    assert (a.loc[a.parent.isna(), "n"] == 57).all()


def test_unknown_table_number():
    with pytest.raises(ValueError, match="tables 1-10"):
        load_table(11)


# ----------------------------------------------------------------------------- planted faults


def test_bad_count_cell_names_file_line_column(raw_copy):
    edit_line(raw_copy / "table07.csv", 3, "42 (74%)", "42 74%")
    with pytest.raises(errors.CellFormatError) as info:
        load_table(7, raw=raw_copy)
    msg = str(info.value)
    assert "table07.csv" in msg and "line 3" in msg and "'Agree'" in msg and "42 74%" in msg
    assert isinstance(info.value, ls.SurveyDataError)


def test_count_not_matching_total(raw_copy):
    edit_line(raw_copy / "table09.csv", 2, "5 (9%)", "6 (9%)")
    with pytest.raises(errors.TotalMismatchError, match=r"add up to 58.*line 2.*'Total'"):
        load_table(9, raw=raw_copy)


def test_frequency_total_mismatch(raw_copy):
    edit_line(raw_copy / "table05.csv", 3, "38", "37")
    with pytest.raises(errors.TotalMismatchError, match="table05.csv"):
        load_table(5, raw=raw_copy)


def test_returns_total_mismatch(raw_copy):
    edit_line(raw_copy / "table02.csv", 2, ",8,", ",9,")
    with pytest.raises(errors.TotalMismatchError, match=r"table02.csv.*line 13"):
        load_table(2, raw=raw_copy)


def test_unknown_item_label(raw_copy):
    edit_line(raw_copy / "table10.csv", 3, "Ring fenced", "Ring-fenced")
    with pytest.raises(errors.UnknownLabelError, match=r"line 3.*'Statement'.*Ring-fenced"):
        load_table(10, raw=raw_copy)


def test_unknown_response_label(raw_copy):
    edit_line(raw_copy / "table08.csv", 1, "Disagree", "Disagre")
    with pytest.raises(errors.UnknownLabelError, match="Disagre"):
        load_table(8, raw=raw_copy)


def test_unknown_agency_and_rating(raw_copy):
    edit_line(raw_copy / "table04.csv", 7, "Police (%)", "Polis (%)")
    with pytest.raises(errors.UnknownLabelError, match=r"table04.csv.*line 7.*Polis"):
        load_table(4, raw=raw_copy)


def test_missing_rating_row(raw_copy):
    edit_line(raw_copy / "table03.csv", 5, "Poor,", "Fair,")
    with pytest.raises(errors.UnknownLabelError, match="lacks ratings"):
        load_table(3, raw=raw_copy)


def test_bad_percent_in_comparison(raw_copy):
    edit_line(raw_copy / "table03.csv", 3, ",59,", ",5 9,")
    with pytest.raises(errors.CellFormatError, match=r"line 3.*Health \(%\) Laming.*5 9"):
        load_table(3, raw=raw_copy)


def test_missing_total_column(raw_copy):
    path = raw_copy / "table09.csv"
    text = path.read_text(encoding="utf-8").replace(",Total", "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(errors.MissingColumnError, match="Total"):
        load_table(9, raw=raw_copy)


def test_missing_cell(raw_copy):
    edit_line(raw_copy / "table01.csv", 3, ",36,26", ",36")
    with pytest.raises(errors.MissingColumnError, match=r"line 3.*percentage of total returns"):
        load_table(1, raw=raw_copy)


def test_missing_item_row(raw_copy):
    path = raw_copy / "table09.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:2] + lines[3:]), encoding="utf-8")
    with pytest.raises(ls.SurveyDataError, match="missing t9_funding_guidance"):
        load_table(9, raw=raw_copy)


def test_bad_activity_count(raw_copy):
    edit_line(raw_copy / "activities.csv", 2, "Thirty four", "Thirty-fourish")
    with pytest.raises(errors.CellFormatError, match=r"activities.csv.*line 2.*lscbs_as_printed"):
        load_activities(raw=raw_copy)


def test_sub_activity_cannot_exceed_parent(raw_copy):
    edit_line(raw_copy / "activities.csv", 3, ",18,", ",40,")
    with pytest.raises(errors.TotalMismatchError, match="base of 34"):
        load_activities(raw=raw_copy)


def test_repeated_response_label_in_header(raw_copy):
    edit_line(raw_copy / "table09.csv", 1, ",Agree,", ",Strongly agree,")
    with pytest.raises(errors.UnknownLabelError, match=r"repeated.*line 1.*'#3'.*Strongly agree"):
        load_table(9, raw=raw_copy)
