"""New survey waves: reading, validation, counts, the published wave."""

from __future__ import annotations

import codecs
import importlib.util
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.data.codebook import Codebook
from lscb_survey.data.scales import normalise_label
from lscb_survey.errors import CodebookError, SurveyDataError, TotalMismatchError, WaveFormatError
from lscb_survey.present.layout import published_layout
from lscb_survey.stats.rounding import percent_of
from lscb_survey.waves.model import (
    COUNT_COLUMNS,
    Wave,
    WaveValidationError,
    WaveWarning,
    published_wave,
    read_wave,
    wave_from_responses,
)

EXAMPLE = config.examples_dir() / "wave-example.csv"
EXAMPLE_CODES = config.examples_dir() / "wave-example-codes.csv"
EXAMPLE_CODEBOOK = config.examples_dir() / "wave-example-codebook.toml"
T9 = ["t9_sanctions", "t9_funding_guidance"]

SMALL_SPEC = {
    "codebook": {"name": "small test instrument", "id_column": "id", "weight_column": "w"},
    "scales": {
        "agree3": {
            "levels": ["Agree", "Neutral", "Disagree"],
            "centre": "Neutral",
            "missing": ["Not specified", "Don't know"],
            "codes": {"1": "Agree", "2": "Neutral", "3": "Disagree", "8": "Don't know"},
            "missing_codes": [9, -99],
        },
        "yesno": {"levels": ["Yes", "No"], "missing": ["Not specified"]},
    },
    "items": [
        {"id": "q1", "label": "First question", "scale": "agree3", "column": "Q1"},
        {"id": "q2", "label": "Second question", "scale": "agree3", "column": "Q2"},
        {"id": "q3", "label": "Third question", "scale": "yesno", "column": "Q3"},
    ],
}


@pytest.fixture(scope="module")
def small() -> Codebook:
    return Codebook.from_dict(SMALL_SPEC, source="small.toml")


def _counts(wave: Wave, item: str) -> dict[str, int]:
    part = wave.counts[wave.counts["item_id"] == item]
    return dict(zip(part["response"].astype(str), part["count"].astype(int), strict=True))


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ----------------------------------------------------------------------------- counts


def test_counts_schema_matches_load_table():
    wave = read_wave(EXAMPLE)
    assert list(wave.counts.columns) == list(COUNT_COLUMNS)
    t7 = ls.load_table(7)
    assert (
        wave.table(7)[list(COUNT_COLUMNS)].dtypes.astype(str).tolist()
        == t7.dtypes.astype(str).tolist()
    )
    # every level of every item's scale, zero counts and "Not specified" included
    for item_id, part in wave.counts.groupby("item_id"):
        scale = wave.codebook.scale_of(item_id)
        assert part["response"].astype(str).tolist() == scale.categories
        assert int(part["count"].sum()) == wave.respondents == 240
        assert (part["n"] == 240).all()
        assert part["percent"].tolist() == [percent_of(int(c), 240) for c in part["count"]]


def test_example_wave_matches_its_file_cell_by_cell():
    """Counts recomputed in plain Python from the raw text agree with the wave."""
    wave = read_wave(EXAMPLE)
    raw = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    for item in wave.codebook.items:
        scale = wave.codebook.scale_of(item.id)
        lookup = {normalise_label(c): c for c in scale.categories}
        expected = {c: 0 for c in scale.categories}
        for cell in raw[item.id]:
            expected[lookup[normalise_label(cell)] if cell.strip() else scale.missing[0]] += 1
        assert _counts(wave, item.id) == expected
    assert list(wave.responses.index[:2]) == ["SYN-0001", "SYN-0002"]
    assert wave.responses.index.name == "respondent_id"
    # the example really does carry the variants real exports have
    cells = pd.unique(raw.drop(columns="respondent_id").to_numpy().ravel())
    assert "" in cells
    assert any(c != c.strip() for c in cells)
    assert any(c.isupper() for c in cells if c.strip())


def test_responses_are_ordered_categoricals_of_canonical_labels():
    df = pd.DataFrame(
        {
            "t9_sanctions": ["  AGREE", "strongly   agree", "Strongly agree", ""],
            "t9_funding_guidance": ["Disagree", None, "not SPECIFIED", "Agree"],
        }
    )
    wave = wave_from_responses(df, items=T9)
    col = wave.responses["t9_sanctions"]
    assert col.dtype == ls.default_codebook().scale_of("t9_sanctions").dtype
    assert col.cat.ordered
    assert col.tolist() == ["Agree", "Strongly agree", "Strongly agree", "Not specified"]
    assert wave.responses["t9_funding_guidance"].tolist() == [
        "Disagree",
        "Not specified",
        "Not specified",
        "Agree",
    ]
    assert wave.responses.index.tolist() == [1, 2, 3, 4]
    assert wave.respondents == 4


