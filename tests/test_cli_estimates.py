"""``--population N --rake-to MARGINS.csv`` of the wave commands: design-based estimates, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import lscb_survey as ls
from lscb_survey.cli import main

EXAMPLE = str(ls.config.examples_dir() / "wave-example.csv")
MARGINS = Path(__file__).parent / "stats" / "r" / "cases" / "margins-240.csv"


def test_population_and_margins_write_design_based_estimates(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["wave", "summarize", EXAMPLE, "--out", str(out), "--no-figures"]
    code = main([*args, "--population", "400", "--rake-to", str(MARGINS)])
    assert code == 0
    printed = capsys.readouterr().out
    assert "estimates.csv" in printed and (out / "summary.csv").exists()
    written = pd.read_csv(out / "estimates.csv", encoding="utf-8-sig")
    wave = ls.rake(ls.read_wave(EXAMPLE, population=400), _margins())
    direct = ls.estimate(wave)
    pd.testing.assert_series_equal(written["se"], direct["se"], check_exact=False, rtol=1e-12)
    assert written["design"].str.contains("raked").all()
    assert (out / "estimate-means.csv").exists()


def test_population_with_by_writes_estimates_by_group(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["wave", "summarize", EXAMPLE, "--out", str(out), "--no-figures", "--by", "lscb_type"]
    assert main([*args, "--population", "400"]) == 0
    written = pd.read_csv(out / "estimates-by-lscb_type.csv", encoding="utf-8-sig")
    direct = ls.estimate(ls.read_wave(EXAMPLE, population=400), by="lscb_type")
    pd.testing.assert_series_equal(written["se"], direct["se"], check_exact=False, rtol=1e-12)
    # a raked wave is weighted, and the breakdown by group has no weighted form yet
    assert main([*args, "--rake-to", str(MARGINS)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no weighted form" in err and len(err.splitlines()) == 1


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


# ------------------------------------------------- wave compare, wave trend, wave report


def test_compare_with_a_population_uses_design_based_intervals(tmp_path, capsys):
    out, plain = tmp_path / "design", tmp_path / "plain"
    args = ["wave", "compare", "2012", EXAMPLE, "--no-figures"]
    assert main([*args, "--out", str(plain)]) == 0
    assert main([*args, "--out", str(out), "--population", "400", "--rake-to", str(MARGINS)]) == 0
    printed = capsys.readouterr().out
    assert "estimates.csv" in printed and "estimate-means.csv" in printed
    wave = ls.rake(ls.read_wave(EXAMPLE, population=400), _margins())
    direct = ls.estimate(wave)
    written = pd.read_csv(out / "estimates.csv", encoding="utf-8-sig")
    pd.testing.assert_series_equal(written["se"], direct["se"], check_exact=False, rtol=1e-12)
    designed = pd.read_csv(out / "comparison.csv", encoding="utf-8-sig")
    unweighted = pd.read_csv(plain / "comparison.csv", encoding="utf-8-sig")
    expected = ls.compare_waves(ls.published_wave(), wave)
    np.testing.assert_allclose(designed["ci_low"], expected["ci_low"], rtol=1e-9, equal_nan=True)
    assert not np.allclose(designed["ci_low"], unweighted["ci_low"], equal_nan=True)


def test_trend_design_options_apply_to_the_latest_wave(tmp_path, capsys):
    out = tmp_path / "o"
    args = ["wave", "trend", "2012", EXAMPLE, "--out", str(out), "--no-figures"]
    assert main([*args, "--population", "400"]) == 0
    assert "estimates.csv" in capsys.readouterr().out
    latest = ls.read_wave(EXAMPLE, population=400)
    expected = ls.compare_series([ls.published_wave(), latest])
    series = pd.read_csv(out / "series.csv", encoding="utf-8-sig")
    np.testing.assert_allclose(series["ci_low"], expected["ci_low"], rtol=1e-9, equal_nan=True)
    written = pd.read_csv(out / "estimates.csv", encoding="utf-8-sig")
    pd.testing.assert_series_equal(
        written["se"], ls.estimate(latest)["se"], check_exact=False, rtol=1e-12
    )


def test_wave_report_writes_estimates_beside_the_page(tmp_path, capsys):
    out = tmp_path / "o"
    args = ["wave", "report", EXAMPLE, "--out", str(out), "--population", "400"]
    assert main(args) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("index.html") and str(out / "estimates.csv") in printed
    written = pd.read_csv(out / "estimates.csv", encoding="utf-8-sig")
    direct = ls.estimate(ls.read_wave(EXAMPLE, population=400))
    pd.testing.assert_series_equal(written["se"], direct["se"], check_exact=False, rtol=1e-12)
    assert (out / "estimate-means.csv").exists()


@pytest.mark.parametrize(
    ("command", "extra", "message"),
    [
        (["compare", "2012", EXAMPLE], ["--population", "100"], "smaller than its 240"),
        (["compare", "2012", EXAMPLE], ["--population", "-3"], "positive whole number"),
        (["compare", "2012", EXAMPLE], ["--population", "400", "--suppress", "5"], "suppress"),
        (["trend", "2012", EXAMPLE], ["--population", "100"], "smaller than its 240"),
        (["trend", "2012", EXAMPLE], ["--rake-to", "no-such-file.csv"], "no-such-file.csv"),
        (["report", EXAMPLE], ["--population", "x"], "positive whole number"),
        (["report", EXAMPLE], ["--population", "400", "--suppress", "5"], "suppress"),
    ],
)
def test_bad_design_options_of_other_commands_are_one_line_errors(
    tmp_path, capsys, command, extra, message
):
    args = ["wave", *command, "--out", str(tmp_path / "o"), *extra]
    if command[0] != "report":
        args.append("--no-figures")
    try:
        code = main(args)
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
