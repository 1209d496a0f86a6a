"""CSV exports for spreadsheet users."""

from __future__ import annotations

import csv
import os
import re
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lscb_survey.present.export import FORMULA_PREFIXES, escape_cell, is_formula_like, write_csv

# 300 examples in the suite; `make fuzz` (HYPOTHESIS_PROFILE=fuzz) sets its own count.
SUITE_EXAMPLES = {} if os.environ.get("HYPOTHESIS_PROFILE") else {"max_examples": 300}


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


@pytest.mark.parametrize(
    "text",
    [" =1+1", "  @cmd", "\u3000=1", "\u00a0-1", "\uff1dcmd()", "\nlabel"],
)
def test_formula_after_leading_space_or_break_is_escaped(text):
    assert escape_cell(text) == "'" + text


def test_every_line_of_a_multi_line_cell_is_escaped():
    assert escape_cell("\n=1") == "'\n'=1"
    assert escape_cell("a\r\n  +1\rb\n@c") == "a\r\n'  +1\rb\n'@c"
    assert escape_cell("a\nb-c") == "a\nb-c"


def test_carriage_return_then_formula_inside_a_label(tmp_path):
    """A CR inside a label must not end the row, nor start a line a spreadsheet evaluates."""
    label = 'Agree\r=HYPERLINK("http://x","y")'
    path = write_csv(pd.DataFrame({"label": [label], "n": [1]}), tmp_path / "x.csv")
    raw = path.read_bytes().decode("utf-8-sig")
    assert '"Agree\r\'=HYPERLINK(""http://x"",""y"")",1' in raw
    # split the way a naive importer would: no line may read as a formula
    assert not any(is_formula_like(line) for line in re.split(r"\r\n|\r|\n", raw))
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["label", "n"], ['Agree\r\'=HYPERLINK("http://x","y")', "1"]]


def _lines_read_as_formula(cell: str) -> bool:
    """The cell, or a line after a break in it, would start a formula."""
    later_lines = re.split(r"[\r\n]", cell)[1:]
    return is_formula_like(cell) or any(
        line.lstrip()[:1] in tuple("=+-@＝＋－＠") for line in later_lines
    )


@settings(deadline=None, **SUITE_EXAMPLES)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_written_cells_are_escaped_iff_formula_like(text):
    """Written and read back, a cell changes exactly when a spreadsheet could evaluate it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(pd.DataFrame({"label": [text]}), Path(tmp) / "x.csv")
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    assert len(rows) == 2 and len(rows[1]) == 1  # one row, one cell: breaks were quoted
    cell = rows[1][0]
    assert (cell != text) == _lines_read_as_formula(text)
    assert not _lines_read_as_formula(cell)
    assert cell.replace("'", "") == text.replace("'", "")  # only quotes were added
