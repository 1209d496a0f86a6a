"""The report's sections other than the tables, as plain rows a template renders.

Each function returns lists of strings or small dataclasses, formatted once here,
so the template only lays them out and the bytes do not depend on locale or
float printing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "Figure",
    "Finding",
    "Recommendation",
    "SimpleTable",
    "data_uri",
    "findings_list",
    "likert_summary_table",
    "provenance",
    "recommendations",
    "shifts_table",
]


def _records(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows of ``frame`` as named tuples (typed loosely: columns vary by frame)."""
    return iter(frame.itertuples())


@dataclass(frozen=True)
class SimpleTable:
    """A table with one header row: caption, column names and rows of strings."""

    anchor: str
    caption: str
    columns: list[str]
    rows: list[list[str]]
    #: Positions of the columns after the first holding text (left-aligned); the others
    #: hold numbers (right-aligned). The first column is the row header.
    text_columns: tuple[int, ...] = ()
    #: A sentence under the table (e.g. what a blank cell means).
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """An embedded figure: anchor, caption, alt text and the PNG as a data URI."""

    anchor: str
    caption: str
    alt: str
    src: str


def data_uri(png: bytes) -> str:
    """A PNG as a data URI, for :attr:`Figure.src` (the page loads nothing else).

    Examples
    --------
    >>> data_uri(b"\\x89PNG")
    'data:image/png;base64,iVBORw=='
    """
    import base64

    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@dataclass(frozen=True)
class Finding:
    """One audit finding in the audit section."""

    number: int
    severity: str
    check: str
    table: str
    location: str
    published: str
    expected: str
    message: str


@dataclass(frozen=True)
class Recommendation:
    """One of the Review's recommendations with the Government's response and linked tables."""

    number: int
    theme: str
    title: str
    response: str
    tables: list[int]
    note: str


def _pct(value: Any) -> str:
    return "" if pd.isna(value) else f"{float(value):.1f}"


def likert_summary_table(summary: pd.DataFrame, table: int) -> SimpleTable:
    """Summary of each item of a likert table (from :func:`lscb_survey.likert_summary`).

    Examples
    --------
    >>> import lscb_survey as ls
    >>> t = likert_summary_table(ls.likert_summary(ls.load_table(7)), 7)
    >>> t.columns[:3], len(t.rows)
    (['Item', 'n', 'Positive (%)'], 9)
    """
    rows = [
        [
            str(r.item),
            str(int(r.n)),
            _pct(r.top2_pct),
            _pct(r.middle_pct),
            _pct(r.bottom2_pct),
            _pct(r.net_pct),
            "" if pd.isna(r.median) else str(r.median),
        ]
        for r in _records(summary)
    ]
    columns = ["Item", "n", "Positive (%)", "Middle (%)", "Negative (%)", "Net (points)", "Median"]
    if "weighted_n" in summary.columns:  # a weighted summary: the weighted base beside n
        columns.insert(2, "Weighted n")
        for row, weighted_n in zip(rows, summary["weighted_n"], strict=True):
            row.insert(2, _pct(weighted_n))
    return SimpleTable(f"summary-{table}", f"Summary of Table {table}", columns, rows)


def shifts_table(shifts: pd.DataFrame, rating: str = "Good") -> SimpleTable:
    """Laming -> Munro change in the share given ``rating``, from :func:`lscb_survey.survey_shifts`."""
    part = shifts[shifts["rating"].astype(str) == rating]
    rows = [
        [
            f"Table {int(r.table)}",
            str(r.measure),
            str(r.agency),
            "" if pd.isna(r.pct_laming) else str(int(r.pct_laming)),
            "" if pd.isna(r.pct_munro) else str(int(r.pct_munro)),
            "" if pd.isna(r.change_pp) else f"{int(r.change_pp):+d}",
            "" if pd.isna(r.p_adjusted) else f"{float(r.p_adjusted):.3f}",
            str(r.counts_status) if pd.isna(r.p_adjusted) else "",
        ]
        for r in _records(part)
    ]
    columns = [
        "Table",
        "Measure",
        "Agency",
        "2009-10 (%)",
        "2012 (%)",
        "Change (points)",
        "Adjusted p",
        "Not tested because",
    ]
    caption = f"Share of each agency rated {rating}, 2009-10 (Laming) and 2012 (Munro)"
    note = (
        "A blank adjusted p means no test was run, for the reason given in the last column: "
        "the agency was not rated in the 2009-10 survey, or the counts behind one survey's "
        "percentages cannot be recovered from what was printed (infeasible: no whole counts "
        "of the base give those percentages; ambiguous: more than one set does). The report "
        "prints percentages only, and Fisher's exact test needs the counts."
    )
    return SimpleTable("shifts-table", caption, columns, rows, text_columns=(1, 2, 7), note=note)


def findings_list(audit: pd.DataFrame, labels: dict[int, list[str]]) -> list[Finding]:
    """Every audit finding, locations with their row labels in full."""
    from .tables import full_location

    out = []
    for f in _records(audit):
        table = "" if pd.isna(f.table) else str(int(f.table))
        location = str(f.location)
        if table:
            location = full_location(location, labels.get(int(table), []))
        out.append(
            Finding(
                int(f.number),
                str(f.severity),
                str(f.check),
                table,
                location,
                "" if pd.isna(f.published) else str(f.published),
                "" if pd.isna(f.expected) else str(f.expected),
                str(f.message),
            )
        )
    return out


def recommendations(frame: pd.DataFrame) -> list[Recommendation]:
    """The 15 recommendations (from :func:`lscb_survey.load_recommendations`)."""
    return [
        Recommendation(
            int(r.number),
            str(r.theme),
            str(r.title),
            str(r.government_response),
            [] if pd.isna(r.tables) else [int(t) for t in str(r.tables).split(";")],
            "" if pd.isna(r.link_note) else str(r.link_note),
        )
        for r in _records(frame)
    ]


def provenance() -> dict[str, object]:
    """Citation, library version, raw files with their checksums, and transcription notes."""
    from ... import __version__, config
    from ...data.rawfiles import raw_files, sha256
    from ...survey import CITATION

    notes_path = config.raw_dir() / "README.md"
    notes = notes_path.read_text(encoding="utf-8") if notes_path.is_file() else ""
    files = [[p.name, sha256(p)] for p in sorted(raw_files(), key=lambda p: p.name)]
    return {"citation": CITATION, "version": __version__, "files": files, "notes": notes}
