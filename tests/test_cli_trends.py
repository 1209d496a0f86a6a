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


DONT_KNOW_BOOK = """
[codebook]
name = "A wave offering Don't know"
id_column = "id"

[scales.agree5dk]
levels = ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"]
centre = "Neither agree nor disagree"
missing = ["Not specified", "Don't know"]

[[items]]
id = "t8_willingness"
label = "Willingness to provide an early help offer"
scale = "agree5dk"
table = 8

[[items]]
id = "t8_unmet_need"
label = "Unmet need inhibits early help"
scale = "agree5dk"
table = 8
"""


def _dont_know_wave(tmp_path):
    answers = [
        "Agree",
        "Don't know",
        "Disagree",
        "Strongly agree",
        "",
        "Agree",
        "Neither agree nor disagree",
    ]
    rows = [f"{k},{answers[k % len(answers)]},{answers[(3 * k) % len(answers)]}" for k in range(70)]
    data = tmp_path / "dk.csv"
    data.write_text("id,t8_willingness,t8_unmet_need\n" + "\n".join(rows) + "\n", encoding="utf-8")
    book = tmp_path / "dk.toml"
    book.write_text(DONT_KNOW_BOOK, encoding="utf-8")
    return data, book


def test_wave_compare_and_trend_agree_on_a_wave_offering_dont_know(tmp_path, capsys):
    data, book = _dont_know_wave(tmp_path)
    common = ["--codebook", str(book), "--no-figures"]
    assert (
        cli.main(["wave", "compare", "2012", str(data), "--out", str(tmp_path / "c"), *common]) == 0
    )
    printed = capsys.readouterr().out
    assert "2 items both" in printed and "substantive base" in printed
    comparison = pd.read_csv(tmp_path / "c" / "comparison.csv")
    shared = comparison[comparison.item_id.isin(["t8_willingness", "t8_unmet_need"])]
    assert set(shared["base"]) == {"valid"}
    on_scale = shared[shared["substantive"].astype(bool)]
    assert on_scale[["change_pp", "ci_low", "ci_high", "p_value"]].notna().all().all()

    args = ["wave", "trend", "2012", str(data), "--out", str(tmp_path / "t"), *common]
    assert cli.main([*args, "--items", "t8_willingness"]) == 0
    printed = capsys.readouterr().out
    assert "dk: 70 respondents, 1 items" in printed and "substantive base" in printed
    tests = pd.read_csv(tmp_path / "t" / "trend-tests.csv").set_index("item_id")
    assert tests.loc["t8_willingness", "p_value"] >= 0
    assert "substantive base" in tests.loc["t8_willingness", "note"]
    assert tests.loc["t8_unmet_need", "method"] == "not tested"  # left out by --items
