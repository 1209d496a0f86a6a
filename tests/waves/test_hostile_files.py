"""Files as analysts bring them: odd line endings, huge fields, ragged rows, stray bytes.

Each test here names one class of problem; the file either reads correctly or
gives a :class:`~lscb_survey.errors.SurveyDataError` naming the line.
"""

from __future__ import annotations

import codecs
import warnings

import pandas as pd
import pytest
from waves.cases import counts_of

from lscb_survey.errors import SurveyDataError, WaveFormatError
from lscb_survey.waves.constructors import read_wave, wave_from_responses
from lscb_survey.waves.layouts import LayoutInfo
from lscb_survey.waves.model import WaveValidationError, WaveWarning

GOOD = "id,Q1,Q2,Q3\n1,Agree,Neutral,Yes\n2,Disagree,Agree,No\n"


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_line_ending_convention(tmp_path, small, ending):
    path = _write(tmp_path, "w.csv", GOOD.replace("\n", ending).encode())
    wave = read_wave(path, small)
    assert wave.respondents == 2
    assert wave.responses["q1"].tolist() == ["Agree", "Disagree"]


def test_header_over_one_mebibyte_is_read(tmp_path, small):
    extra = [f"x{k:05d}" + "y" * 600 for k in range(2_000)]  # 1.2 MB of header
    text = ",".join(["id", "Q1", "Q2", "Q3", *extra]) + "\n1,Agree,Neutral,Yes" + "," * 2_000
    with pytest.warns(WaveWarning, match="ignored 2000 columns") as record:
        wave = read_wave(_write(tmp_path, "w.csv", (text + "\n").encode()), small)
    assert wave.respondents == 1
    assert len(str(record[0].message)) < 8000  # the warning names a few columns, not all


def test_header_field_over_128_kib(tmp_path, small):
    path = _write(tmp_path, "w.csv", ("id,Q1,Q2,Q3," + "x" * 200_000 + "\n1,1,2,Yes,\n").encode())
    with pytest.warns(WaveWarning, match="characters left out"):
        wave = read_wave(path, small)
    assert wave.respondents == 1


def test_huge_bad_cell_gives_a_short_message(tmp_path, small):
    path = _write(tmp_path, "w.csv", ("id,Q1,Q2,Q3\n1," + "A" * 5_000_000 + ",2,Yes\n").encode())
    with pytest.raises(WaveValidationError, match="characters left out") as info:
        read_wave(path, small)
    assert len(str(info.value)) < 8000
    assert "row 1" in str(info.value)


def test_short_row_is_an_error_naming_its_line(tmp_path, small):
    path = _write(tmp_path, "w.csv", b"id,Q1,Q2,Q3\n1,1,2,Yes\n\n2,1,2\n3,1,2,No\n")
    with pytest.raises(WaveFormatError, match="fewer fields than the header") as info:
        read_wave(path, small)
    assert info.value.line == 4
    assert "line 4: 3 fields, the header has 4" in str(info.value)


def test_short_row_with_quoted_multiline_field(tmp_path, small):
    data = b'id,Q1,Q2,Q3\n1,1,"Agree\n",Yes\n2,1,""\n3,1,2,""\n'
    with pytest.raises(WaveFormatError, match="fewer fields") as info:
        read_wave(_write(tmp_path, "w.csv", data), small)
    assert info.value.line == 4


def test_long_row_is_an_error_naming_its_line(tmp_path, small):
    path = _write(tmp_path, "w.csv", b"id,Q1,Q2,Q3\r1,1,2,Yes\r2,1,2,No,x\r")
    with pytest.raises(WaveFormatError, match="more fields than the header") as info:
        read_wave(path, small)
    assert info.value.line == 3


def test_unterminated_quote_names_its_line(tmp_path, small):
    path = _write(tmp_path, "w.csv", b'id,Q1,Q2,Q3\n1,1,2,Yes\n\n2,"1,2,No\n3,1,2,No\n')
    with pytest.raises(WaveFormatError, match="quote") as info:
        read_wave(path, small)
    assert info.value.line == 4


def test_blank_line_before_the_header_is_found(tmp_path, small):
    path = _write(tmp_path, "w.csv", b",,,\nid,Q1,Q2,Q3\n1,1,2,Yes\n")
    with pytest.warns(LayoutInfo, match="from row 2"):
        wave = read_wave(path, small)
    assert wave.respondents == 1


