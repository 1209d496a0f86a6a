"""Command line."""

from __future__ import annotations

import pytest

from lscb_survey.cli import main


def test_table_command_prints_printed_layout(capsys):
    assert main(["table", "7", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "43 (76%)" in out and "Not specified" in out


def test_table_tidy_markdown(capsys):
    assert main(["table", "1", "--tidy", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| table | grouping | category |")


def test_reproduce_writes_processed(tmp_path, capsys):
    assert main(["reproduce", "--no-figures", "--processed", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "[2/2] processed data" in out and " s)" in out
    assert (tmp_path / "datapackage.json").is_file()


def test_bad_table_number_exits_with_usage_error():
    with pytest.raises(SystemExit) as info:
        main(["table", "12"])
    assert info.value.code == 2
