"""The recommendations catalogue: values from the source and clear errors on a broken file."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from helpers import edit_line

import lscb_survey as ls
from lscb_survey import config, errors
from lscb_survey.data.recommendations import GOVERNMENT_RESPONSES, THEMES, load_recommendations


@pytest.fixture(scope="module")
def rec() -> pd.DataFrame:
    return load_recommendations()


def test_schema_and_order(rec):
    assert list(rec.columns) == [
        "number",
        "theme_number",
        "theme",
        "title",
        "government_response",
        "tables",
        "link_note",
    ]
    assert rec["number"].tolist() == list(range(1, 16))
    assert rec["government_response"].cat.ordered
    assert list(rec["government_response"].cat.categories) == list(GOVERNMENT_RESPONSES)
    assert list(rec["theme"].cat.categories) == list(THEMES)
    assert ls.load_recommendations().equals(rec)


def test_responses_as_printed(rec):
    by_number = rec.set_index("number")["government_response"].astype(str)
    # Government response to each recommendation, as printed in the source.
    assert by_number[9] == "Consider further"
    assert sorted(by_number[by_number == "Accept in principle"].index) == [6, 7, 8, 10, 15]
    assert sorted(by_number[by_number == "Accept"].index) == [1, 2, 3, 4, 5, 11, 12, 13, 14]


def test_themes_as_grouped_in_the_source(rec):
    groups = rec.groupby("theme_number")["number"].apply(sorted).to_dict()
    # Part 1 of the source groups the recommendations under the four themes.
    assert groups == {1: [1, 2, 3, 4], 2: [8, 10, 13], 3: [11, 12, 14, 15], 4: [5, 6, 7, 9]}
    assert (rec["theme"].cat.codes + 1 == rec["theme_number"]).all()


def test_tables_are_valid_report_tables_with_a_note(rec):
    for cell, note in zip(rec["tables"], rec["link_note"], strict=True):
        assert note.strip()
        if pd.isna(cell):
            continue
        numbers = [int(x) for x in cell.split(";")]
        assert numbers == sorted(set(numbers))
        assert all(1 <= x <= 10 for x in numbers)
        # the note names every linked table (e.g. "Table 8", "Tables 3-4")
        assert "Table" in note
        assert all(re.search(rf"\b{x}\b", note) for x in numbers)
    linked = rec.set_index("number")["tables"]
    # Recommendation 10 (early help duty) is the one Table 8 was asked about.
    assert "8" in linked[10].split(";")
    assert linked[2] == "3;4"


def test_titles_are_short_and_own_words(rec):
    assert rec["title"].str.len().max() <= 160
    assert rec["title"].is_unique


# ----------------------------------------------------------------------------- planted faults

# line numbers of data/raw/recommendations.csv: header on line 1, recommendation k on line k+1


@pytest.mark.parametrize(
    ("line", "old", "new", "error", "match"),
    [
        (10, "Consider further", "Considered", errors.UnknownLabelError, "response"),
        (3, "2,1,Valuing", "1,1,Valuing", errors.SurveyDataError, "repeats"),
        (3, "2,1,Valuing", "16,1,Valuing", errors.SurveyDataError, "1-15"),
        (3, "2,1,Valuing", "two,1,Valuing", errors.CellFormatError, "whole number"),
        (
            3,
            "Valuing professional expertise",
            "Valuing expertise",
            errors.UnknownLabelError,
            "theme",
        ),
        (3, "2,1,Valuing", "2,2,Valuing", errors.UnknownLabelError, "theme"),
        (3, ",3;4,", ",3;11,", errors.CellFormatError, "tables"),
        (3, ",3;4,", ",3;3,", errors.CellFormatError, "twice"),
        (1, "government_response", "response", errors.MissingColumnError, "column"),
    ],
)
def test_planted_faults(raw_copy, line, old, new, error, match):
    edit_line(raw_copy / config.RECOMMENDATIONS_FILE, line, old, new)
    with pytest.raises(error, match=match) as info:
        load_recommendations(raw=raw_copy)
    assert config.RECOMMENDATIONS_FILE in str(info.value)


def test_missing_recommendation_is_reported(raw_copy):
    path = raw_copy / config.RECOMMENDATIONS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")  # drop number 5
    with pytest.raises(errors.SurveyDataError, match=r"missing: \[5\]"):
        load_recommendations(raw=raw_copy)


def test_labels_match_up_to_case_and_spacing(raw_copy):
    edit_line(raw_copy / config.RECOMMENDATIONS_FILE, 10, "Consider further", " consider  Further")
    rec = load_recommendations(raw=raw_copy).set_index("number")
    assert rec.loc[9, "government_response"] == "Consider further"


def test_docstring_examples_run():
    # the Examples sections are part of the documentation: they must run and be right
    import doctest

    from lscb_survey.data import recommendations

    result = doctest.testmod(recommendations, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_tables_are_sorted_whatever_the_raw_order(raw_copy):
    edit_line(raw_copy / config.RECOMMENDATIONS_FILE, 2, ",6;7;10,", ",10;6;7,")
    rec = load_recommendations(raw=raw_copy).set_index("number")
    assert rec.loc[1, "tables"] == "6;7;10"
