"""The report's numeric statements, transcribed, and what their words mean.

``data/raw/claims.csv`` holds one row per numeric statement in the findings
sections of the report: where it is, a short quotation, what it refers to
(table, items or measure x agency x survey, response categories), the value it
states and the comparator it uses. :func:`load_claims` reads and validates the
file; :func:`lscb_survey.checks.check_claims` tests each claim against the tables.

Verbal comparators
------------------
Each comparator is defined once, in :data:`COMPARATORS`; :func:`comparators`
lists them as a table. A *share* comparator is a condition on the exact share
``x`` (a fraction between 0 and 1) of the respondents in the claim's categories;
a *comparison* comparator relates the shares of two or more things.
Approximate words use one tolerance, :data:`APPROX_TOLERANCE` (5 percentage
points).

Share comparators (``x`` is the share in the claim's categories):

* ``exact``: the stated percentage is ``x`` rounded to a whole percent (by the
  audit's rounding rule);
* ``none``: ``x = 0``;
* ``the majority``, ``over half``, ``more than half``, ``over 50%``: ``x > 1/2``;
* ``vast majority``: ``x >= 4/5`` (vague);
* ``at least 60%``: ``x >= 3/5``;
* ``over three quarters``: ``x > 3/4``;
* ``over four fifths``, ``more than four fifths``: ``x > 4/5``;
* ``just over four fifths``: ``4/5 < x <= 4/5 + 5 points``;
* ``nearly 50%``, ``just under half``: ``1/2 - 5 points <= x < 1/2``;
* ``nearly a quarter``: ``1/4 - 5 points <= x < 1/4``;
* ``just under two thirds``: ``2/3 - 5 points <= x < 2/3``;
* ``just under one in five``: ``1/5 - 5 points <= x < 1/5``;
* ``around two fifths``: ``|x - 2/5| <= 5 points``;
* ``a quarter`` (a bare fraction): ``|x - 1/4| <= 2.5 points``;
* ``few``, ``a small percentage``: ``x < 1/4`` (vague).

Comparison comparators. The *subjects* are the things the claim names along
``compare_on`` (its survey, agency, measure, item or activity column), the
*versus* things are those they are compared with, and every combination of
the claim's other labels is a *context*:

* ``higher``, ``consistently higher``, ``highest``, ``most frequently cited``:
  every subject above every versus, in every context;
* ``lower``, ``lowest``: every subject below every versus;
* ``increased``: the subject (the later survey) above the versus (the earlier),
  in every context;
* ``improved on the whole``: the subject above the versus in more than half of
  the (subject, versus, context) pairs;
* ``followed by``: the subjects strictly decreasing in the order listed, the
  last above every versus;
* ``remained constant``: shares less than 1 percentage point apart;
* ``the same``: shares exactly equal;
* ``parts of``: the subjects' counts sum to at most the versus count (disjoint
  parts of a whole).

A comparator marked vague has no agreed threshold: a claim failing it is
reported as a warning, never an error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import CellFormatError, MissingColumnError, SurveyDataError, UnknownLabelError
from .codebook import Codebook, default_codebook
from .scales import normalise_label

__all__ = [
    "APPROX_TOLERANCE",
    "CLAIM_COLUMNS",
    "CLAIM_KINDS",
    "COMPARATORS",
    "Comparator",
    "comparators",
    "load_claims",
    "split_list",
]

#: Tolerance of the approximate words ("nearly", "just under", "around"...): 5 points.
APPROX_TOLERANCE = Fraction(5, 100)

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


@dataclass(frozen=True)
class Comparator:
    """The meaning of one comparator.

    Attributes
    ----------
    name : str
        The words as they appear in ``claims.csv``.
    kind : str
        ``"share"`` (a condition on one share) or ``"comparison"``.
    meaning : str
        The definition, in words.
    lower, upper : Fraction or None
        For share comparators: bounds on the share (``None``: unbounded).
    lower_closed, upper_closed : bool
        Whether each bound is included.
    relation : str or None
        For comparisons: ``">"``, ``"<"``, ``"order"``, ``"majority>"``,
        ``"~"`` (within one percentage point), ``"="`` or ``"parts"``.
    vague : bool
        True when the words have no agreed threshold; failures are warnings.
    """

    name: str
    kind: str
    meaning: str
    lower: Fraction | None = None
    upper: Fraction | None = None
    lower_closed: bool = True
    upper_closed: bool = True
    relation: str | None = None
    vague: bool = False

    def holds(self, share: Fraction) -> bool:
        """Whether a share satisfies this share comparator (exact arithmetic).

        Examples
        --------
        >>> COMPARATORS["over half"].holds(Fraction(29, 57))
        True
        >>> COMPARATORS["over half"].holds(Fraction(1, 2))
        False
        """
        if self.kind != "share":
            raise ValueError(f"{self.name!r} compares shares; it is not a condition on one share")
        if self.lower is not None:
            if share < self.lower or (share == self.lower and not self.lower_closed):
                return False
        if self.upper is not None:
            if share > self.upper or (share == self.upper and not self.upper_closed):
                return False
        return True

    def interval(self) -> str:
        """The condition as an interval in percent, e.g. ``"(50, 100]"``."""
        if self.kind != "share":
            return ""
        if self.lower is None and self.upper is None:
            return "any (the stated value is checked)"
        lo = self.lower if self.lower is not None else Fraction(0)
        hi = self.upper if self.upper is not None else Fraction(1)
        left = "[" if self.lower is None or self.lower_closed else "("
        right = "]" if self.upper is None or self.upper_closed else ")"
        return f"{left}{_pct(lo)}, {_pct(hi)}{right}"


def _pct(x: Fraction) -> str:
    value = x * 100
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"


def _share(name, meaning, lower=None, upper=None, lo_closed=True, hi_closed=True, vague=False):
    return Comparator(name, "share", meaning, lower, upper, lo_closed, hi_closed, None, vague)


def _relation(name, relation, meaning):
    return Comparator(name, "comparison", meaning, relation=relation)


_T = APPROX_TOLERANCE
_HALF, _QUARTER, _FIFTH = Fraction(1, 2), Fraction(1, 4), Fraction(1, 5)
_over_half = "more than half: x > 1/2"

_COMPARATOR_LIST: list[Comparator] = [
    _share("exact", "the stated percentage equals x rounded to a whole percent"),
    _share("none", "nobody: x = 0", Fraction(0), Fraction(0)),
    _share("the majority", _over_half, _HALF, None, lo_closed=False),
    _share("over half", _over_half, _HALF, None, lo_closed=False),
    _share("more than half", _over_half, _HALF, None, lo_closed=False),
    _share("over 50%", _over_half, _HALF, None, lo_closed=False),
    _share("vast majority", "at least four in five: x >= 4/5", 4 * _FIFTH, None, vague=True),
    _share("at least 60%", "x >= 3/5", Fraction(3, 5), None),
    _share("over three quarters", "x > 3/4", 3 * _QUARTER, None, lo_closed=False),
    _share("over four fifths", "x > 4/5", 4 * _FIFTH, None, lo_closed=False),
    _share("more than four fifths", "x > 4/5", 4 * _FIFTH, None, lo_closed=False),
    _share(
        "just over four fifths",
        "above 4/5 by at most the tolerance: 4/5 < x <= 4/5 + 5 points",
        4 * _FIFTH,
        4 * _FIFTH + _T,
        lo_closed=False,
    ),
    _share(
        "nearly 50%",
        "below 1/2 by at most the tolerance: 1/2 - 5 points <= x < 1/2",
        _HALF - _T,
        _HALF,
        hi_closed=False,
    ),
    _share(
        "just under half",
        "below 1/2 by at most the tolerance: 1/2 - 5 points <= x < 1/2",
        _HALF - _T,
        _HALF,
        hi_closed=False,
    ),
    _share(
        "nearly a quarter",
        "below 1/4 by at most the tolerance: 1/4 - 5 points <= x < 1/4",
        _QUARTER - _T,
        _QUARTER,
        hi_closed=False,
    ),
    _share(
        "just under two thirds",
        "below 2/3 by at most the tolerance: 2/3 - 5 points <= x < 2/3",
        Fraction(2, 3) - _T,
        Fraction(2, 3),
        hi_closed=False,
    ),
    _share(
        "just under one in five",
        "below 1/5 by at most the tolerance: 1/5 - 5 points <= x < 1/5",
        _FIFTH - _T,
        _FIFTH,
        hi_closed=False,
    ),
    _share(
        "around two fifths",
        "within the tolerance of 2/5: |x - 2/5| <= 5 points",
        2 * _FIFTH - _T,
        2 * _FIFTH + _T,
    ),
    _share(
        "a quarter",
        "a bare fraction, within half the tolerance: |x - 1/4| <= 2.5 points",
        _QUARTER - _T / 2,
        _QUARTER + _T / 2,
    ),
    _share("few", "a small minority: x < 1/4", Fraction(0), _QUARTER, hi_closed=False, vague=True),
    _share(
        "a small percentage",
        "a small minority: x < 1/4",
        Fraction(0),
        _QUARTER,
        hi_closed=False,
        vague=True,
    ),
    _relation("higher", ">", "every subject above every versus, in every context"),
    _relation("consistently higher", ">", "every subject above every versus, in every context"),
    _relation("highest", ">", "the subject above every other one named, in every context"),
    _relation(
        "most frequently cited", ">", "the subject above every other one named, in every context"
    ),
    _relation("lower", "<", "every subject below every versus, in every context"),
    _relation("lowest", "<", "every subject below every other one named, in every context"),
    _relation("increased", ">", "subject (later survey) above versus (earlier), in every context"),
    _relation(
        "improved on the whole",
        "majority>",
        "subject above versus in more than half of the (subject, versus, context) pairs",
    ),
    _relation(
        "followed by",
        "order",
        "subjects strictly decreasing in the order listed, the last above every versus",
    ),
    _relation("remained constant", "~", "shares less than one percentage point apart"),
    _relation("the same", "=", "shares exactly equal"),
    _relation("parts of", "parts", "subjects' counts sum to at most the versus count"),
]

#: Every comparator ``claims.csv`` may use, by name.
COMPARATORS: dict[str, Comparator] = {c.name: c for c in _COMPARATOR_LIST}


def comparators() -> pd.DataFrame:
    """List every comparator and its definition.

    Returns
    -------
    DataFrame
        One row per comparator: ``comparator`` (the words), ``kind`` ("share"
        or "comparison"), ``condition`` (for share comparators, the interval of
        the share in percent; for comparisons the relation symbol), ``meaning``
        and ``vague`` (True when a failure is only a warning).

    Examples
    --------
    >>> c = comparators().set_index("comparator")
    >>> c.loc["nearly a quarter", "condition"]
    '[20, 25)'
    >>> c.loc["over half", "condition"]
    '(50, 100]'
    """
    return pd.DataFrame(
        [
            {
                "comparator": c.name,
                "kind": c.kind,
                "condition": c.interval() if c.kind == "share" else c.relation,
                "meaning": c.meaning,
                "vague": c.vague,
            }
            for c in _COMPARATOR_LIST
        ]
    )


def split_list(value: object) -> list[str]:
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


class _Checker:
    """Validates one claims file; raises on the first problem, naming line, column, value."""

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

    def fail(self, cls, message: str, line: int, column: str, value: object) -> None:
        raise cls(message, file=self.path, line=line, column=column, value=value)

    def labels(
        self, value: str, known: dict[str, str], what: str, line: int, column: str
    ) -> list[str]:
        out = []
        for part in split_list(value):
            canonical = known.get(normalise_label(part))
            if canonical is None:
                self.fail(
                    UnknownLabelError,
                    f"unknown {what}; expected one of {sorted(known.values())}",
                    line,
                    column,
                    part,
                )
            out.append(canonical)
        return out

    def number(self, value: str, line: int, column: str, *, integer: bool = False):
        text = value.strip()
        if not text:
            return None
        try:
            number = Fraction(text)
        except (ValueError, ZeroDivisionError):
            self.fail(CellFormatError, "expected a number", line, column, value)
        if number < 0 or (integer and number.denominator != 1):
            self.fail(
                CellFormatError,
                "expected a non-negative " + ("whole number" if integer else "number"),
                line,
                column,
                value,
            )
        return number

    def tables(self, value: str, line: int) -> list:
        parts = split_list(value)
        out: list = []
        for part in parts:
            if part == "activities":
                out.append(part)
                continue
            if not part.isdigit() or not 1 <= int(part) <= 10:
                self.fail(
                    UnknownLabelError,
                    "expected a report table 1-10 or 'activities'",
                    line,
                    "table",
                    part,
                )
            out.append(int(part))
        return out

    def require(self, rec: dict, column: str, line: int, why: str) -> None:
        if not rec[column].strip():
            self.fail(SurveyDataError, f"{column} is required {why}", line, column, rec[column])

    def forbid(self, rec: dict, column: str, line: int, why: str) -> None:
        if rec[column].strip():
            self.fail(SurveyDataError, f"{column} must be empty {why}", line, column, rec[column])

    def items(self, value: str, table: int, line: int, column: str = "item_id") -> list[str]:
        known = {i.id: i for i in self.codebook.items_for_table(table)}
        out = []
        for part in split_list(value):
            if part not in known:
                self.fail(
                    UnknownLabelError,
                    f"not an item of table {table} in codebook {self.codebook.source}",
                    line,
                    column,
                    part,
                )
            out.append(part)
        return out

    def check_row(self, rec: dict, line: int) -> dict:
        kind = rec["kind"].strip()
        if kind not in CLAIM_KINDS:
            self.fail(
                UnknownLabelError,
                f"unknown kind; expected one of {list(CLAIM_KINDS)}",
                line,
                "kind",
                rec["kind"],
            )
        name = rec["comparator"].strip()
        comparator = COMPARATORS.get(name)
        if comparator is None:
            self.fail(
                UnknownLabelError,
                f"unknown comparator; expected one of {sorted(COMPARATORS)}",
                line,
                "comparator",
                rec["comparator"],
            )
        wanted = "comparison" if kind == "comparison" else "share"
        if comparator.kind != wanted:
            self.fail(
                UnknownLabelError,
                f"comparator {name!r} is a {comparator.kind} comparator; kind {kind!r} needs a "
                f"{wanted} one",
                line,
                "comparator",
                name,
            )
        value = self.number(rec["claimed_value"], line, "claimed_value")
        base = self.number(rec["base"], line, "base", integer=True)
        if name == "exact" and value is None:
            self.fail(
                SurveyDataError,
                "an exact claim needs a claimed_value",
                line,
                "claimed_value",
                rec["claimed_value"],
            )
        if value is not None and kind in ("share", "response_rate") and value > 100:
            self.fail(CellFormatError, "a percentage is at most 100", line, "claimed_value", value)
        if not rec["quote"].strip():
            self.fail(SurveyDataError, "quote is required", line, "quote", rec["quote"])
        if len(rec["quote"].split()) > MAX_QUOTE_WORDS:
            self.fail(
                CellFormatError,
                f"quote has more than {MAX_QUOTE_WORDS} words; quote a short phrase",
                line,
                "quote",
                rec["quote"],
            )
        tables = self.tables(rec["table"], line)
        out = {c: rec[c].strip() for c in CLAIM_COLUMNS}
        out["kind"], out["comparator"] = kind, name
        out["claimed_value"] = None if value is None else float(value)
        out["base"] = None if base is None else int(base)
        if kind in ("returns", "population", "response_rate"):
            self._check_returns_kind(rec, kind, tables, line)
        elif kind == "count":
            for col in ("table", "item_id", "measure", "agency", "survey", "categories"):
                self.forbid(rec, col, line, "for a count claim (no table holds it)")
        else:
            out.update(self._check_target(rec, kind, tables, line))
        if kind == "response_rate" and base is None:
            self.fail(
                SurveyDataError, "a response_rate claim needs its base", line, "base", rec["base"]
            )
        return out

    def _check_returns_kind(self, rec: dict, kind: str, tables: list, line: int) -> None:
        if not tables or any(t not in (1, 2) for t in tables):
            self.fail(
                UnknownLabelError,
                f"a {kind} claim refers to Tables 1 and/or 2",
                line,
                "table",
                rec["table"],
            )
        if not rec["claimed_value"].strip():
            self.fail(
                SurveyDataError, f"a {kind} claim needs a claimed_value", line, "claimed_value", ""
            )
        for col in ("item_id", "measure", "agency", "survey", "categories", "compare_on", "versus"):
            self.forbid(rec, col, line, f"for a {kind} claim")

    def _check_target(self, rec: dict, kind: str, tables: list, line: int) -> dict:
        if len(tables) != 1:
            self.fail(
                UnknownLabelError,
                "a share or comparison claim refers to exactly one table",
                line,
                "table",
                rec["table"],
            )
        table = tables[0]
        out: dict = {}
        if kind == "share" and (table == "activities" or table in (1, 2)):
            self.fail(
                UnknownLabelError, "share claims refer to Tables 3-10", line, "table", rec["table"]
            )
        if kind == "comparison":
            self.require(rec, "compare_on", line, "for a comparison")
            self.require(rec, "versus", line, "for a comparison")
            if rec["compare_on"].strip() not in _DIMENSIONS:
                self.fail(
                    UnknownLabelError,
                    f"compare_on must be one of {list(_DIMENSIONS)}",
                    line,
                    "compare_on",
                    rec["compare_on"],
                )
        else:
            self.forbid(rec, "compare_on", line, "for a share claim")
            self.forbid(rec, "versus", line, "for a share claim")
        on = rec["compare_on"].strip()
        if table == "activities":
            if on != "activity":
                self.fail(
                    UnknownLabelError,
                    "activity comparisons use compare_on 'activity'",
                    line,
                    "compare_on",
                    on,
                )
            for col in ("item_id", "versus"):
                self.require(rec, col, line, "for an activity comparison")
                for part in split_list(rec[col]):
                    if part not in self.activities:
                        self.fail(UnknownLabelError, "unknown activity_id", line, col, part)
            for col in ("measure", "agency", "survey", "categories"):
                self.forbid(rec, col, line, "for an activity comparison")
            return out
        if table in (3, 4):
            if on in ("item", "activity"):
                self.fail(
                    UnknownLabelError,
                    f"Table {table} compares surveys, agencies or measures",
                    line,
                    "compare_on",
                    on,
                )
            self.forbid(rec, "item_id", line, f"for Table {table} (use measure/agency/survey)")
            for col in ("measure", "agency", "survey", "categories"):
                self.require(rec, col, line, f"for Table {table}")
            known = {
                "measure": self.measures[table],
                "agency": self.agencies,
                "survey": self.surveys,
                "categories": self.ratings,
            }
            for col, what in (
                ("measure", f"measure of Table {table}"),
                ("agency", "agency"),
                ("survey", "survey"),
                ("categories", "rating"),
            ):
                out[col] = ";".join(self.labels(rec[col], known[col], what, line, col))
            if kind == "comparison":
                out["versus"] = ";".join(self.labels(rec["versus"], known[on], on, line, "versus"))
            return out
        # Tables 5-10
        if on in ("survey", "agency", "measure", "activity"):
            self.fail(
                UnknownLabelError,
                f"Table {table} comparisons are between items",
                line,
                "compare_on",
                on,
            )
        for col in ("measure", "agency", "survey"):
            self.forbid(rec, col, line, f"for Table {table} (use item_id)")
        self.require(rec, "item_id", line, f"for Table {table}")
        self.require(rec, "categories", line, f"for Table {table}")
        items = self.items(rec["item_id"], table, line)
        if kind == "comparison":
            items += self.items(rec["versus"], table, line, "versus")
        scales = {self.codebook.item(i).scale for i in items}
        scale = self.codebook.scales[scales.pop()]
        if scales:
            self.fail(
                UnknownLabelError, "items with different scales", line, "item_id", rec["item_id"]
            )
        known = {normalise_label(c): c for c in scale.categories}
        out["categories"] = ";".join(
            self.labels(
                rec["categories"], known, f"level of scale {scale.name!r}", line, "categories"
            )
        )
        return out


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
    if path is None:
        path = (Path(raw) if raw is not None else config.raw_dir()) / config.CLAIMS_FILE
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            rows = [(reader.line_num, cells) for cells in reader]
    except FileNotFoundError:
        raise SurveyDataError("claims file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise CellFormatError(f"claims file is not UTF-8 ({exc.reason})", file=path) from None
    if not rows:
        raise SurveyDataError("claims file is empty", file=path)
    header = [h.strip() for h in rows[0][1]]
    for col in CLAIM_COLUMNS:
        if col not in header:
            raise MissingColumnError("claims column missing", file=path, line=1, column=col)
    checker = _Checker(path, raw, codebook or default_codebook())
    records, seen = [], {}
    for line, cells in rows[1:]:
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
        records.append(checker.check_row(rec, line))
    frame = pd.DataFrame.from_records(records, columns=list(CLAIM_COLUMNS))
    return frame.astype({"claimed_value": "Float64", "base": "Int64"})
