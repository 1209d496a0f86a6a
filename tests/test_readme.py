"""The README's gallery and audit summary match what the code produces."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

import lscb_survey as ls
from lscb_survey.present.figures import gallery_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_gallery_is_the_generated_one():
    assert gallery_markdown() in README


def test_audit_summary_table_matches_audit():
    section = README[README.index("### What the audit finds") :]
    rows = re.findall(r"^\| (\w+) \| (\d+) \| (\d+) \| (\d+) \|$", section, flags=re.M)
    counts = ls.audit().groupby(["check", "severity"]).size()
    expected = {
        check: tuple(int(counts.get((check, sev), 0)) for sev in ("error", "warning", "info"))
        for check in counts.index.get_level_values(0).unique()
    }
    assert {r[0]: tuple(map(int, r[1:])) for r in rows} == expected


def test_readme_names_commands_that_exist():
    from lscb_survey.cli import build_parser

    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    used = set(re.findall(r"^lscb-survey (\w+)", README, flags=re.M))
    assert used and used <= set(subparsers.choices), used - set(subparsers.choices)


def _commands_shown(text: str) -> list[str]:
    """Each ``lscb-survey ...`` command line of code blocks and inline code in ``text``."""
    shown, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced and line.startswith("lscb-survey "):
            shown.append(line)
        elif not fenced:
            shown += re.findall(r"`(lscb-survey [^`]+)`", line)
    return shown


def _parser_of(words: list[str]):
    """The (sub)parser a command line reaches, and the words naming it."""
    import argparse

    from lscb_survey.cli import build_parser

    parser, path = build_parser(), []
    for word in words:
        sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        if sub is None or word not in sub.choices:
            break
        parser, path = sub.choices[word], [*path, word]
    return parser, path


def _check_options(line: str) -> list[str]:
    """What in ``line`` the command line does not accept: unknown options or values."""
    from lscb_survey.cli import build_parser

    words = line.split()[1:]
    parser, path = _parser_of(words)
    known = {s: a for a in [*parser._actions, *build_parser()._actions] for s in a.option_strings}
    wrong = []
    for option, values in re.findall(
        r"(?<![\w-])(--[a-z][a-z-]*)(?:[ =]([a-z0-9.]+(?:\|[^\s`,)|]+)+))?", line
    ):
        if option not in known:
            wrong.append(f"{' '.join(path)} {option}")
        elif values and known[option].choices is not None:
            shown = [v for v in values.strip("(),").split("|") if v.islower()]
            wrong += [f"{option} {v}" for v in shown if v not in known[option].choices]
    return wrong


@pytest.mark.parametrize("name", ["README.md", "docs/command-line.md"])
def test_options_shown_exist(name):
    """Every --option the README (and the command-line page) shows is one the command takes."""
    text = (ROOT / name).read_text(encoding="utf-8")
    lines = _commands_shown(text)
    if name.endswith("command-line.md"):  # the table of commands and their main options
        rows = re.findall(r"^\| `([a-z ]+)[^`]*` \|[^|]*\|(.*)\|$", text, flags=re.M)
        lines += [f"lscb-survey {cmd} {options}" for cmd, options in rows]
    assert len(lines) >= 5, lines
    wrong = [w for line in lines for w in _check_options(line.replace("\\|", "|"))]
    assert not wrong, wrong


def test_option_check_finds_a_made_up_option():
    assert _check_options("lscb-survey wave compare 2012 X --out D --supress 5") == [
        "wave compare --supress"
    ]
    assert _check_options("lscb-survey table 7 --format text|yaml") == ["--format yaml"]
    assert _check_options("lscb-survey wave summarize F --labels codebook|file") == []


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def _number(word: str) -> int:
    return _WORDS[word.lower()] if word.lower() in _WORDS else int(word)


def _prose() -> str:
    """The audit section's prose, on one line."""
    section = README[README.index("### What the audit finds") : README.index("## Command line")]
    return " ".join(section.split())


def test_audit_prose_about_tables_3_and_4_matches_audit():
    found = re.search(
        r"(\w+) percentages in Tables 3-4 cannot arise from any whole count of their base "
        r"and (\w+) columns there add up to (\d+)-(\d+)",
        _prose(),
    )
    assert found, "the sentence about Tables 3-4 is missing"
    errors = ls.audit().query("severity == 'error' and table in [3, 4]")
    cells = errors[
        (errors["check"] == "percent_only_columns") & errors["location"].str.contains(", row ")
    ]
    totals = errors.loc[errors["check"] == "totals", "message"]
    sums = [int(v) for v in totals.str.extract(r"add up to (\d+)")[0].dropna()]
    assert _number(found.group(1)) == len(cells)
    assert _number(found.group(2)) == len(sums) > 0
    assert (int(found.group(3)), int(found.group(4))) == (min(sums), max(sums))


def test_audit_prose_about_tables_1_2_and_7_matches_audit():
    prose = _prose()
    frame = ls.audit()
    rates = frame.loc[(frame["check"] == "response_rates") & (frame["table"] == 1), "message"]
    implied = re.search(r"imply (\d+-\d+) LSCBs in all", " ".join(rates))
    assert implied and f"imply {implied.group(1)} LSCBs rather than the 148" in prose
    cells = frame[(frame["check"] == "percent_from_count") & (frame["severity"] == "error")]
    printed = {(int(r.table), str(r.message)) for r in cells.itertuples()}
    assert any(t == 2 and "5/57" in m and "not 6%" in m for t, m in printed)
    assert "prints 6% for Outer London's 5 of 57" in prose
    assert any(t == 7 and "43/57" in m and "not 76%" in m for t, m in printed)
    assert "Table 7 prints 43 of 57 as 76%" in prose


def _leaf_commands() -> list[str]:
    """Every command the parser takes, subcommands spelled out (``wave trend``)."""
    from lscb_survey.cli import build_parser

    out: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        if sub is None:
            out.append(" ".join(path))
            return
        for word, child in sub.choices.items():
            walk(child, [*path, word])

    walk(build_parser(), [])
    return out


def test_command_line_page_has_a_row_for_every_command():
    text = (ROOT / "docs" / "command-line.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z]+(?: [a-z]+)?)(?: [A-Z][^`]*)?` \|", text, flags=re.M)
    commands = _leaf_commands()
    assert {"wave trend", "wave summarize", "report"} <= set(commands)
    assert sorted(rows) == sorted(commands)
    # A count of the commands in the prose would drift; if there is one it must be right.
    counted = [w for w in re.findall(r"(\w+) commands", text) if w.isdigit() or w in _WORDS]
    assert all(_number(word) == len(commands) for word in counted), counted
