"""The report of a wave: tables in the 2012 layout, suppression shown as [c], same bytes twice."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from lscb_survey import config, read_wave
from lscb_survey.cli import main
from lscb_survey.present.layout import published_layout
from lscb_survey.present.report import wave_report

EXAMPLE = config.examples_dir() / "wave-example.csv"


@pytest.fixture(scope="module")
def suppressed(tmp_path_factory):
    out = tmp_path_factory.mktemp("wave")
    page = wave_report(EXAMPLE, out, suppress=5, workbook=out / "t.xlsx")
    return page, out / "t.xlsx"


def test_suppressed_cells_show_c_in_page_and_workbook(suppressed):
    page, book = suppressed
    wave = read_wave(EXAMPLE)
    html = page.read_text(encoding="utf-8")
    hidden = sum(
        (published_layout(t, wave=wave, suppress=5) == "[c]").to_numpy().sum() for t in wave.tables
    )
    assert hidden > 0 and html.count("<td>[c]</td>") == hidden
    assert "<img" in html and 'id="summaries"' in html
    wb = load_workbook(book)
    values = [v for ws in wb.worksheets[3:] for row in ws.iter_rows(values_only=True) for v in row]
    assert "[c]" in values and "*" not in values


def test_summaries_and_figures_only_for_items_with_every_count_published(suppressed):
    """A suppressed report keeps summaries and figures of the items with nothing hidden."""
    from lscb_survey.disclosure import suppress

    page, _ = suppressed
    wave = read_wave(EXAMPLE)
    html = page.read_text(encoding="utf-8")
    published = suppress(wave.counts, threshold=5)
    hidden = set(published.loc[published["suppressed"], "item"].astype(str))
    kept = set(published["item"].astype(str)) - hidden
    assert hidden and kept
    summaries = html.split('id="summaries"')[1].split("</section>")[0]
    listed = html.split("Items with hidden counts.")[1].split("</ul>")[0]
    for item in map(escape, hidden):
        assert item not in summaries
        assert item in listed
    alts = " ".join(re.findall(r'alt="([^"]*)"', html))
    assert alts and "Information lost to disclosure control" in html


def test_same_bytes_twice_and_command(suppressed, tmp_path, capsys):
    page, book = suppressed
    args = ["wave", "report", str(EXAMPLE), "--suppress", "5", "--out", str(tmp_path)]
    assert main([*args, "--workbook", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "index.html").read_bytes() == page.read_bytes()
    assert (tmp_path / "t.xlsx").read_bytes() == book.read_bytes()
    assert "index.html" in capsys.readouterr().out


def test_unsuppressed_report_has_tables_summaries_and_figures(tmp_path):
    wave = read_wave(EXAMPLE)
    html = wave_report(wave, tmp_path).read_text(encoding="utf-8")
    for t in wave.tables:
        section = html.split(f'data-table="{t}"')[1].split("</table>")[0]
        assert section.count("<td") == published_layout(t, wave=wave).size
    assert html.count("<img ") >= len(wave.tables)
    assert all(len(a) > 40 for a in re.findall(r'alt="([^"]*)"', html))
    assert "<script" not in html and "http" not in html
