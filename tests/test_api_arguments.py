"""Public functions given arguments of the wrong kind raise TypeError or ValueError at once.

Before, several of these failed deep inside with ``AttributeError``,
``LookupError`` or openpyxl's ``IllegalCharacterError``.
"""

from __future__ import annotations

import datetime
import zipfile

import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.errors import SurveyDataError
from lscb_survey.present.workbook import SheetTable, write_workbook

ANSWERS = pd.DataFrame({"t9_sanctions": ["Agree", "Disagree", ""]})


@pytest.mark.parametrize("frame", [[1, 2], None, pd.Series([1, 2]), "table"])
def test_suppress_needs_a_frame(frame):
    with pytest.raises(TypeError, match="frame must be a DataFrame"):
        ls.suppress(frame)


def test_suppress_by_must_be_a_column_name():
    with pytest.raises(TypeError, match="by must be"):
        ls.suppress(ls.load_table(9), by=["region"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"columns": ["t9_sanctions"]}, "columns must be a mapping"),
        ({"columns": {1: "x"}}, "columns must map item ids"),
        ({"items": [["t9_sanctions"]]}, "items must be a sequence of item ids"),
        ({"items": "t9_sanctions"}, "items must be a sequence of item ids"),
        ({"id_column": ["id"]}, "id_column must be"),
        ({"name": 5}, "name must be a str"),
        ({"name": " "}, "name must not be blank"),
        ({"date": 2013}, "date must be"),
        ({"date": ""}, "date must not be blank"),
        ({"population": "148"}, "population must be a whole number"),
        ({"population": 2.5}, "population must be a whole number"),
        ({"population": True}, "population must be a whole number"),
        ({"population": 0}, "population must be a whole number of 1 or more"),
        ({"population": 2}, "smaller than the 3 respondents"),
        ({"informant": 1}, "informant must be"),
    ],
)
def test_wave_from_responses_checks_its_arguments(kwargs, message):
    with pytest.raises((TypeError, ValueError), match=message) as info:
        ls.wave_from_responses(ANSWERS, items=kwargs.pop("items", ["t9_sanctions"]), **kwargs)
    assert not isinstance(info.value, SurveyDataError) or "population" in message


def test_good_metadata_is_kept():
    wave = ls.wave_from_responses(
        ANSWERS, items=["t9_sanctions"], date=datetime.date(2013, 2, 1), population=148
    )
    assert wave.population == 148 and wave.date == datetime.date(2013, 2, 1)


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib", "hex", "no-such-codec"])
def test_an_encoding_that_is_not_a_text_encoding_is_a_clear_error(tmp_path, encoding):
    path = tmp_path / "w.csv"
    path.write_text("t9_sanctions\nAgree\n", encoding="utf-8")
    with pytest.raises(SurveyDataError, match="unknown encoding"):
        ls.read_wave(path, items=["t9_sanctions"], encoding=encoding)


@pytest.mark.parametrize("tables", ["x", b"x", pd.DataFrame({"a": [1]}), [1], ["x"]])
def test_write_workbook_needs_sheet_tables(tmp_path, tables):
    with pytest.raises(TypeError, match="SheetTable"):
        write_workbook(tmp_path / "t.xlsx", tables)


def test_control_characters_in_workbook_text_are_written_escaped(tmp_path):
    frame = pd.DataFrame({"Item\x01": ["Agree\x07", "=SUM(A1)"], "count": [1, 2]})
    table = SheetTable("Table\x02_1", "Title \x1b[31m", frame)
    path = write_workbook(tmp_path / "t.xlsx", [table], title="Wave\x0b 2013", notes=["a\x00b"])
    from openpyxl import load_workbook

    book = load_workbook(path)
    values = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "Agree\\x07" in values and "'=SUM(A1)" in values and "Item\\x01" in values
    assert "Title \\x1b[31m" in values and "a\\x00b" in " ".join(map(str, values))
    assert book.properties.title == "Wave\\x0b 2013" and "Table__1" in book.sheetnames
    with zipfile.ZipFile(path) as archive:
        assert all(b"\x07" not in archive.read(n) for n in archive.namelist())


def test_a_codebook_label_with_a_control_character_reaches_a_workbook(tmp_path):
    spec = {
        "scales": {"yn": {"levels": ["Yes", "No"]}},
        "items": [{"id": "q", "label": "Question\x07 one", "scale": "yn"}],
    }
    book = ls.Codebook.from_dict(spec)
    wave = ls.wave_from_responses(pd.DataFrame({"q": ["Yes", "No"]}), book)
    from lscb_survey.present.report.wave import wave_report

    page = wave_report(wave, tmp_path / "out", workbook=tmp_path / "w.xlsx")
    assert page.exists() and (tmp_path / "w.xlsx").exists()
