"""The printed columns of Tables 3-4, read and reconstructed into counts.

A comparison frame (the schema of :func:`~lscb_survey.data.loaders.load_table`
for Tables 3 and 4) holds, for each measure x agency x survey, a column of
printed percentages over the four ratings. :func:`reconstruct_columns` checks
each column and recovers its counts with
:func:`~lscb_survey.stats.reconstruct.reconstruct_counts`; :func:`counts_status`
says in words whether both surveys' counts are known. The analyses of
:mod:`lscb_survey.analysis.shifts` are built on this.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import pandas as pd

from ..errors import CellFormatError, MissingColumnError, TotalMismatchError, UnknownLabelError
from ..stats.reconstruct import reconstruct_counts
from ..stats.rounding import ROUNDING_RULES
from ..survey import PERIODS, SURVEYS

if TYPE_CHECKING:
    from pandas._typing import Scalar

__all__ = [
    "REQUIRED",
    "ShiftColumns",
    "SurveyColumn",
    "comparison_data",
    "counts_status",
    "reconstruct_columns",
    "restore_dtypes",
]

#: Columns a comparison frame must have.
REQUIRED: tuple[str, ...] = ("table", "measure", "agency", "survey", "rating", "percent", "n")

# A printed column is identified by (table, measure, agency).
_Key = tuple[object, object, object]


@dataclass(frozen=True)
class SurveyColumn:
    """One survey's printed column for one measure x agency, and its counts.

    Attributes
    ----------
    status : str
        "unique", "ambiguous", "infeasible" (from the reconstruction), "not
        rated" (nothing printed) or "incomplete" (some percentages missing).
    n : int
        The survey's base.
    printed : tuple of (int or None)
        The printed percentages in rating order, ``None`` where missing.
    counts : tuple of int or None
        The counts, when they are unique.
    k : int
        Number of count vectors that print as the column (0 unless reconstructed).
    n_missing : int
        Number of missing percentages.
    """

    status: str
    n: int
    printed: tuple[int | None, ...]
    counts: tuple[int, ...] | None
    k: int
    n_missing: int = 0


@dataclass(frozen=True)
class ShiftColumns:
    """Every printed column of a comparison frame.

    Attributes
    ----------
    ratings : list of str
        The rating order of the columns.
    columns : dict
        ``(table, measure, agency)`` -> survey name -> :class:`SurveyColumn`.
    order : list
        The keys in the order they first appear.
    """

    ratings: list[str]
    columns: dict[_Key, dict[str, SurveyColumn]]
    order: list[_Key]


def _whole(value: object) -> int | None:
    """``value`` as an int when it is a whole number (not bool, not missing), else None."""
    if isinstance(value, bool) or value is None or pd.isna(cast("Scalar", value)):
        return None
    try:
        number = float(cast("float | str", value))
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def comparison_data(data: pd.DataFrame | None) -> pd.DataFrame:
    """The comparison frame to analyse: ``data`` checked, or Tables 3 and 4 together.

    Parameters
    ----------
    data : DataFrame or None
        A comparison frame; ``None`` loads Tables 3 and 4.

    Returns
    -------
    DataFrame

    Raises
    ------
    TypeError
        If ``data`` is not a DataFrame.
    MissingColumnError
        If a column of :data:`REQUIRED` is missing.

    Examples
    --------
    >>> len(comparison_data(None))
    336
    """
    if data is None:
        from ..data.loaders import load_table

        return pd.concat([load_table(3), load_table(4)], ignore_index=True)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(data).__name__}")
    for column in REQUIRED:
        if column not in data.columns:
            raise MissingColumnError("comparison frame lacks a required column", column=column)
    return data


def _rating_order(data: pd.DataFrame) -> list[str]:
    if isinstance(data["rating"].dtype, pd.CategoricalDtype):
        return [str(c) for c in data["rating"].cat.categories]
    from ..data.codebook import default_codebook

    order = default_codebook().scales["rating4"].categories
    unknown = sorted(set(data["rating"].astype(str)) - set(order))
    if unknown:
        raise UnknownLabelError(
            "rating is not one of the Tables 3-4 ratings", column="rating", value=unknown[0]
        )
    return list(order)


def _column(
    where: str,
    group: pd.DataFrame,
    ratings: Sequence[str],
    rounding: str,
    problems: list[str],
    cell_problems: list[str],
) -> SurveyColumn | None:
    """One printed column reconstructed, or None (with a problem noted)."""
    if group["_rating"].duplicated().any():
        problems.append(f"{where}: a rating appears twice")
        return None
    missing_rows = [r for r in ratings if r not in set(group["_rating"])]
    if missing_rows:
        problems.append(f"{where}: no row for ratings {missing_rows}")
        return None
    ns = set(group["n"].tolist())
    n = _whole(next(iter(ns))) if len(ns) == 1 else None
    if n is None or n < 1:
        problems.append(f"{where}: n is not one whole number: {sorted(map(str, ns))}")
        return None
    by_rating = dict(zip(group["_rating"], group["percent"], strict=True))
    percents = [by_rating[r] for r in ratings]
    printed = tuple(None if pd.isna(p) else _whole(p) for p in percents)
    fractional = [
        f"{r}={p!r}"
        for r, p, v in zip(ratings, percents, printed, strict=True)
        if v is None and not pd.isna(p)
    ]
    if fractional:
        cell_problems.append(f"{where}: percent is not a whole number: {fractional}")
        return None
    n_missing = sum(p is None for p in printed)
    if n_missing == len(printed):
        return SurveyColumn("not rated", n, printed, None, 0)
    if n_missing:
        return SurveyColumn("incomplete", n, printed, None, 0, n_missing)
    rec = reconstruct_counts([p for p in printed if p is not None], n, rounding)
    return SurveyColumn(rec.status, n, printed, rec.counts, rec.n_solutions)


def _check_labels(data: pd.DataFrame, rounding: str) -> list[str]:
    """The rating order, after checking the rounding rule and the survey names."""
    if rounding not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rounding!r}; expected one of {ROUNDING_RULES}")
    ratings = _rating_order(data)
    surveys = set(data["survey"].astype(str))
    if not surveys <= set(SURVEYS):
        raise UnknownLabelError(
            "survey must be 'Laming' or 'Munro'",
            column="survey",
            value=sorted(surveys - set(SURVEYS))[0],
        )
    return ratings


def reconstruct_columns(data: pd.DataFrame, rounding: str) -> ShiftColumns:
    """Reconstruct every printed survey column of a comparison frame.

    Parameters
    ----------
    data : DataFrame
        A comparison frame (see :func:`comparison_data`).
    rounding : str
        Rounding rule assumed for the printed percentages.

    Returns
    -------
    ShiftColumns
        The rating order, the columns by key and survey, and the key order.

    Raises
    ------
    SurveyDataError
        If a survey or rating is unknown, a rating repeats or is absent in a
        column, a column's ``n`` is not one whole number of at least 1, or a
        percentage is not a whole number.

    Examples
    --------
    >>> cols = reconstruct_columns(comparison_data(None), "half_up")
    >>> cols.ratings
    ['Good', 'Reasonable', 'Poor', "Don't know"]
    """
    ratings = _check_labels(data, rounding)
    columns: dict[_Key, dict[str, SurveyColumn]] = {}
    order: list[_Key] = []
    problems: list[str] = []
    cell_problems: list[str] = []
    frame = data.assign(
        _survey=data["survey"].astype(str), _rating=data["rating"].astype(str)
    ).reset_index(drop=True)
    for (table, measure, agency, survey), group in frame.groupby(
        ["table", "measure", "agency", "_survey"], sort=False, observed=True
    ):
        key = (table, measure, agency)
        if key not in columns:
            columns[key] = {}
            order.append(key)
        where = f"table {table}, {measure!r}, {agency!r}, {survey}"
        column = _column(where, group, ratings, rounding, problems, cell_problems)
        if column is not None:
            columns[key][str(survey)] = column
    if cell_problems:
        raise CellFormatError(
            f"{len(cell_problems)} column(s) of the comparison frame have unusable percentages",
            column="percent",
            problems=cell_problems,
        )
    if problems:
        raise TotalMismatchError(
            f"{len(problems)} column(s) of the comparison frame are malformed", problems=problems
        )
    return ShiftColumns(ratings, columns, order)


def _describe(survey: str, info: SurveyColumn | None) -> str | None:
    if info is None:
        return f"no {survey} column"
    status = info.status
    if status == "unique":
        return None
    if status == "not rated":
        return f"not rated in {PERIODS[survey]}"
    if status == "ambiguous":
        return f"{survey} ambiguous ({info.k} solutions)"
    if status == "infeasible":
        return f"{survey} infeasible"
    return f"{survey} incomplete ({info.n_missing} of {len(info.printed)} percentages missing)"


def counts_status(cols: Mapping[str, SurveyColumn]) -> str:
    """Whether both surveys' counts of one measure x agency are known, in words.

    Parameters
    ----------
    cols : mapping of str to SurveyColumn
        The columns of one key, by survey.

    Returns
    -------
    str
        "both unique", or what is wrong, e.g. "Laming ambiguous (2 solutions)"
        or "not rated in 2009-10", several joined by "; ".

    Examples
    --------
    >>> counts_status({"Munro": SurveyColumn("unique", 57, (50, 50), (28, 29), 1)})
    'no Laming column'
    """
    notes = [d for s in SURVEYS if (d := _describe(s, cols.get(s))) is not None]
    return "both unique" if not notes else "; ".join(notes)


def restore_dtypes(out: pd.DataFrame, data: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Give ``out``'s ``columns`` the categorical dtypes they have in ``data``.

    Parameters
    ----------
    out, data : DataFrame
        The result and the frame it was computed from.
    columns : sequence of str
        Columns of both.

    Returns
    -------
    DataFrame
        ``out``, changed in place.

    Examples
    --------
    >>> data = pd.DataFrame({"a": pd.Categorical(["x"], categories=["y", "x"])})
    >>> restore_dtypes(pd.DataFrame({"a": ["x"]}), data, ["a"])["a"].cat.categories.tolist()
    ['y', 'x']
    """
    for column in columns:
        dtype = data[column].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            out[column] = pd.Categorical(out[column], dtype=dtype)
    return out
