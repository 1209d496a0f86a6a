"""Command lines that used to end in a traceback, exit 3 or write outside ``--out``.

Each ends with exit status 2 and one line ``lscb-survey: error: ...``.
"""

from __future__ import annotations

import os

import pytest

from lscb_survey import config
from lscb_survey.cli import main

EXAMPLE = str(config.examples_dir() / "wave-example.csv")
TOO_LONG = "x" * 5000 + ".csv"


def _error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("lscb-survey: error: ") and "Traceback" not in err
    return lines[0]


def _exit_status(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse errors
        return int(exc.code or 0)


@pytest.mark.parametrize(
    "argv",
    [
        ["wave", "summarize", TOO_LONG, "--out", "{out}"],
        ["wave", "summarize", EXAMPLE, "--codebook", TOO_LONG, "--out", "{out}"],
        ["wave", "summarize", EXAMPLE, "--out", "{out}/" + "y" * 5000],
        ["report", "--out", "{out}", "--workbook", "{out}/" + "z" * 5000 + ".xlsx"],
    ],
)
def test_a_path_over_the_system_limit_is_one_line(tmp_path, capsys, argv):
    argv = [a.replace("{out}", str(tmp_path)) for a in argv]
    assert _exit_status(argv) == 2
    assert "too long" in _error_line(capsys).lower()


def test_a_fifo_given_as_a_file_is_refused_by_its_kind(tmp_path, capsys):
    fifo = tmp_path / "wave.csv"
    os.mkfifo(fifo)
    assert _exit_status(["wave", "summarize", str(fifo), "--out", str(tmp_path / "o")]) == 2
    assert "not a regular file" in _error_line(capsys)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["wave", "trend", EXAMPLE], "two or more waves, got 1"),
        (["wave", "trend", EXAMPLE, "2012", "--names", "a"], "1 names for 2 waves"),
        (["wave", "trend", EXAMPLE, "2012", "--names", "a,b,c"], "3 names for 2 waves"),
        (["wave", "trend", EXAMPLE, "2012", "--names", "a,"], "empty name"),
    ],
)
def test_wave_trend_counts_are_usage_errors(tmp_path, capsys, argv, expected):
    assert _exit_status([*argv, "--out", str(tmp_path)]) == 2
    assert expected in _error_line(capsys)


@pytest.mark.parametrize(
    "argv",
    [["report", "--out", "{out}"], ["wave", "report", EXAMPLE, "--out", "{out}"]],
)
def test_reports_refuse_a_link_named_index_html(tmp_path, capsys, argv):
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "index.html").symlink_to(outside / "victim.html")
    argv = [a.replace("{out}", str(out)) for a in argv]
    assert _exit_status(argv) == 2
    assert "outside" in _error_line(capsys)
    assert not (outside / "victim.html").exists()


def test_control_characters_in_an_error_are_shown_escaped(tmp_path, capsys):
    path = tmp_path / "bad\x1b[31mname.csv"
    path.write_text("id,t9_sanctions\n1,Agree\x07ish\n", encoding="utf-8")
    assert _exit_status(["wave", "summarize", str(path), "--out", str(tmp_path / "o")]) == 2
    line = _error_line(capsys)
    assert "\x1b" not in line and "\x07" not in line
    assert "\\x1b[31m" in line
