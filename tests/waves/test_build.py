"""The frame as a whole: columns missing or extra, blank rows, respondent ids, one error for all."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from waves.cases import T9, counts_of, write_file

from lscb_survey.errors import CodebookError, SurveyDataError, WaveFormatError
from lscb_survey.waves.constructors import read_wave, wave_from_responses
from lscb_survey.waves.model import WaveValidationError, WaveWarning


def test_blank_rows_are_dropped_with_a_warning(tmp_path):
    path = write_file(tmp_path / "w.csv", "respondent_id,t9_sanctions\nr1,Agree\n,\n\nr2,\n , \n")
    with pytest.warns(WaveWarning, match=r"2 rows with every cell blank .* \(data rows 2, 4\)"):
        wave = read_wave(path, items=["t9_sanctions"])
    assert wave.respondents == 2
    assert counts_of(wave, "t9_sanctions")["Not specified"] == 1  # r2 answered nothing
    only_blank = write_file(tmp_path / "b.csv", "respondent_id,t9_sanctions\n,\n")
    with pytest.raises(WaveFormatError, match="all 1 rows are blank"):
        read_wave(only_blank, items=["t9_sanctions"])


def test_missing_item_column(tmp_path):
    path = write_file(tmp_path / "w.csv", "respondent_id,T9_Sanctions\nr1,Agree\n")
    with pytest.raises(WaveValidationError) as info:
        read_wave(path, items=T9)
    err = info.value
    assert err.kinds == {"missing_column"}
    assert err.details["column"].tolist() == T9
    assert "found 'T9_Sanctions' (column names match exactly" in str(err)
    assert isinstance(err, SurveyDataError)


def test_extra_unmapped_columns_warn_and_are_ignored(tmp_path):
    path = write_file(tmp_path / "w.csv", "respondent_id,area,t9_sanctions,notes\nr1,N,Agree,hi\n")
    with pytest.warns(
        WaveWarning, match=r"ignored 2 columns not mapped to any item: 'area', 'notes'"
    ):
        wave = read_wave(path, items=["t9_sanctions"])
    assert wave.responses.columns.tolist() == ["t9_sanctions"]


def test_duplicate_and_blank_respondent_ids(tmp_path):
    path = write_file(
        tmp_path / "w.csv",
        "respondent_id,t9_sanctions\nr1,Agree\nr2,Agree\nr1,Disagree\n,Agree\nr2,\nr1,Agree\n",
    )
    with pytest.raises(WaveValidationError) as info:
        read_wave(path, items=["t9_sanctions"])
    err = info.value
    assert err.kinds == {"duplicate_id", "blank_id"}
    assert "respondent id 'r1' appears 3 times: rows 1, 3, 6" in str(err)
    assert "respondent id 'r2' appears 2 times: rows 2, 5" in str(err)
    assert "blank respondent id in 1 row: row 4" in str(err)


def test_every_problem_in_one_error_with_a_capped_listing(tmp_path):
    header = "respondent_id," + ",".join(f"t8_{c}" for c in ["x"]) + ",t9_sanctions\n"
    rows = "".join(f"r{k % 3},Bad{k},Bad{k}\n" for k in range(30))
    path = write_file(tmp_path / "w.csv", header + rows)
    with pytest.raises(WaveValidationError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read_wave(path, items=["t9_sanctions", "t9_chair_funding"])
    err = info.value
    # 1 missing column + 3 duplicated ids + 20 detailed values + 1 "further values" line
    assert len(err.details) == 25
    assert err.kinds == {"missing_column", "duplicate_id", "unknown_label"}
    assert "... and 5 more" in str(err)
    assert err.details["message"].iloc[-1].endswith("10 further distinct values not recognised")


def test_no_respondents_and_bad_arguments():
    with pytest.raises(WaveFormatError, match="no respondent rows"):
        wave_from_responses(pd.DataFrame({"t9_sanctions": []}), items=["t9_sanctions"])
    with pytest.raises(TypeError):
        wave_from_responses([["Agree"]])  # type: ignore[arg-type]
    with pytest.raises(CodebookError, match="no items"):
        wave_from_responses(pd.DataFrame({"x": ["Agree"]}), items=["nope"])
