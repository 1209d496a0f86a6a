"""The README's gallery and audit summary match what the code produces."""

from __future__ import annotations

import re
from pathlib import Path

import lscb_survey as ls
from lscb_survey.present.figures import gallery_markdown

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


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