def test_curly_quotes_and_codes_with_a_codebook(small):
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f"],
            "Q1": ["1", "2", "9", "8", "", "-99"],
            "Q2": ["Don\u2019t know", "don't   know", "Agree", " neutral", "", "Disagree"],
            "Q3": ["Yes", "no", "NO", "", "yes", "Yes"],
            "w": [1, 1, 2, 1, 1, 1],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the weight column is known: no warning
        wave = wave_from_responses(df, small)
    assert _counts(wave, "q1") == {
        "Agree": 1,
        "Neutral": 1,
        "Disagree": 0,
        "Not specified": 3,  # code 9, blank, code -99
        "Don't know": 1,  # code 8 keeps its own level
    }
    assert _counts(wave, "q2") == {
        "Agree": 1,
        "Neutral": 1,
        "Disagree": 1,
        "Not specified": 1,
        "Don't know": 2,
    }
    assert _counts(wave, "q3") == {"Yes": 3, "No": 2, "Not specified": 1}
    assert wave.responses.index.tolist() == list("abcdef")
    assert wave.counts["table"].isna().all()


def test_categorical_input_counts_only_used_categories():
    values = pd.Categorical(["Agree", "agree", None], categories=["Agree", "agree", "Nonsense"])
    wave = wave_from_responses(pd.DataFrame({"t9_sanctions": values}), items=["t9_sanctions"])
    assert _counts(wave, "t9_sanctions")["Agree"] == 2
    assert _counts(wave, "t9_sanctions")["Not specified"] == 1


def test_column_mapping_for_renamed_columns(tmp_path):
    path = _write(tmp_path / "w.csv", "ID,Q9a,Q9b\nr1,Agree,Disagree\nr2,Disagree,\n")
    wave = read_wave(
        path,
        columns={"t9_sanctions": "Q9a", "t9_funding_guidance": "Q9b"},
        items=T9,
        id_column="ID",
        name="renamed",
        date="2025-03",
        population=10,
    )
    assert _counts(wave, "t9_funding_guidance")["Not specified"] == 1
    assert (wave.name, wave.date, wave.population, wave.respondents) == (
        "renamed",
        "2025-03",
        10,
        2,
    )
    assert wave.responses.columns.tolist() == T9
    with pytest.raises(CodebookError, match="unknown items"):
        read_wave(path, columns={"t99_nothing": "Q9a"})


def test_wave_invariant_is_enforced():
    good = published_wave()
    bad = good.counts.copy()
    bad.loc[0, "count"] += 1
    with pytest.raises(TotalMismatchError, match="add up to"):
        Wave(name="x", respondents=57, codebook=good.codebook, counts=bad)


# ----------------------------------------------------------------------------- 2012


