"""Reading files: CSV encodings and delimiters, XLSX, SPSS, Stata, and bad files."""

from __future__ import annotations

import codecs
import sys

import numpy as np
import pandas as pd
import pytest
from waves.cases import counts_of, write_file

from lscb_survey.errors import WaveFormatError
from lscb_survey.waves.constructors import read_wave, wave_from_responses
from lscb_survey.waves.model import WaveValidationError


def test_csv_encodings(tmp_path, small):
    text = "id,Q1,Q2,Q3\nZo\u00eb,1,Don\u2019t know,Yes\nR\u00e9mi,2,Agree,No\n"
    for encoding, name in [
        ("utf-8", "plain"),
        ("utf-8-sig", "bom"),
        ("cp1252", "excel"),
        ("utf-16", "utf16"),
    ]:
        wave = read_wave(write_file(tmp_path / f"{name}.csv", text, encoding), small)
        assert wave.responses.index.tolist() == ["Zo\u00eb", "R\u00e9mi"], encoding
        assert counts_of(wave, "q2")["Don't know"] == 1, encoding
    latin = write_file(tmp_path / "latin.csv", text.replace("\u2019", "'"), "latin-1")
    assert read_wave(latin, small, encoding="latin-1").respondents == 2


def test_csv_delimiters(tmp_path, small):
    for name, sep in [("semi.csv", ";"), ("tab.tsv", "\t"), ("tab.txt", "\t")]:
        body = "\n".join(sep.join(r) for r in [["id", "Q1", "Q2", "Q3"], ["a", "1", "2", "Yes"]])
        assert (
            counts_of(read_wave(write_file(tmp_path / name, body + "\n"), small), "q1")["Agree"]
            == 1
        )


def test_xlsx(tmp_path, small):
    pytest.importorskip("openpyxl")
    df = pd.DataFrame(
        {"id": [101, 102, 103], "Q1": [1, 2.0, None], "Q2": ["Agree", "", "neutral"], "Q3": "Yes"}
    )
    path = tmp_path / "wave.xlsx"
    df.to_excel(path, index=False, engine="openpyxl")
    wave = read_wave(path, small)
    assert wave.responses.index.tolist() == [101, 102, 103]
    assert counts_of(wave, "q1") == {
        "Agree": 1,
        "Neutral": 1,
        "Disagree": 0,
        "Not specified": 1,
        "Don't know": 0,
    }
    assert counts_of(wave, "q2")["Not specified"] == 1
    other = tmp_path / "two.xlsx"
    with pd.ExcelWriter(other, engine="openpyxl") as xl:
        pd.DataFrame({"x": [1]}).to_excel(xl, sheet_name="notes", index=False)
        df.to_excel(xl, sheet_name="data", index=False)
    assert read_wave(other, small, sheet="data").respondents == 3


def _labels(scale) -> dict[float, str]:
    return {float(k): v for k, v in scale.codes.items()}


def test_spss_with_value_labels(tmp_path, small):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.DataFrame(
        {
            "id": [1.0, 2.0, 3.0, 4.0],
            "Q1": [1.0, 8.0, 7.0, np.nan],  # 7: declared user-missing in the file
            "Q2": [3.0, 3.0, 2.0, 1.0],
            "Q3": ["Yes", "No", "", "yes"],
        }
    )
    # The file's labels differ in case from the codebook's: matched after normalisation.
    q2_labels = {1.0: "AGREE", 2.0: "neutral", 3.0: "Disagree"}
    path = tmp_path / "wave.sav"
    pyreadstat.write_sav(
        df,
        path,
        variable_value_labels={"Q1": _labels(small.scales["agree3"]), "Q2": q2_labels},
        missing_ranges={"Q1": [7.0]},
    )
    wave = read_wave(path, small)
    assert wave.responses.index.tolist() == [1, 2, 3, 4]
    assert counts_of(wave, "q1") == {
        "Agree": 1,
        "Neutral": 0,
        "Disagree": 0,
        "Not specified": 2,
        "Don't know": 1,
    }
    assert wave.responses["q2"].tolist() == ["Disagree", "Disagree", "Neutral", "Agree"]
    assert counts_of(wave, "q3") == {"Yes": 2, "No": 1, "Not specified": 1}
    # a file value label that is not a level of the scale is reported as such
    pyreadstat.write_sav(
        df.drop(columns="Q1").assign(Q1=1.0),
        path,
        variable_value_labels={"Q1": {1.0: "Totally agree"}},
    )
    with pytest.raises(WaveValidationError, match="contradict the codebook"):
        read_wave(path, small)
    with pytest.raises(WaveValidationError, match="unknown file value label 'Totally agree'"):
        read_wave(path, small, labels="file")


def test_stata_with_and_without_value_labels(tmp_path, small):
    pyreadstat = pytest.importorskip("pyreadstat")
    df = pd.DataFrame({"id": [1, 2, 3], "Q1": [1, 9, 3], "Q2": [2, 2, 8], "Q3": ["No", "", "Yes"]})
    path = tmp_path / "wave.dta"
    pyreadstat.write_dta(df, path, variable_value_labels={"Q1": _labels(small.scales["agree3"])})
    wave = read_wave(path, small)
    assert wave.responses["q1"].tolist() == ["Agree", "Not specified", "Disagree"]
    assert wave.responses["q2"].tolist() == ["Neutral", "Neutral", "Don't know"]  # codebook codes


