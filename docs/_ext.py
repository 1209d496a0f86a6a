"""Build-time helpers of the documentation site (a local Sphinx extension).

- :func:`write_api_page` writes ``_generated/api.rst`` from ``lscb_survey.__all__``
  and ``lscb_survey.present.pipelines.__all__``, one autodoc entry per name, each
  followed by links to the notebooks whose code uses it.
- :func:`setup` keeps reStructuredText problems inside docstrings from failing a
  ``-W`` build: they are collected, printed as one summary and written to
  ``docstring-problems.txt`` in the output folder. Every other warning stays an error.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
from pathlib import Path
from typing import Any

__all__ = ["DocstringProblems", "notebooks_using", "setup", "write_api_page"]

#: Sections of the API page: heading -> the first part of the defining module.
_AREAS = {
    "data": "Loading the report's tables and codebooks",
    "analysis": "Analysis",
    "stats": "Statistics",
    "checks": "The audit",
    "waves": "Waves of respondent-level data",
    "disclosure": "Disclosure control",
    "present": "Reports, tables and files",
}


def _code_of(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in cells
        if c["cell_type"] == "code"
    )


def notebooks_using(name: str, notebooks: list[Path]) -> list[Path]:
    """The notebooks whose code calls or names ``name`` (``ls.name`` or ``name(``)."""
    pattern = re.compile(rf"(?:\bls\.{re.escape(name)}\b|(?<![\w.]){re.escape(name)}\()")
    return [nb for nb in notebooks if pattern.search(_code_of(nb))]


def _entry(qualified: str, obj: Any, notebooks: list[Path]) -> list[str]:
    short = qualified.rsplit(".", 1)[1]
    if inspect.isclass(obj):
        directive = "autoexception" if issubclass(obj, BaseException) else "autoclass"
    elif callable(obj):
        directive = "autofunction"
    else:
        directive = "autodata"
    lines = [f".. {directive}:: {qualified}", ""]
    if directive == "autodata":
        lines += ["   :no-value:", ""]
    used = notebooks_using(short, notebooks)
    if used:
        links = ", ".join(f":doc:`notebooks/{nb.stem}`" for nb in used)
        lines += [f"   Used in the notebooks: {links}.", ""]
    return lines


def _area(module: str) -> str:
    part = module.removeprefix("lscb_survey.").split(".")[0]
    return part if part in _AREAS else "present"


def write_api_page(folder: Path, notebooks: list[Path]) -> Path:
    """Write ``folder/api.rst``: every public name and every pipeline.

    Names are grouped by the package that defines them and documented under
    their public path (``lscb_survey.load_table``), in the order of ``__all__``.
    """
    import lscb_survey
    from lscb_survey.present import pipelines

    by_area: dict[str, list[str]] = {area: [] for area in _AREAS}
    for name in lscb_survey.__all__:
        if name.startswith("__"):
            continue
        obj = getattr(lscb_survey, name)
        module = getattr(obj, "__module__", "lscb_survey.errors") or "lscb_survey"
        by_area[_area(module)] += _entry(f"lscb_survey.{name}", obj, notebooks)
    title = "API reference"
    lines = [
        title,
        "=" * len(title),
        "",
        "Every name of ``lscb_survey.__all__`` (``import lscb_survey as ls``; ``ls.NAME``),",
        "grouped by what it is for, then the pipelines behind the command line. The",
        "plotting functions are documented in :doc:`plots`.",
        "",
        ".. currentmodule:: lscb_survey",
        "",
    ]
    for area, entries in by_area.items():
        if entries:
            lines += [_AREAS[area], "-" * len(_AREAS[area]), "", *entries]
    heading = "Pipelines (``lscb_survey.present.pipelines``)"
    lines += [
        heading,
        "-" * len(heading),
        "",
        "What each command of ``lscb-survey`` runs, as functions returning what they wrote.",
        "",
    ]
    for name in pipelines.__all__:
        lines += _entry(
            f"lscb_survey.present.pipelines.{name}", getattr(pipelines, name), notebooks
        )
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "api.rst"
    _write_if_changed(page, "\n".join(lines) + "\n")
    _write_plots_page(folder, notebooks)
    return page


def _write_plots_page(folder: Path, notebooks: list[Path]) -> None:
    from lscb_survey.present import plots

    title = "Plotting functions (``lscb_survey.plots``)"
    lines = [
        title,
        "=" * len(title),
        "",
        "``import lscb_survey.plots`` (the same module as ``lscb_survey.present.plots``):",
        "every function takes a tidy frame and returns a matplotlib figure.",
        "",
    ]
    for name in plots.__all__:
        lines += _entry(f"lscb_survey.present.plots.{name}", getattr(plots, name), notebooks)
    _write_if_changed(folder / "plots.rst", "\n".join(lines) + "\n")


def _write_if_changed(path: Path, text: str) -> None:
    """Rewrite only on change, so an unchanged page is not read again."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


class DocstringProblems(logging.Filter):
    """Takes warnings located in a docstring out of the warning stream (and keeps them)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        location = getattr(record, "location", None)
        where = str(location if location is not None else "")
        if "docstring of" in where:
            self.found.append(f"{where}: {record.getMessage()}")
            return False
        return True


def _report(app: Any, problems: DocstringProblems) -> None:
    out = Path(app.outdir) / "docstring-problems.txt"
    out.write_text("".join(f"{p}\n" for p in problems.found), encoding="utf-8")
    if problems.found:
        logging.getLogger("sphinx").info(
            "%d reStructuredText problem(s) in docstrings, listed in %s",
            len(problems.found),
            out,
        )


def setup(app: Any) -> dict[str, Any]:
    from sphinx.util.logging import WarningStreamHandler

    problems = DocstringProblems()
    for handler in logging.getLogger("sphinx").handlers:
        if isinstance(handler, WarningStreamHandler):
            handler.filters.insert(0, problems)
    app.connect("build-finished", lambda app, exc: _report(app, problems))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
