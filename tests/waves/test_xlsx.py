"""Workbooks that lie: error cells, hidden first sheets, stray far cells, huge merged ranges.

Each hostile workbook is a valid one written by openpyxl whose sheet XML is then
edited, as a person (or a program) could. The memory bombs run in a child
process under an address-space limit, so a regression fails the test instead of
exhausting the machine.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from lscb_survey.errors import WaveFormatError
from lscb_survey.waves.constructors import read_wave
from lscb_survey.waves.model import WaveWarning
from lscb_survey.waves.xlsx import LIMITS

ROWS = [["id", "Q1", "Q2", "Q3"], [1, "Agree", "Neutral", "Yes"], [2, "Disagree", "Agree", "No"]]


def _book(path: Path, *, hidden_first: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "Lookup"
        ws.append(["id", "Q1", "Q2", "Q3"])
        ws.append([9, "Agree", "Agree", "Yes"])
        ws.sheet_state = hidden_first
        ws = wb.create_sheet("Data")
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return path


def _edit_sheet(path: Path, edit, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """Rewrite one part of the archive with ``edit(text) -> text``."""
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    parts[part] = edit(parts[part].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


def _add_cell(xml: str, cell: str) -> str:
    row = re.search(r'r="[A-Z]+([0-9]+)"', cell).group(1)
    return xml.replace("</sheetData>", f'<row r="{row}">{cell}</row></sheetData>')


def test_a_valid_workbook_reads(tmp_path, small):
    wave = read_wave(_book(tmp_path / "w.xlsx"), small)
    assert wave.respondents == 2
    assert wave.responses["q1"].tolist() == ["Agree", "Disagree"]


@pytest.mark.parametrize("error", ["#N/A", "#DIV/0!", "#REF!", "#VALUE!"])
def test_error_cells_are_an_error_naming_the_cell(tmp_path, small, error):
    path = _edit_sheet(
        _book(tmp_path / "w.xlsx"),
        lambda x: re.sub(r'<c r="B3".*?</c>', f'<c r="B3" t="e"><v>{error}</v></c>', x),
    )
    assert b't="e"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    with pytest.raises(WaveFormatError, match="error value") as info:
        read_wave(path, small)
    assert "Sheet!B3" in str(info.value) and error in str(info.value)


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_first_sheet_is_not_read_by_default(tmp_path, small, state):
    path = _book(tmp_path / "w.xlsx", hidden_first=state)
    with pytest.raises(WaveFormatError, match=f"first sheet 'Lookup' is {state}") as info:
        read_wave(path, small)
    assert "'Data'" in str(info.value) and "sheet=" in str(info.value)
    wave = read_wave(path, small, sheet="Data")
    assert wave.responses["q1"].tolist() == ["Agree", "Disagree"]
    with pytest.warns(WaveWarning, match=f"the sheet is {state}"):
        hidden = read_wave(path, small, sheet=0)
    assert hidden.respondents == 1


def test_unknown_sheet_names_the_sheets(tmp_path, small):
    with pytest.raises(WaveFormatError, match="no sheet named 'Nope'.*'Sheet'"):
        read_wave(_book(tmp_path / "w.xlsx"), small, sheet="Nope")
    with pytest.raises(WaveFormatError, match="no sheet 3"):
        read_wave(_book(tmp_path / "w.xlsx"), small, sheet=3)


def test_a_document_type_is_refused(tmp_path, small):
    path = _edit_sheet(
        _book(tmp_path / "w.xlsx"),
        lambda x: x.replace("<worksheet", '<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet', 1),
    )
    with pytest.raises(WaveFormatError, match="document type or entities"):
        read_wave(path, small)


def test_formula_without_saved_value_is_named(tmp_path, small):
    path = _edit_sheet(
        _book(tmp_path / "w.xlsx"),
        lambda x: _add_cell(x, '<c r="E5"><f>1+1</f></c>'),
    )
    with pytest.raises(WaveFormatError, match="no saved value") as info:
        read_wave(path, small)
    assert "Sheet!E5" in str(info.value)


#: Workbooks of a few KB that describe huge sheets: (edit of the sheet XML, expected outcome).
BOMBS = {
    "far_cell": (lambda x: _add_cell(x, '<c r="XFD1048576"><v>1</v></c>'), "span A1:XFD1048576"),
    "far_row": (lambda x: _add_cell(x, '<c r="A2000000000"><v>1</v></c>'), "beyond the last row"),
    "declared_dimension": (
        lambda x: _add_cell(x.replace('ref="A1:D3"', 'ref="A1:XFD1048576"'), '<c r="XFD5"/>'),
        "read (2, 4)",  # an empty styled cell far away is no value
    ),
    "merged_range": (
        lambda x: x.replace(
            "</sheetData>",
            '</sheetData><mergeCells count="1"><mergeCell ref="F1:XFD1048576"/></mergeCells>',
        ),
        "read (2, 4) merged cells F1:XFD1048576",
    ),
}


@pytest.fixture(scope="module")
def bomb_results(tmp_path_factory) -> dict[str, str]:
    """Each of :data:`BOMBS` read in one child process limited to 2 GiB of address space."""
    folder = tmp_path_factory.mktemp("bombs")
    paths = {}
    for name, (edit, _) in BOMBS.items():
        paths[name] = str(_edit_sheet(_book(folder / f"{name}.xlsx"), edit))
        assert Path(paths[name]).stat().st_size < 10_000
    code = textwrap.dedent(
        f"""
        import resource, warnings
        resource.setrlimit(resource.RLIMIT_AS, ({2 * 2**30},) * 2)
        from pathlib import Path
        from lscb_survey.waves.formats import read_file
        from lscb_survey.errors import WaveFormatError
        for name, path in {paths!r}.items():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    frame, _ = read_file(Path(path))
                    out = f"read {{frame.shape}}"
                except WaveFormatError as exc:
                    out = "WaveFormatError " + str(exc).splitlines()[0]
            print(name, out, *(str(w.message) for w in caught))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return dict(line.split(" ", 1) for line in done.stdout.splitlines())


