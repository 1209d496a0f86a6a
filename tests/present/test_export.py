"""CSV exports for spreadsheet users."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from lscb_survey.present.export import FORMULA_PREFIXES, escape_cell, write_csv


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_formula_like_text_is_escaped(prefix):
    assert escape_cell(prefix + "cmd") == "'" + prefix + "cmd"


def test_other_cells_are_unchanged():
    assert escape_cell("Agree") == "Agree"
    assert escape_cell("") == ""
    assert escape_cell(-5) == -5
    assert escape_cell(None) is None


def test_write_csv(tmp_path):
    frame = pd.DataFrame(
        {
            "=label": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "Agree", None],
            "count": [-1, 2, 3, 4, 5, 6, 7],
            "response": pd.Categorical(["=a", "b", "b", "b", "b", "b", "b"]),
        }
    )
    path = write_csv(frame, tmp_path / "sub" / "out.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # byte order mark for spreadsheets
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["'=label", "count", "response"]
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", "Agree", ""]
    assert [r[1] for r in rows[1:]] == ["-1", "2", "3", "4", "5", "6", "7"]  # numbers stay numbers
    assert rows[1][2] == "'=a"
    text_cells = [cell for row in rows for cell in (row[0], row[2])]
    assert not any(cell.startswith(FORMULA_PREFIXES) for cell in text_cells)


def test_write_csv_with_index_and_multiindex_columns(tmp_path):
    frame = pd.DataFrame(
        [["1", "2"]],
        index=pd.Index(["-row"], name="item"),
        columns=pd.MultiIndex.from_tuples([("Health (%)", "Laming"), ("Health (%)", "Munro")]),
    )
    path = write_csv(frame, tmp_path / "layout.csv", index=True)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines == ["item,Health (%) Laming,Health (%) Munro", "'-row,1,2"]
