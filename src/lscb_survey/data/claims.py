"""The report's numeric statements, transcribed, and what their words mean.

``data/raw/claims.csv`` holds one row per numeric statement in the findings
sections of the report: where it is, a short quotation, what it refers to
(table, items or measure x agency x survey, response categories), the value it
states and the comparator it uses. :func:`load_claims` reads and validates the
file; :func:`lscb_survey.checks.claims.check_claims` tests each claim against the tables.

The comparators a claim may use ("over half", "nearly a quarter"...) are
defined in :mod:`lscb_survey.data.comparators`; a claim's comparator must be one
of them, of the kind its claim needs.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from .. import config
from ..errors import CellFormatError, MissingColumnError, SurveyDataError, UnknownLabelError
from .codebook import Codebook, default_codebook
from .comparators import COMPARATORS
from .rawfiles import read_rows
from .scales import normalise_label

__all__ = [
    "CLAIM_COLUMNS",
    "CLAIM_KINDS",
    "MAX_QUOTE_WORDS",
    "load_claims",
    "split_list",
]

#: Kinds of claim, and what each states.
CLAIM_KINDS: dict[str, str] = {
    "share": "a share of respondents in some categories of a Table 3-10 item or column",
    "comparison": "an ordering or equality between shares (or activity counts)",
    "returns": "the number of LSCBs that responded (total returns of Tables 1-2)",
    "population": "the number of LSCBs surveyed (against the response rates of Tables 1-2)",
    "response_rate": "overall returns as a percentage of a stated base",
    "count": "a number no table holds (recorded, untestable)",
}

#: Columns of ``claims.csv`` (all required, in this order).
CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "section",
    "location",
    "kind",
    "quote",
    "table",
    "item_id",
    "measure",
    "agency",
    "survey",
    "categories",
    "claimed_value",
    "comparator",
    "compare_on",
    "versus",
    "base",
    "note",
)

#: Longest quotation accepted, in words (quotes are short phrases, not sentences).
MAX_QUOTE_WORDS = 20

_DIMENSIONS = ("survey", "agency", "measure", "item", "activity")


def split_list(value: Any) -> list[str]:
    """Split a ``;``-separated cell of ``claims.csv`` into stripped parts (empty cell: ``[]``).

    Examples
    --------
    >>> split_list("Health; Police")
    ['Health', 'Police']
    >>> split_list("")
    []
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


# ----------------------------------------------------------------------------- loading


class _Labels:
    """The labels claims may use: agencies, surveys, ratings, Tables 3-4 measures, activities."""

    def __init__(self, path: Path, raw: str | Path | None, codebook: Codebook) -> None:
        from ..survey import AGENCIES, SURVEYS
        from .loaders import load_activities, load_table

        self.path = path
        self.codebook = codebook
        self.agencies = {normalise_label(a): a for a in AGENCIES}
        self.surveys = {normalise_label(s): s for s in SURVEYS}
        self.ratings = {normalise_label(r): r for r in codebook.scales["rating4"].categories}
        self.measures: dict[int, dict[str, str]] = {}
        for table in (3, 4):
            frame = load_table(table, raw=raw, codebook=codebook)
            self.measures[table] = {normalise_label(m): m for m in frame["measure"].unique()}
        self.activities = set(load_activities(raw=raw)["activity_id"])


