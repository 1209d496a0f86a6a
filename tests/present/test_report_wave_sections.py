"""The wave report's comparison and group sections: content, disclosure control, bytes, command."""

from __future__ import annotations

import dataclasses
import re
import warnings

import pytest

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.cli import main
from lscb_survey.disclosure import MARKER, suppress_comparison
from lscb_survey.present.layout import published_layout
from lscb_survey.present.report import wave_report
from lscb_survey.present.report.wave_sections import (
    comparison_section,
    group_section,
    hidden_keys,
)
from lscb_survey.waves.model import WaveWarning

EXAMPLE = config.examples_dir() / "wave-example.csv"
ITEMS = ["t5_shared_understanding", "t6_child_centred", "t7_relationships", "t9_sanctions"]
BY = "lscb_type"


@pytest.fixture(scope="module")
def wave():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WaveWarning)
        return ls.read_wave(EXAMPLE, items=ITEMS)


def _rows(html: str, anchor: str) -> list[list[str]]:
    """Body rows of the table with id ``anchor``: the row label then the cells."""
    body = html.split(f'id="{anchor}"')[1].split("</tbody>")[0].split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def test_comparison_shows_the_numbers_of_compare_waves(wave, tmp_path):
    html = wave_report(wave, tmp_path, compare="2012").read_text(encoding="utf-8")
    c = ls.compare_waves(ls.published_wave(), wave)
    part = c[(c["table"] == 7) & (c["status"] != "only in a")]
    rows = _rows(html, "comparison-table-7")
    assert len(rows) == len(part) > 0
    for row, r in zip(rows, part.itertuples(), strict=True):
        assert row[0] == f"{r.short}: {r.response}"
        assert row[1:4] == [f"{r.pct_a:.1f}", f"{r.pct_b:.1f}", f"{r.change_pp:+.1f}"]
        assert row[4] == f"{r.ci_low:+.1f} to {r.ci_high:+.1f}"
    tests = _rows(html, "comparison-tests")
    assert [t[0] for t in tests] == list(dict.fromkeys(c["short"][c["status"] != "only in a"]))
    assert c.attrs["caveat"] in html and "different informants" not in html


def test_caveat_names_different_informants(wave, tmp_path):
    other = dataclasses.replace(wave, informant="Assistant Director")
    html = wave_report(other, tmp_path, compare="2012").read_text(encoding="utf-8")
    assert "different informants (2012: LSCB chair; wave-example: Assistant Director)" in html


def test_suppressed_comparison_hides_every_derived_value(wave):
    section = comparison_section(ls.published_wave(), wave, threshold=5, sides=("b",))
    expected = suppress_comparison(
        ls.compare_waves(ls.published_wave(), wave), threshold=5, sides=["b"]
    )
    expected = expected[expected["status"] != "only in a"]
    rows = [row for t in section.tables for row in t.rows]
    assert len(rows) == len(expected)
    hidden = 0
    for row, r in zip(rows, expected.itertuples(), strict=True):
        if r.suppressed_b:
            hidden += 1
            assert row[2:] == [MARKER] * 4, row
            assert row[1] != MARKER  # 2012 is published
        else:
            assert MARKER not in row
    assert hidden > 0
    touched = set(expected.loc[expected["suppressed_b"], "short"])
    for row in section.tests.rows:
        assert (row[4:] == [MARKER, MARKER]) == (row[0] in touched)


def test_comparison_hides_the_cells_the_tables_hide(wave, tmp_path):
    """One suppression of the wave's overall counts everywhere, also with a breakdown."""
    html = wave_report(wave, tmp_path, compare="2012", by=BY, suppress=5).read_text("utf-8")
    overall = ls.suppress(wave.counts, threshold=5)  # the wave alone
    keys = hidden_keys(overall, "item_id", "response")
    c = ls.compare_waves(ls.published_wave(), wave)
    c = c[c["status"] != "only in a"].reset_index(drop=True)
    rows = [r for t in (5, 6, 7, 9) for r in _rows(html, f"comparison-table-{t}")]
    assert len(rows) == len(c)
    for row, r in zip(rows, c.itertuples(), strict=True):
        if (r.item_id, r.response) in keys:
            assert row[2] == MARKER and f"{r.pct_b:.1f}" not in row[2:]
    for t in wave.tables:
        layout = published_layout(t, overall[overall["table"] == t])
        section = html.split(f'data-table="{t}"')[1].split("</table>")[0]
        assert section.count(f"<td>{MARKER}</td>") == int((layout == MARKER).to_numpy().sum())
    assert len(keys) > 0