def _expand(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Respondent rows whose marginals are the table's counts (columns shuffled apart)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for item_id, part in table.groupby("item_id", sort=False):
        labels = np.repeat(part["response"].astype(str).to_numpy(), part["count"].to_numpy())
        columns[item_id] = rng.permutation(labels)
    return pd.DataFrame(columns)


def test_round_trip_of_table_7_counts():
    t7 = ls.load_table(7)
    responses = _expand(t7, seed=7)
    assert len(responses) == 57  # Table 7: every item totals 57
    wave = wave_from_responses(responses, items=list(responses.columns))
    got = wave.counts.drop(columns="percent")
    pd.testing.assert_frame_equal(got, t7.drop(columns="percent"))
    # Percentages are recomputed from the counts; they differ from the printed
    # ones in one cell only: Table 7 prints 43/57 ("Stronger relationships",
    # Agree) as 76%, but 43/57 = 75.4%.
    differs = t7[wave.counts["percent"].to_numpy() != t7["percent"].to_numpy()]
    assert differs[["item_id", "response", "count", "percent"]].astype(str).values.tolist() == [
        ["t7_relationships", "Agree", "43", "76"]
    ]
    assert published_layout(7, wave=wave).iloc[0, 1] == "43 (75%)"


def test_published_wave():
    wave = published_wave()
    assert (wave.respondents, wave.population) == (57, 148)  # Introduction: 57 of 148 LSCBs
    assert wave.responses is None
    assert wave.tables == [5, 6, 7, 8, 9, 10]
    for table in range(7, 11):
        pd.testing.assert_frame_equal(wave.table(table), ls.load_table(table))
        assert published_layout(table, wave=wave).equals(published_layout(table))
    # Tables 5-6 print no "Not specified" row: the wave adds it with count 0
    t5 = wave.table(5).set_index(wave.table(5)["response"].astype(str))
    assert int(t5.loc["Not specified", "count"]) == 0
    assert int(t5.loc["Agree", "count"]) == 38  # Table 5
    assert ls.likert_summary(wave.counts)["n"].eq(57).all()


def test_published_layout_of_a_new_wave():
    wave = read_wave(EXAMPLE)
    for table in wave.tables:
        layout = published_layout(table, wave=wave)
        if table >= 7:
            assert (layout["Total"] == "240 (100%)").all()
            assert "Not specified" in layout.columns
        else:
            assert layout.loc["Total", "Frequency"] == "240"


# ----------------------------------------------------------------------------- formats


def test_csv_encodings(tmp_path, small):
    text = "id,Q1,Q2,Q3\nZo\u00eb,1,Don\u2019t know,Yes\nR\u00e9mi,2,Agree,No\n"
    for encoding, name in [
        ("utf-8", "plain"),
        ("utf-8-sig", "bom"),
        ("cp1252", "excel"),
        ("utf-16", "utf16"),
    ]:
        wave = read_wave(_write(tmp_path / f"{name}.csv", text, encoding), small)
        assert wave.responses.index.tolist() == ["Zo\u00eb", "R\u00e9mi"], encoding
        assert _counts(wave, "q2")["Don't know"] == 1, encoding
    latin = _write(tmp_path / "latin.csv", text.replace("\u2019", "'"), "latin-1")
    assert read_wave(latin, small, encoding="latin-1").respondents == 2


def test_csv_delimiters(tmp_path, small):
    for name, sep in [("semi.csv", ";"), ("tab.tsv", "\t"), ("tab.txt", "\t")]:
        body = "\n".join(sep.join(r) for r in [["id", "Q1", "Q2", "Q3"], ["a", "1", "2", "Yes"]])
        assert _counts(read_wave(_write(tmp_path / name, body + "\n"), small), "q1")["Agree"] == 1


def test_xlsx(tmp_path, small):
    pytest.importorskip("openpyxl")
    df = pd.DataFrame(
        {"id": [101, 102, 103], "Q1": [1, 2.0, None], "Q2": ["Agree", "", "neutral"], "Q3": "Yes"}
    )
    path = tmp_path / "wave.xlsx"
    df.to_excel(path, index=False, engine="openpyxl")
    wave = read_wave(path, small)
    assert wave.responses.index.tolist() == [101, 102, 103]
    assert _counts(wave, "q1") == {
        "Agree": 1,
        "Neutral": 1,
        "Disagree": 0,
        "Not specified": 1,
        "Don't know": 0,
    }
    assert _counts(wave, "q2")["Not specified"] == 1
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
    assert _counts(wave, "q1") == {
        "Agree": 1,
        "Neutral": 0,
        "Disagree": 0,
        "Not specified": 2,
        "Don't know": 1,
    }
    assert wave.responses["q2"].tolist() == ["Disagree", "Disagree", "Neutral", "Agree"]
    assert _counts(wave, "q3") == {"Yes": 2, "No": 1, "Not specified": 1}
    # a file value label that is not a level of the scale is reported as such
    pyreadstat.write_sav(
        df.drop(columns="Q1").assign(Q1=1.0),
        path,
        variable_value_labels={"Q1": {1.0: "Totally agree"}},
    )
    with pytest.raises(WaveValidationError, match="unknown file value label 'Totally agree'"):
        read_wave(path, small)


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


# ----------------------------------------------------------------------------- bad files


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", codecs.BOM_UTF8])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(WaveFormatError, match="file is empty"):
        read_wave(path)


def test_header_only(tmp_path):
    path = _write(tmp_path / "head.csv", "respondent_id,t9_sanctions\n")
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
    path = _write(tmp_path / "w.csv", "respondent_id,t9_sanctions\nZo\u00eb,Agree\n", "latin-1")
    with pytest.raises(WaveFormatError, match="not valid utf-8"):
        read_wave(path, items=["t9_sanctions"], encoding="utf-8")


def test_ragged_rows(tmp_path):
    path = _write(tmp_path / "w.csv", "respondent_id,t9_sanctions\nr1,Agree,extra\nr2,Agree\n")
    with pytest.raises(WaveFormatError, match="more fields than the header") as info:
        read_wave(path, items=["t9_sanctions"])
    assert info.value.line == 2
    assert "line 2: 3 fields, the header has 2" in str(info.value)


def test_duplicate_column_names(tmp_path):
    path = _write(tmp_path / "w.csv", "respondent_id,t9_sanctions,t9_sanctions\nr1,Agree,Agree\n")
    with pytest.raises(WaveFormatError, match="duplicate column names") as info:
        read_wave(path, items=["t9_sanctions"])
    assert "positions 2 and 3" in str(info.value)
    df = pd.DataFrame([["Agree", "Agree"]], columns=["t9_sanctions", "t9_sanctions"])
    with pytest.raises(WaveValidationError, match="appears twice"):
        wave_from_responses(df, items=["t9_sanctions"])


def test_blank_rows_are_dropped_with_a_warning(tmp_path):
    path = _write(tmp_path / "w.csv", "respondent_id,t9_sanctions\nr1,Agree\n,\n\nr2,\n , \n")
    with pytest.warns(WaveWarning, match=r"2 rows with every cell blank .* \(data rows 2, 4\)"):
        wave = read_wave(path, items=["t9_sanctions"])
    assert wave.respondents == 2
    assert _counts(wave, "t9_sanctions")["Not specified"] == 1  # r2 answered nothing
    only_blank = _write(tmp_path / "b.csv", "respondent_id,t9_sanctions\n,\n")
    with pytest.raises(WaveFormatError, match="all 1 rows are blank"):
        read_wave(only_blank, items=["t9_sanctions"])


# ----------------------------------------------------------------------------- bad answers


def test_missing_item_column(tmp_path):
    path = _write(tmp_path / "w.csv", "respondent_id,T9_Sanctions\nr1,Agree\n")
    with pytest.raises(WaveValidationError) as info:
        read_wave(path, items=T9)
    err = info.value
    assert err.kinds == {"missing_column"}
    assert err.details["column"].tolist() == T9
    assert "found 'T9_Sanctions' (column names match exactly" in str(err)
    assert isinstance(err, SurveyDataError)


def test_extra_unmapped_columns_warn_and_are_ignored(tmp_path):
    path = _write(tmp_path / "w.csv", "respondent_id,region,t9_sanctions,notes\nr1,N,Agree,hi\n")
    with pytest.warns(
        WaveWarning, match=r"ignored 2 columns not mapped to any item: 'region', 'notes'"
    ):
        wave = read_wave(path, items=["t9_sanctions"])
    assert wave.responses.columns.tolist() == ["t9_sanctions"]


def test_unknown_label_names_file_row_column_value(tmp_path):
    path = _write(
        tmp_path / "w.csv",
        "respondent_id,t9_sanctions,t9_funding_guidance\n"
        "r1,Agree,Agree\nr2,Agreee,Agree\nr3,Agreee,Strongly agre\n",
    )
    with pytest.raises(WaveValidationError) as info:
        read_wave(path, items=T9)
    err = info.value
    text = str(err)
    assert str(path) in text
    assert "column 't9_sanctions': unknown label 'Agreee'" in text
    assert "in 2 rows: row 2 (respondent 'r2'), row 3 (respondent 'r3')" in text
    assert "column 't9_funding_guidance': unknown label 'Strongly agre'" in text
    assert err.details["count"].tolist() == [2, 1]
    assert err.details["rows"].tolist() == [(2, 3), (3,)]
    assert err.details["respondents"].tolist() == [("r2", "r3"), ("r3",)]


def test_code_out_of_range(small):
    df = pd.DataFrame({"Q1": [1, 4, 4, 9], "Q2": ["1", "2", "0", "3"], "Q3": "Yes"})
    with pytest.raises(WaveValidationError) as info:
        wave_from_responses(df, small)
    err = info.value
    assert err.kinds == {"code_out_of_range"}
    assert err.details["value"].tolist() == [4, 0]
    assert "code 4 out of range (scale 'agree3' has codes 1, 2, 3, 8; missing codes 9, -99)" in str(
        err
    )
    assert "rows: row 2, row 3" in str(err)


def test_codes_without_declared_codes():
    df = pd.DataFrame({"t9_sanctions": ["2", "4", "2"]})
    with pytest.raises(WaveValidationError, match="declares no codes") as info:
        wave_from_responses(df, items=["t9_sanctions"])
    assert info.value.kinds == {"codes_not_declared"}


def test_mixed_labels_and_codes(small):
    df = pd.DataFrame({"Q1": ["Agree", "2", "Neutral", "3", ""], "Q2": "1", "Q3": "Yes"})
    with pytest.raises(WaveValidationError) as info:
        wave_from_responses(df, small)
    err = info.value
    assert err.kinds == {"mixed_labels_and_codes"}
    assert "column 'Q1' mixes labels (e.g. 'Agree') with numeric codes [2, 3] in 2 rows" in str(err)
    assert err.details["rows"].tolist() == [(2, 4)]


def test_duplicate_and_blank_respondent_ids(tmp_path):
    path = _write(
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
    path = _write(tmp_path / "w.csv", header + rows)
    with pytest.raises(WaveValidationError) as info, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read_wave(path, items=["t9_sanctions", "t9_chair_funding"])
    err = info.value
    # 1 missing column + 3 duplicated ids + 20 detailed values + 1 "further values" line
    assert len(err.details) == 25
    assert err.kinds == {"missing_column", "duplicate_id", "unknown_label"}
    assert "... and 5 more" in str(err)
    assert err.details["message"].iloc[-1].endswith("10 further distinct values not recognised")


def test_blank_without_a_missing_level():
    spec = {
        "scales": {"yn": {"levels": ["Yes", "No"], "missing": []}},
        "items": [{"id": "q", "label": "Q", "scale": "yn"}],
    }
    book = Codebook.from_dict(spec)
    with pytest.raises(WaveValidationError, match="no non-substantive level"):
        wave_from_responses(pd.DataFrame({"q": ["Yes", ""]}), book)
    assert wave_from_responses(pd.DataFrame({"q": ["Yes", "no"]}), book).respondents == 2


def test_no_respondents_and_bad_arguments():
    with pytest.raises(WaveFormatError, match="no respondent rows"):
        wave_from_responses(pd.DataFrame({"t9_sanctions": []}), items=["t9_sanctions"])
    with pytest.raises(TypeError):
        wave_from_responses([["Agree"]])  # type: ignore[arg-type]
    with pytest.raises(CodebookError, match="no items"):
        wave_from_responses(pd.DataFrame({"x": ["Agree"]}), items=["nope"])


# ----------------------------------------------------------------------------- invariant

_SMALL = Codebook.from_dict(SMALL_SPEC, source="small.toml")


def _pool(scale, codes: bool) -> list[object]:
    """Every kind of cell an export may hold for one scale (labels or codes, not both)."""
    blanks: list[object] = ["", "  ", None, np.nan]
    if codes:
        numbers = [*scale.codes, *scale.missing_codes]
        return [*numbers, *map(str, numbers), *(float(c) for c in numbers), *blanks]
    labels = []
    for label in scale.categories:
        labels += [label, label.upper(), label.lower(), f"  {label} ", label.replace("'", "\u2019")]
    return [*labels, *blanks]


@st.composite
def _frames(draw):
    n = draw(st.integers(1, 30))
    data = {}
    for item in _SMALL.items:
        scale = _SMALL.scale_of(item.id)
        pool = _pool(scale, bool(scale.codes) and draw(st.booleans()))
        picks = draw(st.lists(st.integers(0, len(pool) - 1), min_size=n, max_size=n))
        data[item.source_column] = [pool[k] for k in picks]
    return pd.DataFrame(data, dtype=object)


def _reference_count(cell, scale) -> str:
    """Plain per-cell Python mapping, independent of the vectorised code."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or not str(cell).strip():
        return scale.missing[0]
    text = str(cell)
    if isinstance(cell, float):
        text = str(int(cell))
    for level in scale.categories:
        if normalise_label(level) == normalise_label(text):
            return level
    code = int(text)
    return scale.codes.get(code, scale.missing[0])  # otherwise a missing code


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_frames())
def test_counts_sum_to_respondents_for_every_input(frame):
    wave = wave_from_responses(frame, _SMALL)
    assert wave.respondents == len(frame)
    for item in _SMALL.items:
        part = wave.counts[wave.counts["item_id"] == item.id]
        assert int(part["count"].sum()) == len(frame)
        scale = _SMALL.scale_of(item.id)
        expected = pd.Series(
            [_reference_count(c, scale) for c in frame[item.source_column]]
        ).value_counts()
        got = _counts(wave, item.id)
        assert {k: v for k, v in got.items() if v} == expected.to_dict()
        assert (
            wave.responses[item.id].value_counts().sort_index().tolist() == part["count"].tolist()
        )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=6),
            st.integers(-3, 12),
            st.sampled_from(["Yes", "no", " YES ", "", "Not specified"]),
            st.none(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_any_column_is_either_counted_whole_or_rejected(values):
    frame = pd.DataFrame({"Q1": "1", "Q2": "2", "Q3": pd.Series(values, dtype=object)})
    try:
        wave = wave_from_responses(frame, _SMALL)
    except WaveValidationError as err:
        assert err.details["column"].eq("Q3").all()
        assert (err.details["count"] > 0).all()
        return
    for item_id in ("q1", "q2", "q3"):
        assert sum(_counts(wave, item_id).values()) == len(values)


# ----------------------------------------------------------------------------- example files


def test_example_files_are_reproducible(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "make_example_wave", config.PROJECT_ROOT / "scripts" / "make_example_wave.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.main(tmp_path):
        assert path.read_bytes() == (config.examples_dir() / path.name).read_bytes(), path.name


def test_example_with_codes_and_its_codebook():
    wave = read_wave(EXAMPLE_CODES, EXAMPLE_CODEBOOK)
    assert wave.respondents == 120
    assert wave.responses.index.name == "case"
    assert wave.items == ["early_help", "thresholds", "learning", "confidence"]
    for item_id in wave.items:
        assert sum(_counts(wave, item_id).values()) == 120
    assert _counts(wave, "learning")["Don't know"] > 0  # written with curly and straight quotes


# ----------------------------------------------------------------------------- CLI


def test_cli_wave_summarize(tmp_path, capsys):
    from lscb_survey import cli

    out = tmp_path / "out"
    status = cli.main(["wave", "summarize", str(EXAMPLE), "--out", str(out), "--no-figures"])
    assert status == 0
    counts = pd.read_csv(out / "counts.csv", encoding="utf-8-sig")
    assert counts.groupby("item_id")["count"].sum().eq(240).all()
    summary = pd.read_csv(out / "summary.csv", encoding="utf-8-sig")
    assert summary["item_id"].tolist() == [i.id for i in ls.default_codebook().items]
    t7 = pd.read_csv(out / "table07.csv", encoding="utf-8-sig", dtype=str)
    assert t7.columns[:3].tolist() == ["block", "item", "Strongly agree"]
    assert (t7["Total"] == "240 (100%)").all()
    assert "wave-example: 240 respondents, 31 items" in capsys.readouterr().out


def test_cli_wave_summarize_with_a_codebook_and_figures(tmp_path, capsys):
    from lscb_survey import cli

    spec = EXAMPLE_CODEBOOK.read_text(encoding="utf-8").replace(
        'label = "Partner agencies', 'label = "=Partner agencies'
    )
    book = tmp_path / "codebook.toml"
    book.write_text(spec, encoding="utf-8")
    out = tmp_path / "out"
    args = ["wave", "summarize", str(EXAMPLE_CODES), "--codebook", str(book)]
    assert cli.main([*args, "--name", "follow-up", "--out", str(out)]) == 0
    text = (out / "counts.csv").read_text(encoding="utf-8-sig")
    assert "'=Partner agencies" in text  # escaped for spreadsheets
    assert sorted(p.name for p in out.glob("*.png")) == [
        "figure-agree5.png",
        "figure-confidence4.png",
    ]
    assert not list(out.glob("table*.csv"))  # no report tables for this instrument
    assert "follow-up: 120 respondents, 4 items" in capsys.readouterr().out


def test_cli_wave_summarize_reports_bad_data(tmp_path, capsys):
    from lscb_survey import cli

    ids = [i.id for i in ls.default_codebook().items]
    header = ",".join(["respondent_id", *ids[1:]])  # t5_shared_understanding left out
    row = ",".join(["r1", "=CMD()", *[""] * (len(ids) - 2)])  # t6_child_centred is =CMD()
    bad = _write(tmp_path / "bad.csv", f"{header}\n{row}\n")
    args = ["wave", "summarize", str(bad), "--out", str(tmp_path / "o"), "--no-figures"]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "respondent data has 2 problems" in err
    assert "column 't5_shared_understanding' (item 't5_shared_understanding') is missing" in err
    assert "column 't6_child_centred': unknown label '=CMD()'" in err
    assert not (tmp_path / "o").exists()
