"""Every command of docs/guide/getting-started.md runs as written, from a checkout's root.

The commands are read from the page itself, so the page cannot drift from the program.
"""

from __future__ import annotations

import re
import shlex
import warnings
from pathlib import Path

import pytest

from lscb_survey.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "guide" / "getting-started.md"

pytestmark = pytest.mark.slow


def _blocks(language: str) -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.M | re.S)


def _commands() -> list[str]:
    return [
        line.strip()
        for block in _blocks("bash")
        for line in block.splitlines()
        if line.strip().startswith("lscb-survey ")
    ]


def test_the_page_shows_the_whole_path():
    commands = _commands()
    assert len(commands) >= 6
    joined = "\n".join(commands)
    for step in ("wave summarize", "--codebook", "wave compare", "wave report", "--suppress"):
        assert step in joined, step
    # Every bash line is a command of the program (nothing else to run by hand).
    lines = [ln for b in _blocks("bash") for ln in b.splitlines() if ln.strip()]
    assert len(lines) == len(commands)


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """An empty folder with the checkout's data/, as the current directory."""
    (tmp_path / "data").symlink_to(ROOT / "data", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_command_on_the_page_runs(checkout, capsys):
    for command in _commands():
        argv = shlex.split(command)[1:]
        if argv == ["--version"]:
            with pytest.raises(SystemExit) as stop:
                main(argv)
            assert stop.value.code == 0
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            status = main(argv)
        err = capsys.readouterr().err
        assert status == 0, f"{command}\n{err}"
        assert "error" not in err, f"{command}\n{err}"
        out = Path(argv[argv.index("--out") + 1])
        assert out.is_dir() and any(out.iterdir()), command
    report = checkout / "out" / "report"
    assert (report / "index.html").is_file() and (report / "tables.xlsx").is_file()
    assert "[c]" in (report / "index.html").read_text(encoding="utf-8")


def test_the_python_on_the_page_runs(checkout, capsys):
    for block in _blocks("python"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(block, str(PAGE), "exec"), {})  # noqa: S102
    assert "top2_pct" in capsys.readouterr().out
