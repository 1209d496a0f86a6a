"""``lscb-survey codebook draft`` and the layout options of the wave commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from lscb_survey.cli import main

FIXTURES = Path(__file__).parent / "waves" / "fixtures" / "platforms"


def test_codebook_draft_writes_a_codebook_the_wave_commands_read(tmp_path, capsys):
    book = tmp_path / "qualtrics.toml"
    assert main(["codebook", "draft", str(FIXTURES / "qualtrics.csv"), "-o", str(book)]) == 0
    assert "qualtrics layout" in capsys.readouterr().out
    first = book.read_bytes()
    assert main(["codebook", "draft", str(FIXTURES / "qualtrics.csv"), "-o", str(book)]) == 0
    assert book.read_bytes() == first
    out = tmp_path / "out"
    args = ["wave", "summarize", str(FIXTURES / "qualtrics.csv"), "--codebook", str(book)]
    assert main([*args, "--out", str(out), "--no-figures", "--complete-only"]) == 0
    captured = capsys.readouterr()
    assert "lscb-survey: note:" in captured.err
    assert "1 incomplete responses left out" in captured.err
    assert "11 respondents" in captured.out
    assert "multiple.csv" in captured.out
    assert (out / "multiple.csv").read_text(encoding="utf-8-sig").startswith("question_id,")


def test_header_row_option_reaches_the_reader(tmp_path, capsys):
    book = tmp_path / "title.toml"
    path = FIXTURES / "title-row.csv"
    assert main(["codebook", "draft", str(path), "-o", str(book), "--header-row", "3"]) == 0
    args = ["wave", "summarize", str(path), "--codebook", str(book), "--no-figures"]
    assert main([*args, "--out", str(tmp_path / "a"), "--header-row", "1"]) == 2
    assert "header found on row 1" in capsys.readouterr().err  # the title row


def test_bad_layout_is_one_line(capsys):
    path = str(FIXTURES / "qualtrics.csv")
    with pytest.raises(SystemExit) as info:
        main(["codebook", "draft", path, "-o", "x.toml", "--layout", "nope"])
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("lscb-survey: error:")