def test_missing_optional_dependency(tmp_path, small, monkeypatch):
    sav = tmp_path / "wave.sav"
    sav.write_bytes(b"$FL2" + b"\0" * 200)
    xlsx = tmp_path / "wave.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    monkeypatch.setitem(sys.modules, "pyreadstat", None)
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"needs pyreadstat.*lscb-survey\[waves\]"):
        read_wave(sav, small)
    with pytest.raises(ImportError, match=r"needs openpyxl.*lscb-survey\[waves\]"):
        read_wave(xlsx, small)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", codecs.BOM_UTF8])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(WaveFormatError, match="file is empty"):
        read_wave(path)


def test_header_only(tmp_path):
    path = write_file(tmp_path / "head.csv", "respondent_id,t9_sanctions\n")
    with pytest.raises(WaveFormatError, match="header but no respondent rows"):
        read_wave(path, items=["t9_sanctions"])


def test_header_only_xlsx(tmp_path):
    pytest.importorskip("openpyxl")
    xlsx = tmp_path / "head.xlsx"
    pd.DataFrame(columns=["respondent_id", "t9_sanctions"]).to_excel(xlsx, index=False)
    with pytest.raises(WaveFormatError, match="header but no respondent rows"):
        read_wave(xlsx, items=["t9_sanctions"])


def test_file_not_found(tmp_path):
    with pytest.raises(WaveFormatError, match="file not found"):
        read_wave(tmp_path / "nothing.csv")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("wave.xlsx", b"respondent_id,t9_sanctions\n1,Agree\n", "looks like text"),
        ("wave.csv", b"PK\x03\x04" + b"\0" * 100, "ZIP archive"),
        ("wave.sav", b"respondent_id\n1\n", "looks like text"),
        ("wave.dta", b"PK\x03\x04rest", "ZIP archive"),
        ("wave.csv", b"$FL2" + b"\0" * 100, "SPSS"),
        ("wave.csv", b"abc\x00\x01\x02", "binary file"),
        ("wave.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Excel"),
        ("wave.json", b"{}", "unsupported file type '.json'"),
    ],
)
def test_wrong_file_type(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WaveFormatError, match=message) as info:
        read_wave(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("wave.xlsx", b"PK\x03\x04" + b"not really a zip archive" * 10),
        ("wave.sav", b"$FL2" + b"\x07" * 300),
        ("wave.dta", b"<stata_dta><header>broken"),
    ],
)
def test_corrupt_file(tmp_path, name, content):
    pytest.importorskip("openpyxl" if name.endswith("xlsx") else "pyreadstat")
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(WaveFormatError, match="corrupt") as info:
        read_wave(path)
    assert info.value.file == str(path)


def test_undecodable_bytes(tmp_path):
    # 0x81 and 0x9d are undefined in cp1252 and invalid in UTF-8
    raw = b"respondent_id,t9_sanctions\nr1,Agree\nr2,Dis\x81agree\nr3,\x9d\n"
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(WaveFormatError, match="neither UTF-8 nor Windows-1252") as info:
        read_wave(path, items=["t9_sanctions"])
    err = info.value
    first, second = raw.index(b"\x81"), raw.index(b"\x9d")
    assert err.line == 3
    assert f"byte offset {first} (line 3): 81" in str(err)
    assert f"byte offset {second} (line 4): 9d" in str(err)


def test_mixed_utf8_and_cp1252_is_reported(tmp_path):
    # a UTF-8 curly apostrophe and, later, a cp1252 one: neither decoding is right
    raw = "respondent_id,t9_sanctions\nO\u2019Neil,Agree\n".encode() + b"O\x92Hara,Agree\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    with pytest.raises(WaveFormatError, match="mixes UTF-8") as info:
        read_wave(path, items=["t9_sanctions"])
    offset = raw.index(b"\x92")
    assert f"byte offset {offset} (line 3)" in str(info.value)


def test_wrong_explicit_encoding(tmp_path):
    path = write_file(tmp_path / "w.csv", "respondent_id,t9_sanctions\nZo\u00eb,Agree\n", "latin-1")
    with pytest.raises(WaveFormatError, match="not valid utf-8"):
        read_wave(path, items=["t9_sanctions"], encoding="utf-8")


def test_ragged_rows(tmp_path):
    path = write_file(tmp_path / "w.csv", "respondent_id,t9_sanctions\nr1,Agree,extra\nr2,Agree\n")
    with pytest.raises(WaveFormatError, match="more fields than the header") as info:
        read_wave(path, items=["t9_sanctions"])
    assert info.value.line == 2
    assert "line 2: 3 fields, the header has 2" in str(info.value)


def test_duplicate_column_names(tmp_path):
    path = write_file(
        tmp_path / "w.csv", "respondent_id,t9_sanctions,t9_sanctions\nr1,Agree,Agree\n"
    )
    with pytest.raises(WaveFormatError, match="duplicate column names") as info:
        read_wave(path, items=["t9_sanctions"])
    assert "positions 2 and 3" in str(info.value)
    df = pd.DataFrame([["Agree", "Agree"]], columns=["t9_sanctions", "t9_sanctions"])
    with pytest.raises(WaveValidationError, match="appears twice"):
        wave_from_responses(df, items=["t9_sanctions"])