def test_unsuppressed_groups_show_everything(wave):
    section = group_section(wave, BY, resamples=200)
    cells = [c for t in [*section.summaries, section.tests] for row in t.rows for c in row]
    assert MARKER not in cells
    assert len(section.summaries) == wave.counts_by(BY)[BY].nunique()


@pytest.mark.filterwarnings("ignore::lscb_survey.waves.model.WaveWarning")
def test_same_bytes_twice_through_the_command(wave, tmp_path, capsys):
    first = wave_report(
        EXAMPLE, tmp_path / "a", items=ITEMS, compare="2012", by=BY, suppress=5
    ).read_bytes()
    args = ["wave", "report", str(EXAMPLE), "--items", ",".join(ITEMS), "--compare", "2012"]
    args += ["--by", BY, "--suppress", "5", "--out", str(tmp_path / "b")]
    assert main(args) == 0
    assert (tmp_path / "b" / "index.html").read_bytes() == first
    text = first.decode("utf-8")
    assert 'id="comparison"' in text and 'id="groups"' in text
    assert "index.html" in capsys.readouterr().out


def test_command_refuses_an_unknown_attribute(tmp_path, capsys):
    args = ["wave", "report", str(EXAMPLE), "--by", "colour", "--out", str(tmp_path)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "no attribute 'colour'" in err and "lscb_type" in err
    assert not (tmp_path / "index.html").exists()


def test_compare_with_a_file_protects_both_waves(wave):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", WaveWarning)
        earlier = ls.read_wave(config.examples_dir() / "wave-example-2014.csv", items=ITEMS)
    section = comparison_section(earlier, wave, threshold=5, sides=("a", "b"))
    expected = suppress_comparison(ls.compare_waves(earlier, wave), threshold=5)
    rows = [row for t in section.tables for row in t.rows]
    assert len(rows) == len(expected) and bool(expected["suppressed_a"].any())
    for row, r in zip(rows, expected.itertuples(), strict=True):
        assert (row[1] == MARKER) == bool(r.suppressed_a)
        assert (row[3] == MARKER) == bool(r.suppressed_a or r.suppressed_b)


@pytest.mark.filterwarnings("ignore::lscb_survey.waves.model.WaveWarning")
def test_groups_headed_by_label_and_an_empty_group_left_out(tmp_path):
    import pandas as pd

    frame = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    frame.loc[frame[BY] == "", BY] = "County"  # nobody left in "Not specified"
    path = tmp_path / "everyone-typed.csv"
    frame.to_csv(path, index=False)
    html = wave_report(path, tmp_path / "out", items=ITEMS, by=BY).read_text("utf-8")
    assert "Answers by Type of local authority</h2>" in html
    assert "Answers by lscb_type" not in html
    assert "Summary by Type of local authority: County" in html
    assert "Not specified" not in html.split('id="groups"')[1].split("</section>")[0]
    section = group_section(ls.read_wave(path, items=ITEMS), BY, resamples=200)
    assert len(section.summaries) == 4


def test_methods_name_codebook_threshold_and_options(wave, tmp_path):
    html = wave_report(wave, tmp_path, compare="2012", by=BY, suppress=5).read_text("utf-8")
    methods = html.split('id="methods"')[1]
    assert "<dt>Codebook</dt>" in methods and wave.codebook.name in methods
    assert "threshold 5" in methods
    assert "<dt>Compared with</dt><dd>2012</dd>" in methods
    assert f"<dt>Broken down by</dt><dd>{BY}</dd>" in methods
    plain = wave_report(wave, tmp_path / "plain").read_text("utf-8").split('id="methods"')[1]
    assert "none: every count is shown" in plain
