"""The Munro Review's 15 recommendations, with the Government's response to each.

The raw file ``data/raw/recommendations.csv`` lists, for each recommendation,
its number, the theme it is grouped under (four themes), a short title written
for this project, the Government's response as printed (Accept, Accept in
principle, Consider further), and the report tables that bear on it with a note
giving the reason for each link. The links are a judgement made for this
project, not something the report or the Government states.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import CellFormatError, MissingColumnError, SurveyDataError, UnknownLabelError
from .rawfiles import check_width, raw_path, read_rows
from .scales import normalise_label

__all__ = ["GOVERNMENT_RESPONSES", "NUMBERS", "TABLES", "THEMES", "load_recommendations"]

#: The four themes, in the Review's order (theme 1 first), as printed.
THEMES: tuple[str, ...] = (
    "Valuing professional expertise",
    "Sharing responsibility for the provision of early help",
    "Developing social work expertise and supporting effective practice",
    "Strengthening accountabilities and creating a learning system",
)
#: The Government's responses, from the fullest acceptance down.
GOVERNMENT_RESPONSES: tuple[str, ...] = ("Accept", "Accept in principle", "Consider further")
#: Numbers of the Review's recommendations.
NUMBERS = range(1, 16)
#: Report tables a recommendation can be linked to.
TABLES = range(1, 11)

_COLUMNS = (
    "number",
    "theme_number",
    "theme",
    "title",
    "government_response",
    "tables",
    "link_note",
)
_INT = re.compile(r"^\d+$")
#: Normalised label -> label as printed (see :func:`~lscb_survey.data.scales.normalise_label`).
_THEME_LOOKUP = {normalise_label(t): t for t in THEMES}
_RESPONSE_LOOKUP = {normalise_label(r): r for r in GOVERNMENT_RESPONSES}


def _whole(cell: str, path: Path, line: int, column: str, allowed: range) -> int:
    text = cell.strip()
    if not _INT.match(text):
        raise CellFormatError(
            "expected a whole number", file=path, line=line, column=column, value=cell
        )
    value = int(text)
    if value not in allowed:
        raise SurveyDataError(
            f"{column} must lie in {allowed.start}-{allowed.stop - 1}",
            file=path,
            line=line,
            column=column,
            value=value,
        )
    return value


def _tables(cell: str, path: Path, line: int) -> str | None:
    text = cell.strip()
    if not text:
        return None
    numbers = []
    for part in text.split(";"):
        part = part.strip()
        if not _INT.match(part) or int(part) not in TABLES:
            raise CellFormatError(
                "tables must be report table numbers 1-10 separated by ';'",
                file=path,
                line=line,
                column="tables",
                value=cell,
            )
        if int(part) in numbers:
            raise CellFormatError(
                "a table is listed twice", file=path, line=line, column="tables", value=cell
            )
        numbers.append(int(part))
    return ";".join(str(n) for n in sorted(numbers))


def load_recommendations(*, raw: str | Path | None = None) -> pd.DataFrame:
    """Load the Munro Review's recommendations and the Government's responses.

    Parameters
    ----------
    raw : path, optional
        Folder to read instead of the packaged raw data.

    Returns
    -------
    DataFrame
        One row per recommendation, ordered by number:

        - ``number``: 1-15;
        - ``theme_number``: 1-4; ``theme``: the theme's name as printed
          (ordered Categorical, theme 1 first);
        - ``title``: a short title in this project's words;
        - ``government_response``: ordered Categorical "Accept" <
          "Accept in principle" < "Consider further" (category order runs from
          the fullest acceptance down);
        - ``tables``: the report tables bearing on the recommendation as a
          string of table numbers separated by ";" in ascending order (e.g.
          ``"6;7;10"``), missing when no table does; split with
          ``frame["tables"].str.split(";")``;
        - ``link_note``: why those tables were linked (or why none was).

    Raises
    ------
    SurveyDataError
        If a column is missing, a number is not a whole number or lies outside
        1-15, a number repeats or is absent, a theme or response label is
        unknown, a theme name does not match its number, a title is empty, or
        a table reference is not a table 1-10.

    Examples
    --------
    >>> rec = load_recommendations().set_index("number")
    >>> rec.loc[9, "government_response"]
    'Consider further'
    >>> rec.loc[10, "theme"]
    'Sharing responsibility for the provision of early help'
    >>> rec["government_response"].value_counts().sort_index().tolist()
    [9, 5, 1]
    """
    path = raw_path(config.RECOMMENDATIONS_FILE, raw)
    rows = read_rows(path)
    header = [c.strip() for c in rows[0].cells]
    for column in _COLUMNS:
        if column not in header:
            raise MissingColumnError(
                "recommendations column missing", file=path, line=1, column=column
            )
    idx = {c: header.index(c) for c in _COLUMNS}
    records: list[dict[str, object]] = []
    seen: dict[int, int] = {}
    for row in rows[1:]:
        if not any(c.strip() for c in row.cells):
            continue
        check_width(row, len(header), header, path)
        cell = {c: row.cells[idx[c]] for c in _COLUMNS}
        number = _whole(cell["number"], path, row.line, "number", NUMBERS)
        if number in seen:
            raise SurveyDataError(
                f"recommendation number repeats (first on line {seen[number]})",
                file=path,
                line=row.line,
                column="number",
                value=number,
            )
        seen[number] = row.line
        records.append({"number": number, **_record(cell, row.line, path)})
    missing = [n for n in NUMBERS if n not in seen]
    if missing:
        raise SurveyDataError(
            f"recommendations missing: {missing}", file=path, column="number", value=missing[0]
        )
    frame = pd.DataFrame.from_records(records, columns=list(_COLUMNS))
    frame = frame.sort_values("number", kind="stable").reset_index(drop=True)
    return frame.astype(
        {
            "number": "int64",
            "theme_number": "int64",
            "theme": pd.CategoricalDtype(list(THEMES), ordered=True),
            "government_response": pd.CategoricalDtype(list(GOVERNMENT_RESPONSES), ordered=True),
            "tables": "string",
        }
    )


def _record(cell: dict[str, str], line: int, path: Path) -> dict[str, object]:
    """Check one recommendation's cells other than its number; its values by column."""
    theme_number = _whole(
        cell["theme_number"], path, line, "theme_number", range(1, len(THEMES) + 1)
    )
    theme = _THEME_LOOKUP.get(normalise_label(cell["theme"]))
    if theme is None:
        raise UnknownLabelError(
            "unknown theme", file=path, line=line, column="theme", value=cell["theme"]
        )
    if THEMES.index(theme) + 1 != theme_number:
        raise UnknownLabelError(
            f"theme {theme!r} is theme {THEMES.index(theme) + 1}, not {theme_number}",
            file=path,
            line=line,
            column="theme_number",
            value=theme_number,
        )
    response = _RESPONSE_LOOKUP.get(normalise_label(cell["government_response"]))
    if response is None:
        raise UnknownLabelError(
            f"government response must be one of {list(GOVERNMENT_RESPONSES)}",
            file=path,
            line=line,
            column="government_response",
            value=cell["government_response"],
        )
    title = cell["title"].strip()
    if not title:
        raise CellFormatError("title is empty", file=path, line=line, column="title")
    return {
        "theme_number": theme_number,
        "theme": theme,
        "title": title,
        "government_response": response,
        "tables": _tables(cell["tables"], path, line),
        "link_note": cell["link_note"].strip(),
    }
