"""``wave summarize --population N --rake-to MARGINS.csv``: design-based estimates, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.cli import main

EXAMPLE = str(ls.config.examples_dir() / "wave-example.csv")
MARGINS = Path(__file__).parent / "stats" / "r" / "cases" / "margins-240.csv"


def test_population_and_margins_write_design_based_estimates(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["wave", "summarize", EXAMPLE, "--out", str(out), "--no-figures"]
    code = main([*args, "--population", "400", "--rake-to", str(MARGINS), "--by", "lscb_type"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "estimates.csv" in printed and (out / "summary.csv").exists()
    written = pd.read_csv(out / "estimates.csv", encoding="utf-8-sig")
    wave = ls.rake(ls.read_wave(EXAMPLE, population=400), _margins())
    direct = ls.estimate(wave)
    pd.testing.assert_series_equal(written["se"], direct["se"], check_exact=False, rtol=1e-12)
    assert written["design"].str.contains("raked").all()
    assert (out / "estimates-by-lscb_type.csv").exists()
    assert (out / "estimate-means.csv").exists()


def _margins():
    frame = pd.read_csv(MARGINS)
    out: dict = {}
    for row in frame.itertuples():
        out.setdefault(row.attribute, {})[row.level] = float(row.total)
    return out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--population", "0"], "positive whole number"),
        (["--population", "100"], "smaller than its 240 respondents"),
        (["--rake-to", "no-such-file.csv"], "no-such-file.csv"),
    ],
)
def test_bad_design_options_are_one_line_errors(tmp_path, capsys, extra, message):
    args = ["wave", "summarize", EXAMPLE, "--out", str(tmp_path / "o"), "--no-figures", *extra]
    try:
        code = main(args)
    except SystemExit as exit_:  # option values are checked while parsing
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_margins_that_cannot_be_met_are_one_line_errors(tmp_path, capsys):
    bad = tmp_path / "m.csv"
    bad.write_text("attribute,level,total\nlscb_type,County,10\n")
    args = ["wave", "summarize", EXAMPLE, "--out", str(tmp_path / "o"), "--no-figures"]
    assert main([*args, "--rake-to", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert "lscb_type" in err and "no total" in err and len(err.splitlines()) == 1
    bad.write_text("attribute,level,total\nlscb_type,County,many\n")
    assert main([*args, "--rake-to", str(bad)]) == 2
    assert "line 2" in capsys.readouterr().err
