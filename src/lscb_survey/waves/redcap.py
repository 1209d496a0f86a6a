"""REDCap data dictionaries: the field labels, choices and checkbox options of an export.

A REDCap project's data dictionary (the CSV "Data Dictionary" download, or
the API's ``metadata`` export) lists every field with its type, label and
choices (``"0, No | 1, Yes"``). :func:`read_dictionary` reads one;
:func:`find_dictionary` looks for one beside a data export.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..data.scales import normalise_label
from ..errors import WaveFormatError

__all__ = ["Field", "find_dictionary", "read_dictionary"]

_COLUMNS = {
    "name": ("variable / field name", "field_name"),
    "type": ("field type", "field_type"),
    "label": ("field label", "field_label"),
    "choices": ("choices, calculations, or slider labels", "select_choices_or_calculations"),
}
_TAG = re.compile(r"<[^>]+>")
_FIXED = {"yesno": {"1": "Yes", "0": "No"}, "truefalse": {"1": "True", "0": "False"}}


@dataclass(frozen=True)
class Field:
    """One field of a REDCap data dictionary."""

    name: str
    type: str
    label: str
    choices: dict[str, str]  # code -> label, in the dictionary's order


def _plain_text(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _choices(text: str) -> dict[str, str]:
    """``"0, No | 1, Yes"`` as ``{"0": "No", "1": "Yes"}``."""
    out: dict[str, str] = {}
    for part in text.split("|"):
        code, sep, label = part.partition(",")
        if sep and code.strip():
            out[code.strip()] = _plain_text(label) or code.strip()
    return out


def read_dictionary(path: Path) -> dict[str, Field]:
    """The fields of a REDCap data dictionary, by field name.

    Raises
    ------
    WaveFormatError
        If the file is not a REDCap data dictionary.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "dict.csv"
    >>> _ = d.write_text('Variable / Field Name,Form Name,Field Type,Field Label,'
    ...                  '"Choices, Calculations, OR Slider Labels"\\nq1,f,radio,Q one,"0, No | 1, Yes"\\n')
    >>> read_dictionary(d)["q1"].choices
    {'0': 'No', '1': 'Yes'}
    """
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise WaveFormatError("the data dictionary is empty", file=path)
    header = [normalise_label(h) for h in rows[0]]
    where = {}
    for key, names in _COLUMNS.items():
        found = next((header.index(n) for n in names if n in header), None)
        if found is None:
            raise WaveFormatError(
                f"not a REDCap data dictionary (no {names[0]!r} column)", file=path, line=1
            )
        where[key] = found
    fields = {}
    for row in rows[1:]:
        cells = row + [""] * (len(header) - len(row))
        name = cells[where["name"]].strip()
        if not name:
            continue
        kind = cells[where["type"]].strip().casefold()
        choices = _FIXED.get(kind) or (
            _choices(cells[where["choices"]]) if kind in ("radio", "dropdown", "checkbox") else {}
        )
        fields[name] = Field(name, kind, _plain_text(cells[where["label"]]) or name, choices)
    return fields


def find_dictionary(data: Path, columns: list[str]) -> Path | None:
    """A data dictionary beside ``data`` whose fields name most of its columns, if any."""
    best: tuple[int, str] | None = None
    stems = {c.split("___")[0] for c in columns}
    for candidate in sorted(data.parent.glob("*.csv")):
        if candidate == data:
            continue
        try:
            with candidate.open("rb") as fh:
                first = fh.readline(4096).decode("utf-8-sig", errors="replace")
        except OSError:
            continue
        if not normalise_label(first).startswith(("variable / field name", "field_name")):
            continue
        try:
            overlap = len(stems & set(read_dictionary(candidate)))
        except WaveFormatError:
            continue
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, str(candidate))
    return Path(best[1]) if best else None
