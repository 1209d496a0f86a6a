"""The workbook follows the spreadsheet guidance and has reproducible bytes."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from lscb_survey.present.workbook import (
    SYMBOLS,
    SheetTable,
    layout_sheet,
    tables_2012,
    write_workbook,
)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "tables.xlsx"
    write_workbook(path)
    return path


def test_two_writes_give_the_same_bytes(book, tmp_path):
    again = write_workbook(tmp_path / "again.xlsx")
    assert again.read_bytes() == book.read_bytes()


def test_front_sheets_then_one_table_per_sheet(book):
    wb = load_workbook(book)
    assert wb.sheetnames == ["Cover", "Contents", "Notes"] + [f"Table_{n}" for n in range(1, 11)]
    contents = [r for r in wb["Contents"].iter_rows(min_row=4, values_only=True)]
    assert [r[0] for r in contents] == wb.sheetnames[3:]
    notes = " ".join(str(r[1]) for r in wb["Notes"].iter_rows(min_row=4, values_only=True))
    for symbol in SYMBOLS:
        assert symbol in notes


def test_tables_have_one_header_no_merges_no_blank_rows_and_numbers(book):
    wb = load_workbook(book)
    for name in wb.sheetnames[3:]:
        ws = wb[name]
        assert not ws.merged_cells.ranges, name
        (table,) = ws.tables.values()
        assert table.ref.startswith("A3:")
        rows = list(ws.iter_rows(min_row=4, values_only=True))
        assert rows and all(any(v not in (None, "") for v in row) for row in rows), name
        assert all(v is not None for row in rows for v in row), name
    t7 = wb["Table_7"]
    header = [c.value for c in t7[3]]
    first = [c.value for c in t7[4]]
    assert first[header.index("Agree (count)")] == 43 and first[header.index("Agree (%)")] == 76
    assert isinstance(first[header.index("Agree (count)")], int)


def test_symbols_for_missing_and_not_applicable(book):
    wb = load_workbook(book)
    t3 = wb["Table_3"]
    header = [c.value for c in t3[3]]
    col = header.index("Children's social care (%) Laming")
    assert {row[col] for row in t3.iter_rows(min_row=4, values_only=True)} == {"[x]"}
    t1 = [row for row in wb["Table_1"].iter_rows(min_row=4, values_only=True)]
    assert dict((r[0], r[2]) for r in t1)["Not specified"] == "[z]"


def test_suppressed_cells_are_c(tmp_path):
    tables = tables_2012(suppress=5)
    values = pd.concat([t.frame.astype(str) for t in tables[6:7]]).to_numpy().ravel()
    assert "[c]" in set(values)


def test_formula_like_text_is_escaped(tmp_path):
    frame = pd.DataFrame({"Item": ["=HYPERLINK(1)"], "n": [3]})
    path = write_workbook(tmp_path / "x.xlsx", [SheetTable("Table_1", "@title", frame)])
    ws = load_workbook(path)["Table_1"]
    assert (
        ws["A1"].value == "'@title" and ws["A4"].value == "'=HYPERLINK(1)" and ws["B4"].value == 3
    )


def test_layout_sheet_splits_count_and_percent():
    layout = pd.DataFrame({"Agree": ["4 (7%)", "[c]"], "Total": ["-", ""]}, index=["a", "b"])
    layout.index.name = "Item"
    frame = layout_sheet("S", "T", layout, "likert").frame
    assert frame.columns.tolist() == ["Item", "Agree (count)", "Agree (%)", "Total"]
    assert frame.iloc[0].tolist() == ["a", 4, 7, "[z]"] and frame.iloc[1].tolist() == [
        "b",
        "[c]",
        "[c]",
        "[z]",
    ]
