"""Command line: outputs, option checks and the error policy (one line, no traceback)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lscb_survey import config
from lscb_survey.cli import EXIT_CODES, build_parser, main

EXAMPLE = config.examples_dir() / "wave-example.csv"


def _one_error_line(capsys) -> str:
    """The single line a user error prints to standard error."""
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("lscb-survey: error: ") and "Traceback" not in err
    return lines[0]


def _usage_error(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    return _one_error_line(capsys)


# ----------------------------------------------------------------------------- outputs


def test_table_command_prints_printed_layout(capsys):
    assert main(["table", "7", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "43 (76%)" in out and "Not specified" in out


def test_table_tidy_markdown(capsys):
    assert main(["table", "1", "--tidy", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| table | grouping | category |")


def test_table_json_keeps_the_row_labels(capsys):
    assert main(["table", "7", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["block"] == "Positive implications"
    assert rows[0]["item"].startswith("Is likely to create opportunities")
    assert rows[0]["Agree"] == "43 (76%)"
    assert main(["table", "3", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"measure", "rating", "Health (%) Laming", "Health (%) Munro"} <= set(rows[0])
    assert rows[0]["rating"] == "Good" and rows[0]["Health (%) Laming"] == "59"


def test_table_and_audit_share_format_names(capsys):
    for command in (["table", "7"], ["audit"]):
        outputs = []
        for fmt in ("text", "table"):  # 'table' is the older spelling of 'text'
            assert main([*command, "--format", fmt]) == 0
            outputs.append(capsys.readouterr().out)
        assert outputs[0] == outputs[1] and outputs[0]


def test_reproduce_writes_processed(tmp_path, capsys):
    assert main(["reproduce", "--no-figures", "--processed", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[2/2] processed data" in out and " s)" in out
    assert (tmp_path / "datapackage.json").is_file()


def test_items_option_reads_only_those_items(tmp_path, capsys):
    argv = ["wave", "summarize", str(EXAMPLE), "--out", str(tmp_path), "--no-figures"]
    argv += ["--items", "t7_innovation, t7_relationships", "--items", "t8_willingness"]
    assert main(argv) == 0
    assert "wave-example: 240 respondents, 3 items" in capsys.readouterr().out
    counts = pd.read_csv(tmp_path / "counts.csv", encoding="utf-8-sig")
    assert sorted(counts["item_id"].unique()) == [
        "t7_innovation",
        "t7_relationships",
        "t8_willingness",
    ]


# ----------------------------------------------------------------------------- usage errors


def test_bad_table_number_exits_with_usage_error(capsys):
    line = _usage_error(["table", "12"], capsys)
    assert "argument N: invalid choice: 12" in line


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--suppress", "0", "threshold must be a whole number from 1"),
        ("--suppress", "five", "not a whole number"),
        ("--ci", "95", "between 0 and 1, e.g. 0.95, not 95 (for 95% write 0.95)"),
        ("--ci", "0", "between 0 and 1"),
        ("--ci", "nan", "between 0 and 1"),
        ("--items", "a,,b", "empty item id"),
    ],
)
def test_option_values_are_checked(tmp_path, capsys, option, value, expected):
    argv = ["wave", "compare", "2012", str(EXAMPLE), "--out", str(tmp_path), option, value]
    line = _usage_error(argv, capsys)
    assert f"argument {option}: " in line and expected in line
    assert "lscb-survey wave compare --help" in line


def test_out_naming_a_file_or_a_folder_under_a_file(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    for out, expected in [(afile, "exists and is not a folder"), (afile / "sub", "not a folder")]:
        line = _usage_error(["wave", "summarize", str(EXAMPLE), "--out", str(out)], capsys)
        assert "argument --out" in line and expected in line
    assert afile.read_text() == "x"


def test_out_in_an_unwritable_folder(tmp_path, capsys, monkeypatch):
    # permissions cannot be relied on when the tests run as root: ask the check itself
    monkeypatch.setattr("lscb_survey.cli_options.os.access", lambda path, mode: False)
    line = _usage_error(["wave", "summarize", str(EXAMPLE), "--out", str(tmp_path)], capsys)
    assert "is not writable" in line
    line = _usage_error(["wave", "summarize", str(EXAMPLE), "--out", str(tmp_path / "new")], capsys)
    assert f"cannot be created in {tmp_path}" in line


def test_codebook_or_wave_naming_a_folder_or_nothing(tmp_path, capsys):
    base = ["wave", "summarize", "--out", str(tmp_path / "out")]
    line = _usage_error([*base, str(EXAMPLE), "--codebook", str(tmp_path)], capsys)
    assert "argument --codebook" in line and "is a folder, not a file" in line
    line = _usage_error([*base, str(tmp_path)], capsys)
    assert "argument PATH" in line and "is a folder, not a file" in line
    line = _usage_error([*base, str(tmp_path / "missing.csv")], capsys)
    assert "no such file" in line
    assert not (tmp_path / "out").exists()


def test_errors_never_name_internal_destinations(capsys):
    for argv in (["wave"], ["wave", "bogus"], []):
        line = _usage_error(argv, capsys)
        assert "wave_command" not in line and "command:" not in line
        assert "COMMAND" in line


# ----------------------------------------------------------------------------- errors while running


def test_data_error_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    text = EXAMPLE.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([text[0], text[1].replace("Agree", "Agreeish")]), encoding="utf-8")
    assert main(["wave", "summarize", str(bad), "--out", str(tmp_path / "out")]) == 2
    line = _one_error_line(capsys)
    assert "Agreeish" in line and "bad.csv" in line


CODED_BOOK = """
[codebook]
name = "coded"
id_column = "id"