def test_header_named_on_the_wrong_row_shows_the_header_found(tmp_path, small):
    path = _write(tmp_path, "w.csv", b",,,\nid,Q1,Q2,Q3\n1,1,2,Yes\n")
    with pytest.raises(WaveFormatError, match="header found on row 1") as info:
        read_wave(path, small, header_row=1)
    assert info.value.line == 1
    assert "named in data row 1" in str(info.value)


def test_title_row_taken_as_header_names_the_row_of_the_items(tmp_path, small):
    path = _write(tmp_path, "w.csv", b"Survey of boards,,,\nid,Q1,Q2,Q3\n1,1,2,Yes\n")
    with pytest.raises(WaveFormatError, match="header found on row 1") as info:
        read_wave(path, small, header_row=1, layout="plain")
    assert info.value.line == 1
    assert "named in data row 1" in str(info.value)
    assert "--items" not in str(info.value)
    with pytest.warns(LayoutInfo, match="from row 2"):
        assert read_wave(path, small).respondents == 1


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(tmp_path, small, codec):
    wave = read_wave(_write(tmp_path, "w.csv", GOOD.encode(codec)), small)
    assert wave.respondents == 2
    assert wave.responses.index.tolist() == ["1", "2"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_explicit_encoding_without_bom_is_honoured(tmp_path, small, codec):
    path = _write(tmp_path, "w.csv", GOOD.encode(codec))
    assert read_wave(path, small, encoding=codec).respondents == 2


def test_utf16_without_bom_and_without_encoding_says_so(tmp_path, small):
    path = _write(tmp_path, "w.csv", GOOD.encode("utf-16-le"))
    with pytest.raises(WaveFormatError, match="UTF-16"):
        read_wave(path, small)


def test_explicit_utf8_drops_the_bom(tmp_path, small):
    path = _write(tmp_path, "w.csv", codecs.BOM_UTF8 + GOOD.encode())
    assert read_wave(path, small, encoding="utf-8").responses.index.name == "id"


def test_folder_as_wave_file(tmp_path):
    with pytest.raises(WaveFormatError, match="is a folder"):
        read_wave(tmp_path)


@pytest.mark.parametrize("sheet", [["a"], 1.5, True])
def test_sheet_of_the_wrong_type(tmp_path, small, sheet):
    with pytest.raises(TypeError, match="sheet"):
        read_wave(_write(tmp_path, "w.csv", GOOD.encode()), small, sheet=sheet)


def test_negative_sheet(tmp_path, small):
    with pytest.raises(ValueError, match="sheet"):
        read_wave(_write(tmp_path, "w.csv", GOOD.encode()), small, sheet=-1)


@pytest.mark.parametrize("digit", ["\u0661", "\uff11", "\u00b9"])
def test_only_ascii_digits_are_codes(small, digit):
    df = pd.DataFrame({"Q1": [digit, "1"], "Q2": ["1", "2"], "Q3": ["Yes", "No"]})
    with pytest.raises(WaveValidationError, match="unknown label"):
        wave_from_responses(df, small)


def test_ids_differing_only_by_spaces_are_duplicates(small):
    df = pd.DataFrame({"id": ["a", " a"], "Q1": ["1", "1"], "Q2": ["1", "2"], "Q3": ["Yes", "No"]})
    with pytest.raises(WaveValidationError, match="respondent id") as info:
        wave_from_responses(df, small)
    assert info.value.kinds == {"duplicate_id"}


@pytest.mark.parametrize("column", ["Q1", "id"])
def test_list_valued_cell_names_row_and_column(small, column):
    df = pd.DataFrame({"id": ["a", "b"], "Q1": ["1", "1"], "Q2": ["1", "2"], "Q3": ["Yes", "No"]})
    df[column] = df[column].astype(object)
    df.at[1, column] = ["1"]
    with pytest.raises(SurveyDataError, match=f"column '{column}'") as info:
        wave_from_responses(df, small)
    assert "row 2" in str(info.value)


def test_some_items_under_the_default_codebook_gives_one_hint():
    df = pd.DataFrame({"t9_sanctions": ["Agree"], "other": ["x"]})
    with pytest.raises(WaveValidationError, match="items=") as info:
        wave_from_responses(df)
    err = info.value
    assert len(err.details) == 1
    assert err.kinds == {"missing_column"}
    assert "30 item columns are missing" in str(err)
    assert "'t9_sanctions', 'other'" in str(err)  # the columns found
    assert len(str(err)) < 3000


def test_ten_thousand_unmapped_columns_warn_briefly(small):
    df = pd.DataFrame({"Q1": ["1"], "Q2": ["1"], "Q3": ["Yes"]})
    df = pd.concat([df, pd.DataFrame({f"col{k:05d}": ["x"] for k in range(10_000)})], axis=1)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        wave = wave_from_responses(df, small)
    assert wave.respondents == 1
    [message] = [str(w.message) for w in record]
    assert "ignored 10000 columns" in message and "and 9980 more" in message
    assert len(message) < 3000


def test_message_of_a_huge_value_is_elided():
    err = SurveyDataError("bad", file="f.csv", line=2, column="Q1", value="x" * 5_000_000)
    assert len(str(err)) < 1000
    assert "characters left out" in str(err)
    many = SurveyDataError("bad", problems=["p" * 100_000] * 1000)
    assert len(str(many)) < 8000
    assert "... and 980 more" in str(many)


def test_blank_rows_note_counts(tmp_path, small):
    path = _write(tmp_path, "w.csv", b"id,Q1,Q2,Q3\n1,1,2,Yes\n,,,\n")
    with pytest.warns(WaveWarning, match="1 row"):
        assert counts_of(read_wave(path, small), "q1")["Agree"] == 1


def test_spss_labels_contradicting_the_codebook(tmp_path, small):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.DataFrame({"id": [1.0, 2.0], "Q1": [1.0, 3.0], "Q2": [1.0, 2.0], "Q3": ["Yes", "No"]})
    path = tmp_path / "wave.sav"
    # the file swaps codes 1 and 3 of the codebook's agree3 scale
    swapped = {1.0: "Disagree", 2.0: "Neutral", 3.0: "Agree"}
    pyreadstat.write_sav(df, path, variable_value_labels={"Q1": swapped})
    with pytest.raises(WaveValidationError, match="contradict the codebook") as info:
        read_wave(path, small)
    assert info.value.kinds == {"label_conflict"}
    message = str(info.value)
    assert "1.0 = 'Disagree' but code 1 is 'Agree'" in message
    assert "3.0 = 'Agree' but code 3 is 'Disagree'" in message
    by_codebook = read_wave(path, small, labels="codebook")
    assert by_codebook.responses["q1"].tolist() == ["Agree", "Disagree"]
    by_file = read_wave(path, small, labels="file")
    assert by_file.responses["q1"].tolist() == ["Disagree", "Agree"]
    with pytest.raises(ValueError, match="labels must be"):
        read_wave(path, small, labels="spss")


def _workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "data"
    for row in [["id", "Q1", "Q2", "Q3"], [1, 1, "Agree", "Yes"], [2, 2, "Neutral", "No"]]:
        ws.append(row)
    return book, ws


def test_xlsx_formula_without_saved_value_names_the_cell(tmp_path, small):
    book, ws = _workbook(tmp_path)
    ws["B3"] = "=1+1"  # written without a computed value
    path = tmp_path / "w.xlsx"
    book.save(path)
    with pytest.raises(WaveFormatError, match="no saved value") as info:
        read_wave(path, small)
    assert "data!B3" in str(info.value)


def test_xlsx_merged_and_hidden_cells_warn(tmp_path, small):
    book, ws = _workbook(tmp_path)
    ws.append([3, 3, "Agree", "Yes"])
    ws.merge_cells("D2:D3")
    ws.row_dimensions[4].hidden = True
    ws.column_dimensions["C"].hidden = True
    path = tmp_path / "w.xlsx"
    book.save(path)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        wave = read_wave(path, small)
    messages = " | ".join(str(w.message) for w in record)
    assert "merged cells D2:D3" in messages
    assert "hidden rows 4" in messages
    assert "hidden columns C" in messages
    assert wave.respondents == 3


def test_undecodable_byte_in_a_cr_only_file_names_its_line(tmp_path, small):
    data = b"id,Q1,Q2,Q3\r1,1,2,Yes\r2,1,2,N\x81o\r"
    with pytest.raises(WaveFormatError, match="undecodable") as info:
        read_wave(_write(tmp_path, "w.csv", data), small)
    assert info.value.line == 3