@pytest.mark.parametrize("name", list(BOMBS))
def test_huge_sheets_are_bounded_before_anything_is_laid_out(bomb_results, name):
    out = bomb_results[name]
    for part in BOMBS[name][1].split(" merged "):
        assert part in out, out
    if BOMBS[name][1].startswith("read"):
        assert not out.startswith("WaveFormatError")


def test_too_many_cells_is_refused(tmp_path, monkeypatch):
    monkeypatch.setitem(LIMITS, "cells", 5)
    with pytest.raises(WaveFormatError, match="more than 5 cells with a value"):
        read_wave(_book(tmp_path / "w.xlsx"))


def test_declared_part_size_is_checked_before_decompressing(tmp_path, monkeypatch):
    from lscb_survey.waves import xlsx

    monkeypatch.setattr(xlsx, "MAX_PART_BYTES", 100)
    with pytest.raises(WaveFormatError, match="bytes uncompressed"):
        read_wave(_book(tmp_path / "w.xlsx"))


def test_hidden_rows_and_merged_cells_still_warn(tmp_path, small):
    wb = Workbook()
    ws = wb.active
    for row in ROWS:
        ws.append(row)
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["C"].hidden = True
    ws.merge_cells("E1:F1")
    path = tmp_path / "w.xlsx"
    wb.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_wave(path, small)
    text = " ".join(str(w.message) for w in caught)
    assert "hidden rows 3" in text and "hidden columns C" in text and "E1:F1" in text


def test_a_chart_sheet_is_named_and_the_others_still_read(tmp_path, small):
    from openpyxl.chart import BarChart, Reference

    path = _book(tmp_path / "w.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(wb["Sheet"], min_col=1, min_row=1, max_row=3))
    wb.create_chartsheet("Chart", 0).add_chart(chart)
    wb.save(path)
    with pytest.raises(WaveFormatError, match="'Chart' is not a worksheet"):
        read_wave(path, small)
    assert read_wave(path, small, sheet="Sheet").respondents == 2