class _Row:
    """Validates one row of a claims file; raises on the first problem, naming line, column, value."""

    def __init__(self, rec: dict[str, str], line: int, labels: _Labels) -> None:
        self.rec, self.line, self.known = rec, line, labels

    def fail(
        self, cls: type[SurveyDataError], message: str, column: str, value: object
    ) -> NoReturn:
        raise cls(message, file=self.known.path, line=self.line, column=column, value=value)

    def cell(self, column: str) -> str:
        return self.rec[column].strip()

    def require(self, column: str, why: str) -> None:
        if not self.cell(column):
            self.fail(SurveyDataError, f"{column} is required {why}", column, self.rec[column])

    def forbid(self, columns: tuple[str, ...], why: str) -> None:
        for column in columns:
            if self.cell(column):
                self.fail(
                    SurveyDataError, f"{column} must be empty {why}", column, self.rec[column]
                )

    def labels(self, column: str, known: dict[str, str], what: str) -> str:
        """The canonical spelling of each ``;``-separated label of a cell, joined by ``;``."""
        out = []
        for part in split_list(self.rec[column]):
            canonical = known.get(normalise_label(part))
            if canonical is None:
                message = f"unknown {what}; expected one of {sorted(known.values())}"
                self.fail(UnknownLabelError, message, column, part)
            out.append(canonical)
        return ";".join(out)

    def number(self, column: str, *, integer: bool = False) -> Fraction | None:
        value = self.rec[column]
        if not value.strip():
            return None
        try:
            number = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            self.fail(CellFormatError, "expected a number", column, value)
        if number < 0 or (integer and number.denominator != 1):
            what = "whole number" if integer else "number"
            self.fail(CellFormatError, f"expected a non-negative {what}", column, value)
        return number

    def tables(self) -> list[int | str]:
        out: list[int | str] = []
        for part in split_list(self.rec["table"]):
            if part == "activities":
                out.append(part)
                continue
            if not part.isdigit() or not 1 <= int(part) <= 10:
                self.fail(
                    UnknownLabelError, "expected a report table 1-10 or 'activities'", "table", part
                )
            out.append(int(part))
        return out

    def items(self, table: int, column: str = "item_id") -> list[str]:
        codebook = self.known.codebook
        known = {i.id for i in codebook.items_for_table(table)}
        out = []
        for part in split_list(self.rec[column]):
            if part not in known:
                message = f"not an item of table {table} in codebook {codebook.source}"
                self.fail(UnknownLabelError, message, column, part)
            out.append(part)
        return out

    def comparator(self, kind: str) -> str:
        """The comparator's name, after checking it exists and suits the claim's kind."""
        name = self.cell("comparator")
        comparator = COMPARATORS.get(name)
        if comparator is None:
            message = f"unknown comparator; expected one of {sorted(COMPARATORS)}"
            self.fail(UnknownLabelError, message, "comparator", self.rec["comparator"])
        wanted = "comparison" if kind == "comparison" else "share"
        if comparator.kind != wanted:
            message = (
                f"comparator {name!r} is a {comparator.kind} comparator; kind {kind!r} needs a "
                f"{wanted} one"
            )
            self.fail(UnknownLabelError, message, "comparator", name)
        return name

    def check(self) -> dict[str, object]:
        """The row with canonical labels and numbers, or the first problem raised."""
        kind = self.cell("kind")
        if kind not in CLAIM_KINDS:
            message = f"unknown kind; expected one of {list(CLAIM_KINDS)}"
            self.fail(UnknownLabelError, message, "kind", self.rec["kind"])
        name = self.comparator(kind)
        value = self.number("claimed_value")
        base = self.number("base", integer=True)
        if name == "exact" and value is None:
            message = "an exact claim needs a claimed_value"
            self.fail(SurveyDataError, message, "claimed_value", self.rec["claimed_value"])
        if value is not None and kind in ("share", "response_rate") and value > 100:
            self.fail(CellFormatError, "a percentage is at most 100", "claimed_value", value)
        if not self.cell("quote"):
            self.fail(SurveyDataError, "quote is required", "quote", self.rec["quote"])
        if len(self.rec["quote"].split()) > MAX_QUOTE_WORDS:
            message = f"quote has more than {MAX_QUOTE_WORDS} words; quote a short phrase"
            self.fail(CellFormatError, message, "quote", self.rec["quote"])
        tables = self.tables()
        out: dict[str, object] = {c: self.cell(c) for c in CLAIM_COLUMNS}
        out["kind"], out["comparator"] = kind, name
        out["claimed_value"] = None if value is None else float(value)
        out["base"] = None if base is None else int(base)
        if kind in ("returns", "population", "response_rate"):
            self.check_returns_kind(kind, tables)
        elif kind == "count":
            columns = ("table", "item_id", "measure", "agency", "survey", "categories")
            self.forbid(columns, "for a count claim (no table holds it)")
        else:
            out.update(self.check_target(kind, tables))
        if kind == "response_rate" and base is None:
            self.fail(
                SurveyDataError, "a response_rate claim needs its base", "base", self.rec["base"]
            )
        return out

    def check_returns_kind(self, kind: str, tables: list[int | str]) -> None:
        if not tables or any(t not in (1, 2) for t in tables):
            message = f"a {kind} claim refers to Tables 1 and/or 2"
            self.fail(UnknownLabelError, message, "table", self.rec["table"])
        if not self.cell("claimed_value"):
            self.fail(SurveyDataError, f"a {kind} claim needs a claimed_value", "claimed_value", "")
        columns = ("item_id", "measure", "agency", "survey", "categories", "compare_on", "versus")
        self.forbid(columns, f"for a {kind} claim")

    def check_target(self, kind: str, tables: list[int | str]) -> dict[str, str]:
        """A share or comparison claim: its table, what it compares, and its labels."""
        if len(tables) != 1:
            message = "a share or comparison claim refers to exactly one table"
            self.fail(UnknownLabelError, message, "table", self.rec["table"])
        table = tables[0]
        if kind == "share" and (table == "activities" or table in (1, 2)):
            self.fail(
                UnknownLabelError, "share claims refer to Tables 3-10", "table", self.rec["table"]
            )
        if kind == "comparison":
            self.require("compare_on", "for a comparison")
            self.require("versus", "for a comparison")
            if self.cell("compare_on") not in _DIMENSIONS:
                message = f"compare_on must be one of {list(_DIMENSIONS)}"
                self.fail(UnknownLabelError, message, "compare_on", self.rec["compare_on"])
        else:
            self.forbid(("compare_on", "versus"), "for a share claim")
        if isinstance(table, str):  # "activities"
            self.check_activities()
            return {}
        if table in (3, 4):
            return self.check_columns(kind, table)
        return self.check_items(kind, table)

    def check_activities(self) -> None:
        on = self.cell("compare_on")
        if on != "activity":
            message = "activity comparisons use compare_on 'activity'"
            self.fail(UnknownLabelError, message, "compare_on", on)
        for col in ("item_id", "versus"):
            self.require(col, "for an activity comparison")
            for part in split_list(self.rec[col]):
                if part not in self.known.activities:
                    self.fail(UnknownLabelError, "unknown activity_id", col, part)
        self.forbid(("measure", "agency", "survey", "categories"), "for an activity comparison")

    def check_columns(self, kind: str, table: int) -> dict[str, str]:
        """Tables 3-4: measure x agency x survey and ratings."""
        on = self.cell("compare_on")
        if on in ("item", "activity"):
            message = f"Table {table} compares surveys, agencies or measures"
            self.fail(UnknownLabelError, message, "compare_on", on)
        self.forbid(("item_id",), f"for Table {table} (use measure/agency/survey)")
        for col in ("measure", "agency", "survey", "categories"):
            self.require(col, f"for Table {table}")
        known = {
            "measure": self.known.measures[table],
            "agency": self.known.agencies,
            "survey": self.known.surveys,
            "categories": self.known.ratings,
        }
        out = {
            "measure": self.labels("measure", known["measure"], f"measure of Table {table}"),
            "agency": self.labels("agency", known["agency"], "agency"),
            "survey": self.labels("survey", known["survey"], "survey"),
            "categories": self.labels("categories", known["categories"], "rating"),
        }
        if kind == "comparison":
            out["versus"] = self.labels("versus", known[on], on)
        return out

    def check_items(self, kind: str, table: int) -> dict[str, str]:
        """Tables 5-10: items of the codebook and levels of their one scale."""
        on = self.cell("compare_on")
        if on in ("survey", "agency", "measure", "activity"):
            message = f"Table {table} comparisons are between items"
            self.fail(UnknownLabelError, message, "compare_on", on)
        self.forbid(("measure", "agency", "survey"), f"for Table {table} (use item_id)")
        self.require("item_id", f"for Table {table}")
        self.require("categories", f"for Table {table}")
        items = self.items(table)
        if kind == "comparison":
            items += self.items(table, "versus")
        codebook = self.known.codebook
        scales = {codebook.item(i).scale for i in items}
        scale = codebook.scales[scales.pop()]
        if scales:
            self.fail(
                UnknownLabelError, "items with different scales", "item_id", self.rec["item_id"]
            )
        known = {normalise_label(c): c for c in scale.categories}
        what = f"level of scale {scale.name!r}"
        return {"categories": self.labels("categories", known, what)}


