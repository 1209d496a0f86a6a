"""Assemble and write the HTML report of the 2012 survey.

:func:`report_2012` gathers the tables (with audit marks), summaries, shifts,
figures, recommendations and provenance, renders them with the Jinja2 templates
packaged beside this module, and writes one self-contained ``index.html``:
figures are embedded as PNG data, styles are inline, there is no script and no
reference outside the file. Nothing in it depends on the time or the machine,
so two runs write the same bytes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

__all__ = ["TEMPLATE", "embedded_figures", "render_html", "report_2012", "table_grids"]

#: File name of the page template in ``present/report/templates/``.
TEMPLATE = "report.html.j2"


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("lscb_survey.present.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(context: dict[str, object], template: str = TEMPLATE) -> str:
    """Render a packaged template with ``context`` (autoescaped; undefined names are errors)."""
    return _environment().get_template(template).render(**context)


def table_grids(audit: pd.DataFrame) -> list:
    """The ten tables of 2012 in their printed layout, with each finding marked on its cells.

    Parameters
    ----------
    audit : DataFrame
        Findings of :func:`lscb_survey.audit` with a ``number`` column.

    Returns
    -------
    list of TableGrid
    """
    from ...data.loaders import catalogue, load_table
    from ..layout import published_layout
    from .tables import attach_findings, table_grid

    cat = catalogue().set_index("table")
    grids = []
    for number in cat.index:
        frame = load_table(int(number))
        kind = str(cat.loc[number, "kind"])
        ids = list(dict.fromkeys(frame["item_id"])) if "item_id" in frame else []
        title = f"Table {int(number)}: {cat.loc[number, 'title']}"
        grid = table_grid(int(number), title, kind, published_layout(int(number)), ids)
        grids.append(attach_findings(grid, audit))
    return grids


def embedded_figures(jobs: int = 1) -> list:
    """Every figure of the report's set as a PNG data URI with its caption and alt text."""
    return _start_embedded(jobs)()


def _start_embedded(jobs: int) -> Callable[[], list]:
    """Start drawing the figures (in workers when ``jobs > 1``); the function returned waits."""
    from ..figures import figure_alt_text, figure_specs, start_figures
    from .sections import Figure, data_uri

    specs = figure_specs()
    tmp = tempfile.TemporaryDirectory()
    wait = start_figures(tmp.name, jobs=jobs)

    def finish() -> list:
        try:
            alts = [figure_alt_text(s.name) for s in specs]  # while the workers draw
            data = [p.read_bytes() for p in wait()]
        finally:
            tmp.cleanup()
        return [
            Figure(
                f"figure-{s.name}",
                s.caption,
                alt,
                data_uri(png),
            )
            for s, alt, png in zip(specs, alts, data, strict=True)
        ]

    return finish


def report_2012(out: str | Path, *, jobs: int = 2, workbook: str | Path | None = None) -> Path:
    """Write the HTML report of the 2012 survey as ``out/index.html``.

    Parameters
    ----------
    out : path
        Output folder (created when absent).
    jobs : int
        Processes drawing the figures.
    workbook : path, optional
        Also write the tables as an accessible spreadsheet here
        (:func:`lscb_survey.write_workbook`).

    Returns
    -------
    Path
        The ``index.html`` written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = report_2012(tempfile.mkdtemp(), jobs=1)
    >>> text = page.read_text(encoding="utf-8")
    >>> text.count('<table class="printed"'), "<script" in text
    (10, False)
    """
    from ..paths import output_path

    folder = Path(out)
    page = output_path(folder, "index", ".html")  # refuses a link planted in the folder
    # Start the figure workers before the analysis modules (and scipy) are imported,
    # so the fork is early and no worker inherits what only this process needs.
    figures = _start_embedded(jobs)  # drawn in workers while the rest is built
    from ...analysis.likert import likert_summary
    from ...analysis.shifts import survey_shifts
    from ...checks.runner import audit as run_audit
    from ...data.loaders import load_table
    from ...data.recommendations import load_recommendations
    from ...survey import LIKERT_TABLES
    from .sections import (
        findings_list,
        likert_summary_table,
        provenance,
        recommendations,
        shifts_table,
    )

    findings = run_audit().reset_index(drop=True)
    findings.insert(0, "number", range(1, len(findings) + 1))
    grids = table_grids(findings)
    labels = {g.number: [r.label for r in g.rows if not r.is_group] for g in grids}
    shifts = survey_shifts()
    context = {
        "title": "LSCB chairs' perspectives on the Munro Review: the 2012 survey",
        "tables": grids,
        "summaries": [
            likert_summary_table(likert_summary(load_table(t)), t) for t in LIKERT_TABLES
        ],
        "shifts": shifts_table(shifts),
        "caveat": str(shifts.attrs.get("caveat", "")),
        "findings": findings_list(findings, labels),
        "recommendations": recommendations(load_recommendations()),
        "provenance": provenance(),
    }
    if workbook is not None:  # also while the figures are drawn
        from ..workbook import write_workbook

        write_workbook(workbook)
    context["figures"] = figures()
    folder.mkdir(parents=True, exist_ok=True)
    page = output_path(folder, "index", ".html")  # checked again: the folder may be new
    page.write_text(render_html(context), encoding="utf-8", newline="\n")
    return page
