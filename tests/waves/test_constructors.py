"""Making waves end to end: column mapping, the example files, the command line."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest
from waves.cases import EXAMPLE, EXAMPLE_CODEBOOK, EXAMPLE_CODES, T9, counts_of, write_file

import lscb_survey as ls
from lscb_survey import config
from lscb_survey.data.scales import normalise_label
from lscb_survey.errors import CodebookError
from lscb_survey.waves.constructors import read_wave


def test_column_mapping_for_renamed_columns(tmp_path):
    path = write_file(tmp_path / "w.csv", "ID,Q9a,Q9b\nr1,Agree,Disagree\nr2,Disagree,\n")
    wave = read_wave(
        path,
        columns={"t9_sanctions": "Q9a", "t9_funding_guidance": "Q9b"},
        items=T9,
        id_column="ID",
        name="renamed",
        date="2025-03",
        population=10,
    )
    assert counts_of(wave, "t9_funding_guidance")["Not specified"] == 1
    assert (wave.name, wave.date, wave.population, wave.respondents) == (
        "renamed",
        "2025-03",
        10,
        2,
    )
    assert wave.responses.columns.tolist() == T9
    with pytest.raises(CodebookError, match="unknown items"):
        read_wave(path, columns={"t99_nothing": "Q9a"})


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
        assert counts_of(wave, item.id) == expected
    assert list(wave.responses.index[:2]) == ["SYN-0001", "SYN-0002"]
    assert wave.responses.index.name == "respondent_id"
    # the example really does carry the variants real exports have
    cells = pd.unique(raw.drop(columns="respondent_id").to_numpy().ravel())
    assert "" in cells
    assert any(c != c.strip() for c in cells)
    assert any(c.isupper() for c in cells if c.strip())


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
        assert sum(counts_of(wave, item_id).values()) == 120
    assert counts_of(wave, "learning")["Don't know"] > 0  # written with curly and straight quotes


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
    bad = write_file(tmp_path / "bad.csv", f"{header}\n{row}\n")
    args = ["wave", "summarize", str(bad), "--out", str(tmp_path / "o"), "--no-figures"]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "respondent data has 2 problems" in err
    assert "column 't5_shared_understanding' (item 't5_shared_understanding') is missing" in err
    assert "column 't6_child_centred': unknown label '=CMD()'" in err
    assert not (tmp_path / "o").exists()
