"""Notebooks: committed without outputs, numbers in prose computed, and they run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lscb_survey import config

NOTEBOOKS = sorted(config.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))
EXPECTED = [
    "01-survey-returns",
    "02-inter-agency-working",
    "03-implementation-and-local-autonomy",
    "04-early-help",
    "05-accountabilities-and-leadership",
    "06-practice-developments",
    "07-audit-of-the-report",
]
#: Numbers allowed in markdown cells: table references and the survey years.
_LABELS = re.compile(r"Tables? \d+(?:\s*(?:-|and|to)\s*\d+)?|\b20\d\d(?:-\d\d)?\b")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def test_notebooks_are_numbered_in_reading_order():
    present = [p.stem for p in NOTEBOOKS]
    assert present[: len(EXPECTED)] == EXPECTED
    numbers = [int(stem[:2]) for stem in present]
    assert numbers == list(range(1, len(present) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    for cell in _cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: a cell has outputs"
            assert cell["execution_count"] is None, f"{path.name}: a cell has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_has_no_typed_numbers(path):
    for cell in _cells(path):
        if cell["cell_type"] != "markdown":
            continue
        text = _LABELS.sub("", _source(cell))
        digits = re.findall(r"\d+", text)
        assert not digits, f"{path.name}: number(s) {digits} typed into markdown: {text[:80]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_findings_are_computed(path):
    code = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "code")
    assert "Markdown(" in code  # findings are rendered from computed values
    if path.stem not in {"06-practice-developments", "07-audit-of-the-report"}:
        assert "published_layout(" in code  # the printed tables are reproduced


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_executes(path, monkeypatch):
    import os

    import lscb_survey

    # the kernel imports the same package as the tests, even from a source checkout
    src = str(Path(lscb_survey.__file__).resolve().parents[1])
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [src, os.environ.get("PYTHONPATH")]))
    )
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    from traitlets.config import Config

    from lscb_survey.present.notebooks import kernel_settings

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        config=Config(kernel_settings()),
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors
    texts = [
        out.get("data", {}).get("text/markdown", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
    ]
    assert any(re.search(r"\d", t) for t in texts), "no computed findings were displayed"


def test_no_notebooks_is_an_error(tmp_path):
    from lscb_survey.present.notebooks import execute_notebooks

    with pytest.raises(FileNotFoundError, match="no notebooks .* needs a checkout"):
        execute_notebooks(tmp_path, html_dir=tmp_path / "html")
    assert not (tmp_path / "html").exists()


def test_kernel_channel_is_not_plain_tcp(tmp_path, capfd):
    """The kernel starts without its warning about unencrypted TCP."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    from lscb_survey.present.notebooks import execute_notebooks

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("print(6 * 7)"))
    nbformat.write(nb, tmp_path / "01-tiny.ipynb")
    (html,) = execute_notebooks(tmp_path, html_dir=tmp_path / "html")
    assert "42" in html.read_text(encoding="utf-8")
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err + captured.out