[scales.agree3]
levels = ["Agree", "Neutral", "Disagree"]
missing = ["Not specified"]
codes = { "1" = "Agree", "2" = "Neutral", "3" = "Disagree" }

[[items]]
id = "q1"
label = "First question"
scale = "agree3"
"""


@pytest.mark.parametrize("suffix", [".sav", ".dta"])
def test_labels_option_chooses_a_side_of_a_label_conflict(tmp_path, capsys, suffix):
    """File labels that contradict the codebook: an error, unless --labels chooses."""
    pyreadstat = pytest.importorskip("pyreadstat")
    book = tmp_path / "coded.toml"
    book.write_text(CODED_BOOK, encoding="utf-8")
    wave = tmp_path / f"wave{suffix}"
    frame = pd.DataFrame({"id": [1, 2, 3], "q1": [1, 1, 3]})
    reversed_labels = {"q1": {1: "Disagree", 2: "Neutral", 3: "Agree"}}
    write = pyreadstat.write_sav if suffix == ".sav" else pyreadstat.write_dta
    write(frame, wave, variable_value_labels=reversed_labels)
    base = ["wave", "summarize", str(wave), "--codebook", str(book), "--no-figures"]

    assert main([*base, "--out", str(tmp_path / "refused")]) == 2
    line = _one_error_line(capsys)
    assert "contradict the codebook" in line and "'Disagree' but code 1 is 'Agree'" in line
    assert not (tmp_path / "refused").exists()

    for side, agree in (("codebook", 2), ("file", 1)):
        out = tmp_path / side
        assert main([*base, "--out", str(out), "--labels", side]) == 0, side
        assert "3 respondents, 1 items" in capsys.readouterr().out
        counts = pd.read_csv(out / "counts.csv", encoding="utf-8-sig").set_index("response")
        assert counts.loc["Agree", "count"] == agree, side
        assert counts.loc["Disagree", "count"] == 3 - agree, side
    compare = ["wave", "compare", str(wave), str(wave), "--codebook", str(book), "--no-figures"]
    assert main([*compare, "--out", str(tmp_path / "cmp")]) == 2
    assert "contradict the codebook" in _one_error_line(capsys)
    assert main([*compare, "--out", str(tmp_path / "cmp"), "--labels", "codebook"]) == 0
    assert (tmp_path / "cmp" / "comparison.csv").exists()


def test_labels_option_takes_only_the_two_sides(capsys):
    argv = ["wave", "compare", "2012", str(EXAMPLE), "--out", "x", "--labels", "mine"]
    assert "--labels" in _usage_error(argv, capsys)


def test_xlsx_without_the_waves_extra(tmp_path, capsys, monkeypatch):
    pytest.importorskip("openpyxl")
    book = tmp_path / "wave.xlsx"
    pd.read_csv(EXAMPLE).to_excel(book, index=False)
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now fails
    assert main(["wave", "summarize", str(book), "--out", str(tmp_path / "out")]) == 2
    line = _one_error_line(capsys)
    assert "pip install 'lscb-survey[waves]'" in line


def test_reproduce_notebooks_outside_a_checkout(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(config, "notebooks_dir", lambda: tmp_path / "nowhere")
    argv = ["reproduce", "--notebooks", "--no-figures", "--processed", str(tmp_path / "p")]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and not (tmp_path / "p").exists()  # nothing ran
    (line,) = captured.err.splitlines()
    assert line.startswith("lscb-survey: error: no notebooks") and "checkout" in line


def test_os_error_while_writing(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out" / "counts.csv"))

    monkeypatch.setattr("lscb_survey.present.pipelines.wave_summary", refuse)
    assert main(["wave", "summarize", str(EXAMPLE), "--out", str(tmp_path / "out")]) == 2
    assert _one_error_line(capsys).endswith(
        "Permission denied: " + str(tmp_path / "out" / "counts.csv")
    )


def test_internal_error_suggests_debug(tmp_path, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("lscb_survey.present.pipelines.wave_summary", broken)
    argv = ["wave", "summarize", str(EXAMPLE), "--out", str(tmp_path)]
    assert main(argv) == EXIT_CODES["internal error"] == 3
    line = _one_error_line(capsys)
    assert "internal error (KeyError: 'boom')" in line and "--debug" in line
    for debug_argv in (["--debug", *argv], [*argv, "--debug"]):
        with pytest.raises(KeyError, match="boom"):
            main(debug_argv)


def test_entry_point_prints_no_traceback(tmp_path):
    argv = ["wave", "compare", "2012", str(EXAMPLE), "--out", str(tmp_path), "--ci", "95"]
    run = subprocess.run(
        [sys.executable, "-m", "lscb_survey.cli", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


# ----------------------------------------------------------------------------- help


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from _parsers(sub)


def test_every_argument_has_help():
    for parser in _parsers(build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                helps = [a.help for a in action._choices_actions]
                assert all(helps) and len(helps) == len(action.choices), parser.prog
            else:
                assert action.help, f"{parser.prog}: {action.option_strings or action.dest}"
        assert parser.description or parser.prog == "lscb-survey", parser.prog


def test_help_documents_n_and_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["table", "--help"])
    assert "table number in the report, 1 to 10" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "Exit status: 0 success" in out and "3 internal error" in out


def test_exit_codes_are_documented():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "command-line.md").read_text("utf-8")
    for what, code in EXIT_CODES.items():
        assert f"| {code} | {what}" in doc


def test_warnings_are_one_line_each(tmp_path, capsys):
    argv = ["wave", "compare", "2012", str(EXAMPLE), "--out", str(tmp_path), "--no-figures"]
    assert main([*argv, "--items", "t7_innovation"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err and all(line.startswith("lscb-survey: warning: ") for line in err)
    assert any("ignored 30 columns" in line for line in err)


def test_report_options_are_checked(tmp_path, capsys):
    afile = tmp_path / "afile"
    afile.write_text("x")
    cases = [
        (["report", "--out", str(afile)], "argument --out: "),
        (["report", "--out", str(tmp_path), "--workbook", str(tmp_path)], "is a folder"),
        (["report", "--out", str(tmp_path), "--workbook", str(afile / "t.xlsx")], "not a folder"),
        (["wave", "report", str(tmp_path), "--out", str(tmp_path)], "argument FILE: "),
        (["wave", "report", "2012", "--out", str(tmp_path), "--suppress", "0"], "--suppress"),
        (["wave", "report", "2012", "--out", str(tmp_path), "--codebook", str(tmp_path)], "folder"),
    ]
    for argv, expected in cases:
        assert expected in _usage_error(argv, capsys)
    assert afile.read_text() == "x" and list(tmp_path.iterdir()) == [afile]


def test_one_wrong_label_in_many_columns_lists_the_scale_once(tmp_path, capsys):
    frame = pd.read_csv(EXAMPLE)
    items = [c for c in frame.columns if c.startswith(("t5_", "t6_", "t7_", "t8_"))]
    frame[items] = "Yes"
    bad = tmp_path / "bad.csv"
    frame.to_csv(bad, index=False)
    assert main(["wave", "summarize", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "characters] ..." not in err  # one line, not cut
    assert err.count("scale 'agree5' has") == 1 and err.count("scale 'positive5' has") == 1
    assert all(f"'{c}'" in err for c in items)  # every column named
    assert "in 240 rows each" in err
