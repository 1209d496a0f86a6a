"""Command line: ``wave summarize --by`` and ``wave trend``."""

from __future__ import annotations

import pandas as pd

import lscb_survey as ls
from lscb_survey import cli, config

EX = config.examples_dir()


def test_wave_summarize_by_attribute(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["wave", "summarize", str(EX / "wave-example.csv"), "--by", "lscb_type"]
    assert cli.main([*args, "--out", str(out), "--no-figures"]) == 0
    assert "summary-by-lscb_type.csv" in capsys.readouterr().out
    summary = pd.read_csv(out / "summary-by-lscb_type.csv")
    wave = ls.read_wave(EX / "wave-example.csv")
    expected = ls.likert_summary(wave.counts_by("lscb_type"), by="lscb_type")
    assert len(summary) == len(expected) == 5 * 31
    assert (summary["n"].to_numpy() == expected["n"].to_numpy()).all()
    tests = pd.read_csv(out / "group-tests-lscb_type.csv")
    assert set(tests["item_id"]) == set(wave.items)


def test_wave_summarize_by_unknown_attribute_fails(tmp_path, capsys):
    args = ["wave", "summarize", str(EX / "wave-example.csv"), "--by", "colour"]
    status = cli.main([*args, "--out", str(tmp_path), "--no-figures"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "no attribute 'colour'" in err and "lscb_type" in err
    assert "Traceback" not in err


def test_wave_trend_with_2012_as_a_member(tmp_path, capsys):
    out = tmp_path / "trend"
    files = [str(EX / "wave-example-2014.csv"), str(EX / "wave-example-2016.csv")]
    status = cli.main(
        ["wave", "trend", "2012", *files, "--out", str(out), "--names", "2012,2014,2016"]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert "2012: 57 respondents" in printed and "trend-tests.csv" in printed
    tests = pd.read_csv(out / "trend-tests.csv")
    assert (tests["waves"] == "2012, 2014, 2016").all()
    assert sorted(p.name for p in out.glob("top2-table*.png")) == [
        f"top2-table{t:02d}.png" for t in range(5, 11)
    ]
