"""The workbook of a wave's report: its own provenance and every section of the page.

:func:`wave_sheets` turns the report's tables (printed layouts) and its other
sections (Likert summaries, the comparison, the breakdown by group), already
formatted and with the same cells hidden, into sheet tables for
:func:`lscb_survey.present.workbook.write_workbook`; :func:`wave_source` says where
the figures come from, for the cover sheet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ...disclosure import MARKER
from ..workbook import SheetTable
from .sections import SimpleTable

if TYPE_CHECKING:  # pragma: no cover
    from ...waves.model import Wave

__all__ = ["simple_sheet", "wave_sheets", "wave_source"]

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def _cell(text: str, is_text: bool) -> Any:
    """A number as a number; a blank as ``[z]`` (no figure); text and markers as they are."""
    if is_text or text == MARKER:
        return text
    if text == "":
        return "[z]"
    if _NUMBER.match(text):
        return float(text) if "." in text else int(text)
    return text


def simple_sheet(sheet: str, table: SimpleTable) -> SheetTable:
    """One of the report's simple tables as a sheet table (numbers stored as numbers).

    Examples
    --------
    >>> t = SimpleTable("a", "Caption", ["Item", "n", "Net"], [["x", "12", "+3.5"], ["y", "", "[c]"]])
    >>> simple_sheet("S", t).frame.to_dict("list")
    {'Item': ['x', 'y'], 'n': [12, '[z]'], 'Net': [3.5, '[c]']}
    """
    columns = list(table.columns)
    rows = [
        [row[0], *(_cell(v, i in table.text_columns) for i, v in enumerate(row[1:], start=1))]
        for row in table.rows
    ]
    return SheetTable(sheet[:31], table.caption, pd.DataFrame(rows, columns=columns))


def _sheet_name(anchor: str) -> str:
    """``comparison-table-7`` -> ``Comparison_7``; ``group-tests`` -> ``Group_tests``."""
    return anchor.replace("-table-", "-").replace("-", "_").capitalize()[:31]


def wave_sheets(
    tables: Sequence[SheetTable],
    summaries: Sequence[SimpleTable],
    comparison: Any | None,
    groups: Any | None,
) -> list[SheetTable]:
    """The report's tables, then its summaries, comparison and group sections as sheets."""
    sections: list[SimpleTable] = list(summaries)
    if comparison is not None:
        sections += [*comparison.tables, comparison.tests]
    if groups is not None:
        sections += [*groups.summaries, groups.tests]
    return [*tables, *(simple_sheet(_sheet_name(t.anchor), t) for t in sections)]


def wave_source(wave: Wave, version: str) -> str:
    """Where a wave's figures come from, for the cover sheet.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> wave = ls.read_wave(ls.config.examples_dir() / "wave-example.csv")
    >>> print(wave_source(wave, "1.0"))  # doctest: +ELLIPSIS
    wave-example: respondent-level data from wave-example.csv, 240 respondents, ... lscb-survey 1.0.
    """
    book = wave.codebook
    where = f"from {Path(wave.source).name}" if wave.source else "given in memory"
    shown = str(book.source)
    shown = shown if shown.startswith(("built-in", "<")) else Path(shown).name
    return (
        f"{wave.name}: respondent-level data {where}, {wave.respondents} respondents, "
        f"read with the codebook {book.name} ({shown}); tables computed by lscb-survey "
        f"{version}."
    )
