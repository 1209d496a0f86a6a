"""The HTML report of a new wave, in the layout of the 2012 tables, with disclosure control.

:func:`wave_report` (``lscb-survey wave report``) writes ``index.html`` for a wave
of respondent-level data: each table the wave asks in the 2012 printed layout,
the Likert summaries and the diverging bar charts with alt text, and the wave's
provenance. With ``suppress=K`` small counts and the cells they could be
recovered from are shown as ``[c]`` in the tables and in the workbook, and the
summaries and figures, which would reveal them, are left out.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ...disclosure import MARKER

if TYPE_CHECKING:  # pragma: no cover
    from ...data.codebook import Codebook
    from ...waves.model import Wave

__all__ = ["SUPPRESSED_SYMBOL", "wave_report"]

#: How a suppressed cell is shown (the spreadsheet guidance's symbol for confidential).
SUPPRESSED_SYMBOL = MARKER


def _grids(wave: Wave, suppress: int | None) -> list:
    from ...data.loaders import catalogue
    from ..layout import published_layout
    from .tables import table_grid

    titles = catalogue().set_index("table")["title"]
    grids = []
    for table in wave.tables:
        layout = published_layout(table, wave=wave, suppress=suppress)
        part = wave.counts[wave.counts["table"] == table]
        ids = list(dict.fromkeys(part["item_id"].astype(str)))
        grid = table_grid(table, f"Table {table}: {titles.loc[table]}", "likert", layout, ids)
        grids.append(grid)
    return grids


def _figures(wave: Wave) -> list:
    import pandas as pd

    from ...analysis.likert import likert_shares
    from ..alt_text import likert_alt_text
    from ..pipelines.wave_reports import wave_figures
    from .sections import Figure

    counts = wave.counts
    alts = []
    for table, scale in counts[["table", "scale"]].drop_duplicates().itertuples(index=False):
        mask = counts["table"].isna() if pd.isna(table) else counts["table"] == table
        part = counts[mask & (counts["scale"] == scale)]
        what = f"{scale} items" if pd.isna(table) else f"items of Table {int(table)}"
        alts.append(likert_alt_text(likert_shares(part, codebook=wave.codebook), what))
    with tempfile.TemporaryDirectory() as tmp:
        paths = wave_figures(wave, tmp)
        data = [(p.stem, p.read_bytes()) for p in paths]
    return [
        Figure(stem, f"{wave.name}: {alt.split(', ')[1].split(';')[0]}", alt, _data_uri(png))
        for (stem, png), alt in zip(data, alts, strict=True)
    ]


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def wave_report(
    source: str | Path | Wave,
    out: str | Path,
    *,
    codebook: str | Path | Codebook | None = None,
    suppress: int | None = None,
    workbook: str | Path | None = None,
) -> Path:
    """Write the HTML report of a wave as ``out/index.html``.

    Parameters
    ----------
    source : str, Path or Wave
        A respondent-level file, ``"2012"`` for the published counts, or a wave.
    out : path
        Output folder (created when absent).
    codebook : path or Codebook, optional
        Codebook of the file (default: the 2012 codebook).
    suppress : int, optional
        Hide counts below this threshold, and the cells they could be recovered
        from, as ``[c]``; summaries and figures are then left out.
    workbook : path, optional
        Also write the tables as an accessible XLSX here.

    Returns
    -------
    Path
        The ``index.html`` written.

    Examples
    --------
    >>> import tempfile
    >>> from lscb_survey import config
    >>> page = wave_report(config.examples_dir() / "wave-example.csv", tempfile.mkdtemp(),
    ...                    suppress=5)
    >>> text = page.read_text(encoding="utf-8")
    >>> "[c]" in text, "<img" in text
    (True, False)
    """
    from ... import __version__
    from ...analysis.likert import likert_summary
    from ..pipelines.wave_reports import load_wave
    from .build import render_html
    from .sections import likert_summary_table

    wave = load_wave(source, codebook)
    grids = _grids(wave, suppress)
    summaries = []
    if suppress is None:
        summary = likert_summary(wave.counts, codebook=wave.codebook)
        summaries = [
            likert_summary_table(summary[summary["table"] == g.number], g.number) for g in grids
        ]
    title = f"{wave.name}: responses in the layout of the 2012 survey of LSCB chairs"
    context: dict[str, object] = {
        "title": title,
        "wave": {
            "name": wave.name,
            "respondents": wave.respondents,
            "n_items": len(wave.items),
            "source": Path(wave.source).name if wave.source else "",
        },
        "suppress": suppress,
        "tables": grids,
        "summaries": summaries,
        "figures": _figures(wave) if suppress is None else [],
        "version": __version__,
    }
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.html"
    page.write_text(render_html(context, "wave.html.j2"), encoding="utf-8", newline="\n")
    if workbook is not None:
        from ..layout import published_layout
        from ..workbook import layout_sheet, write_workbook

        sheets = [
            layout_sheet(
                f"Table_{g.number}",
                g.title,
                published_layout(g.number, wave=wave, suppress=suppress),
                "likert",
            )
            for g in grids
        ]
        write_workbook(workbook, sheets, title=title)
    return page
