"""New survey waves: the :class:`Wave` model, respondent-level data in, tidy likert counts out.

A *wave* is one run of the survey: one row per respondent, one column per
item. :func:`~lscb_survey.waves.constructors.read_wave` reads a file (CSV,
XLSX, SPSS ``.sav`` or Stata ``.dta``),
:func:`~lscb_survey.waves.constructors.wave_from_responses` takes a DataFrame,
and both return a :class:`Wave` whose :attr:`Wave.counts` has the tidy likert
schema of :func:`~lscb_survey.load_table` (Tables 5-10). Everything
downstream (:func:`~lscb_survey.likert_summary`,
:func:`~lscb_survey.published_layout` with ``wave=``, the plots) works
unchanged on a wave. :func:`~lscb_survey.waves.constructors.published_wave`
gives the 2012 report's own counts as a wave.

The package's modules follow the data: :mod:`~lscb_survey.waves.formats` (and
:mod:`~lscb_survey.waves.delimited`) read a file into a raw frame,
:mod:`~lscb_survey.waves.encoding` turns each item column into codes of its
scale and collects every problem, :mod:`~lscb_survey.waves.build` checks the
frame as a whole and assembles the wave, :mod:`~lscb_survey.waves.constructors`
holds the public entry points and :mod:`~lscb_survey.waves.weights` adds
respondent weights.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral

import pandas as pd

from ..data.codebook import Codebook
from ..data.loaders import LIKERT_COLUMNS
from ..data.scales import Scale
from ..errors import SurveyDataError, TotalMismatchError

__all__ = [
    "COUNT_COLUMNS",
    "CountRecord",
    "Wave",
    "WaveValidationError",
    "WaveWarning",
    "check_metadata",
    "counts_frame",
    "response_dtype",
]

#: Columns of :attr:`Wave.counts` (the likert schema of ``load_table``).
COUNT_COLUMNS: tuple[str, ...] = LIKERT_COLUMNS

#: One row of :attr:`Wave.counts`, in the order of :data:`COUNT_COLUMNS`.
CountRecord = tuple[object, ...]


class WaveWarning(UserWarning):
    """Something in a wave was ignored or dropped; the message says what."""


class WaveValidationError(SurveyDataError):
    """Problems found in respondent-level data, all of them in one error.

    Attributes
    ----------
    details : DataFrame
        One row per problem: ``kind`` (``missing_column``, ``duplicate_column``,
        ``blank_id``, ``duplicate_id``, ``unknown_label``, ``code_out_of_range``,
        ``codes_not_declared``, ``mixed_labels_and_codes``, ``no_missing_level``,
        ``unhashable_value`` (a list, dict or set in a cell), ``label_conflict`` (an
        SPSS or Stata file's value labels contradict the codebook's codes)),
        ``column``, ``value``, ``rows`` (1-based data rows, up to five),
        ``respondents`` (their ids, when known), ``count`` (rows affected) and
        ``message``.
    kinds : set of str
        The kinds present.
    """

    def __init__(
        self,
        message: str,
        *,
        file: object | None,
        details: pd.DataFrame,
        listed: list[str] | None = None,
    ) -> None:
        # ``listed``: the problems as the message lists them (one line may name several
        # columns with the same problem); by default one line per row of ``details``.
        problems = list(details["message"]) if listed is None else listed
        super().__init__(message, file=file, problems=problems)
        self.details = details
        self.kinds = set(details["kind"])


# ----------------------------------------------------------------------------- the Wave


@dataclass(frozen=True, eq=False, kw_only=True)
class Wave:
    """One wave of the survey: metadata, respondent-level answers and tidy counts.

    Build a wave with :func:`~lscb_survey.waves.constructors.read_wave`,
    :func:`~lscb_survey.waves.constructors.wave_from_responses` or
    :func:`~lscb_survey.waves.constructors.published_wave` rather than directly.

    Attributes
    ----------
    name : str
        Short name used in tables and figures (e.g. ``"2012"``).
    date : str or datetime.date or None
        When the wave was fielded, if known.
    respondents : int
        Number of respondents (rows); every item's counts add up to it.
    population : int or None
        Number of units the survey was sent to (e.g. 148 LSCBs), if known.
    codebook : Codebook
        The instrument: items and their scales.
    responses : DataFrame or None
        One row per respondent (index: respondent ids, or 1-based row numbers
        named ``"row"`` when there is no id column) and one column per item id,
        holding canonical labels as an ordered Categorical of the item's scale.
        ``None`` for :func:`~lscb_survey.waves.constructors.published_wave`, where only counts exist.
    counts : DataFrame
        Tidy likert counts, one row per item x response level, every level of
        the scale present (zero counts and non-substantive levels included):
        ``table``, ``section``, ``block``, ``item_id``, ``item``, ``scale``,
        ``response`` (ordered Categorical over the levels of every scale used:
        substantive levels first, then non-substantive ones, so that within an
        item the order is its scale's),
        ``count``, ``percent`` (whole-number percentage of ``count / n``,
        rounded half up; as printed for :func:`~lscb_survey.waves.constructors.published_wave`) and ``n``
        (respondents).
    source : str or None
        The file the wave was read from, or a description.
    attributes : DataFrame or None
        One row per respondent (index as :attr:`responses`) and one column per
        codebook attribute the data holds (ordered Categoricals of its levels,
        blanks as "Not specified"); ``None`` when there are no responses.
    informant : str or None
        Who answered for each unit (e.g. ``"LSCB chair"``), if declared;
        comparisons of waves with different informants carry a caveat.
    not_asked : Series or None
        Respondents not asked each item (codebook ``not_asked``), indexed by
        ``item_id`` (items without such a rule are absent). They are missing
        in :attr:`responses` and left out of the item's ``n`` in :attr:`counts`.
    multiple : DataFrame or None
        Multi-select questions, one row per question x option, columns
        ``question_id, question, option, chosen, answered, respondents,
        percent`` (see :func:`lscb_survey.waves.questions.tally_multiple`);
        ``None`` when the codebook has none.
    layout : str or None
        The layout the file was read in (e.g. ``"qualtrics"``), when read from a file.
    """

    name: str
    date: str | datetime.date | None = None
    respondents: int
    population: int | None = None
    codebook: Codebook
    responses: pd.DataFrame | None = None
    counts: pd.DataFrame
    source: str | None = None
    attributes: pd.DataFrame | None = None
    informant: str | None = None
    not_asked: pd.Series | None = None
    multiple: pd.DataFrame | None = None
    layout: str | None = None

    def __post_init__(self) -> None:
        check_metadata(self.name, self.date, self.population, self.informant)
        missing = [c for c in COUNT_COLUMNS if c not in self.counts.columns]
        if missing:
            raise SurveyDataError(f"wave counts lack columns {missing}", file=self.source)
        if self.respondents < 1:
            raise SurveyDataError("a wave needs at least one respondent", file=self.source)
        if self.population is not None and self.population < self.respondents:
            raise ValueError(
                f"population ({self.population}) is smaller than the {self.respondents} "
                "respondents; it is the number of units surveyed (148 LSCBs in 2012)"
            )
        totals = self.counts.groupby("item_id", sort=False)["count"].sum()
        skipped = self.not_asked if self.not_asked is not None else pd.Series(dtype="int64")
        base = self.respondents - skipped.reindex(totals.index, fill_value=0)
        wrong = totals[totals != base]
        expected = self.respondents - skipped.reindex(self.counts["item_id"], fill_value=0)
        bad_n = self.counts.loc[
            self.counts["n"].to_numpy() != expected.to_numpy(), "item_id"
        ].unique()
        if len(wrong) or len(bad_n):
            problems = [f"item {i!r}: counts add up to {int(t)}" for i, t in wrong.items()] + [
                f"item {i!r}: n differs from the respondents" for i in bad_n
            ]
            raise TotalMismatchError(
                f"every item's counts must add up to the {self.respondents} respondents "
                "(less those not asked)",
                file=self.source,
                problems=problems,
            )

    def __repr__(self) -> str:
        return (
            f"Wave(name={self.name!r}, date={self.date!r}, respondents={self.respondents}, "
            f"population={self.population!r}, items={len(self.items)}, "
            f"responses={'yes' if self.responses is not None else 'None'}, "
            f"source={self.source!r})"
        )

    @property
    def items(self) -> list[str]:
        """Item ids of the wave, in codebook order."""
        return list(dict.fromkeys(self.counts["item_id"]))

    @property
    def tables(self) -> list[int]:
        """Report tables (of the 2012 layout) the wave has items for."""
        return sorted({int(t) for t in self.counts["table"].dropna()})

    def counts_by(self, attr: str) -> pd.DataFrame:
        """The tidy counts within each group of a respondent attribute.

        Parameters
        ----------
        attr : str
            An attribute of the codebook whose column the data held (a column
            of :attr:`attributes`).

        Returns
        -------
        DataFrame
            The columns of :attr:`counts` plus one named ``attr``: one block
            per group (every level of the attribute, in its order, with zero
            counts kept), so every function that takes a counts frame works
            per group. ``n`` is the group's size.

        Raises
        ------
        ValueError
            If the wave has no respondent-level data or no such attribute.

        Examples
        --------
        >>> import pandas as pd
        >>> from lscb_survey import wave_from_responses
        >>> df = pd.DataFrame({"t9_sanctions": ["Agree", "Disagree", "Agree"],
        ...                    "region": ["North East", "north east ", ""]})
        >>> w = wave_from_responses(df, items=["t9_sanctions"])
        >>> c = w.counts_by("region")
        >>> c[c["count"] > 0][["region", "response", "count", "n"]].values.tolist()
        [['North East', 'Agree', 1, 2], ['North East', 'Disagree', 1, 2], ['Not specified', 'Agree', 1, 1]]
        """
        from .attributes import counts_by  # the tally lives beside the attribute encoding

        if self.responses is None or self.attributes is None:
            raise ValueError(f"wave {self.name!r} has no respondent-level data to break down")
        if attr not in self.attributes.columns:
            raise ValueError(
                f"wave {self.name!r} has no attribute {attr!r}; it has "
                f"{list(self.attributes.columns)}"
            )
        return counts_by(self.responses, self.attributes, attr, self.codebook)

    def table(self, table: int) -> pd.DataFrame:
        """The counts of one table (columns as :attr:`counts`; ``response``
        ordered over the levels of that table's scales only)."""
        part = self.counts[self.counts["table"] == table]
        if part.empty:
            raise ValueError(f"wave {self.name!r} has no items of table {table}")
        scales = [self.codebook.scales[name] for name in dict.fromkeys(part["scale"])]
        dtype = response_dtype(scales)
        return part.astype({"response": dtype}).reset_index(drop=True)


def response_dtype(scales: Sequence[Scale]) -> pd.CategoricalDtype:
    """Ordered dtype over several scales: every substantive level, then every
    non-substantive one, so each scale keeps its own order within the union.

    Examples
    --------
    >>> from lscb_survey.data.codebook import default_codebook
    >>> scale = default_codebook().scale_of("t9_sanctions")
    >>> list(response_dtype([scale]).categories)[-1]
    'Not specified'
    """
    substantive = dict.fromkeys(c for s in scales for c in s.levels)
    missing = dict.fromkeys(c for s in scales for c in s.missing if c not in substantive)
    return pd.CategoricalDtype([*substantive, *missing], ordered=True)


def counts_frame(records: Sequence[CountRecord], scales: Sequence[Scale]) -> pd.DataFrame:
    """The tidy counts frame of :attr:`Wave.counts` from its rows.

    Parameters
    ----------
    records : sequence of tuple
        One tuple per item x level, in the order of :data:`COUNT_COLUMNS`.
    scales : sequence of Scale
        The scales of the items; ``response`` is ordered over the union of
        their levels (see :func:`response_dtype`).

    Returns
    -------
    DataFrame
        Columns :data:`COUNT_COLUMNS`; ``table`` int64 (nullable ``Int64`` when
        an item has no table), ``percent`` nullable ``Int64``.
    """
    frame = pd.DataFrame.from_records(list(records), columns=list(COUNT_COLUMNS))
    table_dtype = "int64" if frame["table"].notna().all() else "Int64"
    return frame.astype(
        {
            "table": table_dtype,
            "response": response_dtype(scales),
            "count": "int64",
            "percent": "Int64",
            "n": "int64",
        }
    )


def check_metadata(name: object, date: object, population: object, informant: object) -> None:
    """Raise TypeError or ValueError for metadata of a wave of the wrong type or value.

    Examples
    --------
    >>> check_metadata("2013", "2013-02", 148, None)
    >>> check_metadata("2013", None, 0, None)
    Traceback (most recent call last):
    ...
    ValueError: population must be a whole number of 1 or more (or None), got 0
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    if not name.strip():
        raise ValueError("name must not be blank")
    if date is not None and not isinstance(date, str | datetime.date):
        raise TypeError(f"date must be a str, a datetime.date or None, got {type(date).__name__}")
    if isinstance(date, str) and not date.strip():
        raise ValueError("date must not be blank (give None for no date)")
    if population is not None:
        if isinstance(population, bool) or not isinstance(population, Integral):
            raise TypeError(
                f"population must be a whole number or None, got {type(population).__name__}"
            )
        if population < 1:
            raise ValueError(
                f"population must be a whole number of 1 or more (or None), got {population}"
            )
    if informant is not None and not isinstance(informant, str):
        raise TypeError(f"informant must be a str or None, got {type(informant).__name__}")
