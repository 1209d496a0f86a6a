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
    # The symbols used in the tables are explained; none is hidden, so [c] is not.
    assert "[x] means" in notes and "[z] means" in notes and "[c] means" not in notes
    suppressed = load_workbook(write_workbook(book.parent / "c.xlsx", suppress=5))["Notes"]
    hidden = " ".join(str(r[1]) for r in suppressed.iter_rows(min_row=4, values_only=True))
    assert all(f"{symbol} means" in hidden for symbol in SYMBOLS)


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


def _cover(path) -> str:
    return " ".join(str(r[0]) for r in load_workbook(path)["Cover"].iter_rows(values_only=True))


@pytest.fixture(scope="module")
def wave_books(tmp_path_factory):
    import warnings

    import lscb_survey as ls
    from lscb_survey.present.report import wave_report

    out = tmp_path_factory.mktemp("wave")
    example = ls.config.examples_dir() / "wave-example.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wave_report(example, out / "a", compare="2012", by="lscb_type", workbook=out / "open.xlsx")
        wave_report(example, out / "b", suppress=5, workbook=out / "five.xlsx")
        wave_report(example, out / "c", suppress=40, workbook=out / "forty.xlsx")
    return out


def test_wave_workbook_carries_the_wave_provenance(wave_books):
    cover = _cover(wave_books / "open.xlsx")
    assert "wave-example.csv" in cover and "240 respondents" in cover
    assert "Munro, E. R." not in cover  # not the 2012 report as its source
    assert "2009-10" not in cover  # no [x] in a wave's tables, so no note about it
    notes = " ".join(
        str(r[1])
        for r in load_workbook(wave_books / "open.xlsx")["Notes"].iter_rows(
            min_row=4, values_only=True
        )
    )
    assert "Codebook:" in notes and "Compared with: 2012" in notes


def test_wave_workbook_has_the_sections_of_the_page(wave_books):
    names = load_workbook(wave_books / "open.xlsx").sheetnames
    assert "Table_7" in names
    assert any(n.startswith("Summary_") for n in names)
    assert any(n.startswith("Comparison_") for n in names) and "Comparison_tests" in names
    assert any(n.startswith("Group_summary_") for n in names) and "Group_tests" in names
    ws = load_workbook(wave_books / "open.xlsx")["Summary_7"]
    assert isinstance(ws["B4"].value, int)  # n stored as a number


def test_suppressed_wave_workbook_keeps_every_percent_column(wave_books):
    for name in ("five.xlsx", "forty.xlsx"):
        wb = load_workbook(wave_books / name)
        plain = load_workbook(wave_books / "open.xlsx")
        for sheet in ("Table_7", "Table_8", "Table_9"):
            header = [c.value for c in wb[sheet][3]]
            assert header == [c.value for c in plain[sheet][3]], (name, sheet)
            assert sum(str(h).endswith("(%)") for h in header) >= 6
    forty = load_workbook(wave_books / "forty.xlsx")["Table_7"]
    header = [c.value for c in forty[3]]
    column = [
        r[header.index("Strongly agree (%)")] for r in forty.iter_rows(min_row=4, values_only=True)
    ]
    assert set(column) == {"[c]"}  # a wholly hidden column keeps its (%) column