def load_claims(
    path: str | Path | None = None,
    *,
    raw: str | Path | None = None,
    codebook: Codebook | None = None,
) -> pd.DataFrame:
    """Load and validate the report's numeric claims.

    Parameters
    ----------
    path : path, optional
        A claims file; defaults to ``claims.csv`` of the raw data folder.
    raw : path, optional
        Raw data folder used to validate table labels and activity ids (and
        holding ``claims.csv`` when ``path`` is not given).
    codebook : Codebook, optional
        Instrument whose item ids and scale levels the claims may use;
        defaults to the built-in 2012 codebook.

    Returns
    -------
    DataFrame
        One row per claim, in file order, with columns
        ``claim_id`` (unique), ``section`` (report section), ``location``
        (bullet, paragraph or footnote within it), ``kind`` (a key of
        :data:`CLAIM_KINDS`), ``quote`` (the short phrase quoted), ``table``
        (table number(s), ``;``-separated, or "activities"; empty for a
        count no table holds), ``item_id`` (Tables 5-10 item ids or activity
        ids, ``;``-separated), ``measure``, ``agency``, ``survey`` (Tables
        3-4, ``;``-separated, canonical labels), ``categories`` (response or
        rating labels whose shares the claim adds up, canonical spelling),
        ``claimed_value`` (the stated number, missing when none is stated),
        ``comparator`` (a key of :data:`COMPARATORS`), ``compare_on``
        (comparisons: survey, agency, measure, item or activity),
        ``versus`` (what the subject is compared with), ``base`` (a
        denominator the claim states, e.g. 148) and ``note``.
        Several items, agencies, measures or surveys in a share claim mean
        the claim is made of each of them.

    Raises
    ------
    SurveyDataError
        On a missing column, duplicate claim id, unknown kind, table, item id,
        measure, agency, survey, category label or comparator, or a bad
        number; the message names file, line, column and value.

    Examples
    --------
    >>> claims = load_claims().set_index("claim_id")
    >>> row = claims.loc["pe-16"]
    >>> row["item_id"], row["categories"], float(row["claimed_value"]), row["comparator"]
    ('t8_recruitment_retention', 'Strongly agree;Agree', 24.0, 'nearly a quarter')
    """
    if codebook is not None and not isinstance(codebook, Codebook):
        raise TypeError(f"codebook must be a Codebook or None, got {type(codebook).__name__}")
    if path is None:
        path = (Path(raw) if raw is not None else config.raw_dir()) / config.CLAIMS_FILE
    path = Path(path)
    rows = read_rows(path)
    header = [h.strip() for h in rows[0].cells]
    for col in CLAIM_COLUMNS:
        if col not in header:
            raise MissingColumnError("claims column missing", file=path, line=1, column=col)
    labels = _Labels(path, raw, codebook or default_codebook())
    records: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for row in rows[1:]:
        line, cells = row.line, row.cells
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise CellFormatError(
                f"row has {len(cells)} cells, the header has {len(header)}",
                file=path,
                line=line,
                column=header[min(len(cells), len(header) - 1)],
            )
        rec = dict(zip(header, cells, strict=True))
        claim_id = rec["claim_id"].strip()
        if not claim_id:
            raise SurveyDataError("claim_id is empty", file=path, line=line, column="claim_id")
        if claim_id in seen:
            raise SurveyDataError(
                f"duplicate claim_id (first on line {seen[claim_id]})",
                file=path,
                line=line,
                column="claim_id",
                value=claim_id,
            )
        seen[claim_id] = line
        records.append(_Row(rec, line, labels).check())
    frame = pd.DataFrame.from_records(records, columns=list(CLAIM_COLUMNS))
    return frame.astype({"claimed_value": "Float64", "base": "Int64"})
