"""Respondent weights: weighted counts and the Kish effective sample size.

A wave may carry one weight per respondent, for instance to correct for
non-response by region or authority type. The codebook names the column
(``weight_column`` in its ``[codebook]`` table). Weighted percentages estimate
the population shares; the unweighted base is always reported beside them,
and the precision of a weighted percentage is that of a simple random sample of
the *effective* size (Kish, 1965; :func:`~lscb_survey.stats.weights.kish_n_eff`)::

    n_eff = (sum w) ** 2 / sum(w ** 2)

which equals the number of respondents when all weights are equal and is
smaller otherwise. Intervals for weighted percentages
(:func:`~lscb_survey.compare_waves`) use ``n_eff``.

:func:`read_weighted_wave` reads a wave and its weight column;
:func:`with_weights` attaches weights to a wave built any other way; the result
is a :class:`WeightedWave`, a :class:`~lscb_survey.waves.model.Wave` whose ``counts``
stay the unweighted counts (so every invariant and every function of a wave
still holds) and whose :attr:`WeightedWave.weighted_counts` adds the weighted
columns. Weights must be finite and non-negative, with a positive total; a
zero weight keeps a respondent in the unweighted counts but out of every
weighted figure.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..data.codebook import Codebook
from ..errors import CellFormatError, MissingColumnError, SurveyDataError
from ..stats.weights import kish_n_eff
from .cells import tidy_ids
from .constructors import read_wave
from .layouts import LayoutInfo
from .model import COUNT_COLUMNS, Wave
from .reading import read_laid_out

if TYPE_CHECKING:  # the calibration module builds weighted waves
    from .calibration import WaveCalibration

__all__ = [
    "WEIGHTED_COLUMNS",
    "WeightedWave",
    "read_weighted_wave",
    "weighted_counts",
    "with_weights",
]

#: Columns :func:`weighted_counts` adds to the likert schema.
WEIGHTED_COLUMNS: tuple[str, ...] = (
    "weighted_count",
    "weighted_percent",
    "weighted_n",
    "n_eff",
    "n_eff_valid",
)


def _check_weights(values: pd.Series, *, column: object, source: object | None) -> pd.Series:
    """Weights as float64, every problem listed (respondent id and value)."""
    numeric = pd.to_numeric(values.astype(object).where(values.notna(), None), errors="coerce")
    numeric = numeric.astype(float)
    problems = []
    for who, raw, w in zip(values.index, values, numeric, strict=True):
        blank = raw is None or (isinstance(raw, str) and not raw.strip())
        blank = blank or (not isinstance(raw, str) and pd.isna(raw))
        if blank:
            problems.append(f"respondent {who!r}: no weight")
        elif math.isnan(w):
            problems.append(f"respondent {who!r}: {raw!r} is not a number")
        elif not math.isfinite(w) or w < 0:
            problems.append(f"respondent {who!r}: weight {raw!r} is not finite and non-negative")
    if problems:
        raise CellFormatError(
            "every respondent needs a finite, non-negative weight",
            file=source,
            column=column,
            problems=problems,
        )
    if float(numeric.sum()) <= 0:
        raise CellFormatError("weights add up to zero", file=source, column=column)
    return numeric


def _align(wave: Wave, weights: object) -> pd.Series:
    if wave.responses is None:
        raise SurveyDataError(
            f"wave {wave.name!r} has no respondent-level data, so it cannot be weighted"
        )
    index = wave.responses.index
    if isinstance(weights, pd.Series):
        name = weights.name
        if len(weights) == len(index) and weights.index.sort_values().equals(index.sort_values()):
            values = weights.reindex(index)
        elif len(weights) == len(index):
            values = pd.Series(weights.to_numpy(), index=index)
        else:
            raise SurveyDataError(
                f"{len(weights)} weights for {len(index)} respondents", column=name
            )
    else:
        array = np.asarray(weights, dtype=object)
        if array.ndim != 1 or len(array) != len(index):
            raise SurveyDataError(f"{array.size} weights for {len(index)} respondents")
        name = wave.codebook.weight_column
        values = pd.Series(array, index=index)
    checked = _check_weights(values, column=name, source=wave.source)
    checked.name = name or "weight"
    return checked


@dataclass(frozen=True, eq=False, kw_only=True, repr=False)
class WeightedWave(Wave):
    """A :class:`~lscb_survey.waves.model.Wave` with one weight per respondent.

    Attributes
    ----------
    weights : Series of float
        Indexed like :attr:`Wave.responses`; finite, non-negative, positive
        total.
    counts : DataFrame
        The *unweighted* counts, as for any wave.
    calibration : WaveCalibration or None
        How the weights were calibrated to population margins
        (:func:`~lscb_survey.waves.calibration.rake`,
        :func:`~lscb_survey.waves.calibration.poststratify`), for
        calibration-aware errors; ``None`` for weights given as they are.
    """

    weights: pd.Series
    calibration: WaveCalibration | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.responses is None:
            raise SurveyDataError("a weighted wave needs respondent-level data")
        if not self.weights.index.equals(self.responses.index):
            raise SurveyDataError("weights are not indexed like the respondents")

    def __repr__(self) -> str:
        return (
            super().__repr__()[:-1] + f", weights={self.weights.name!r}, n_eff={self.n_eff:.1f})"
        ).replace("Wave(", "WeightedWave(", 1)

    @property
    def n_eff(self) -> float:
        """Kish effective sample size of all respondents."""
        return kish_n_eff(self.weights)

    @property
    def weighted_counts(self) -> pd.DataFrame:
        """The wave's counts with weighted columns (see :func:`weighted_counts`)."""
        return weighted_counts(self)


def with_weights(wave: Wave, weights: object) -> WeightedWave:
    """Attach respondent weights to a wave.

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data (not :func:`~lscb_survey.published_wave`).
    weights : Series or sequence of float
        A Series indexed by the wave's respondents (``wave.responses.index``)
        is matched by label; any other Series or sequence of the right length
        is taken in respondent order.

    Returns
    -------
    WeightedWave

    Raises
    ------
    SurveyDataError
        If the wave has no respondents' answers, the number of weights is
        wrong, or a weight is missing, not a number, negative or infinite
        (all such respondents are listed), or the weights add up to zero.

    Examples
    --------
    >>> import pandas as pd
    >>> from lscb_survey import wave_from_responses
    >>> df = pd.DataFrame({"t9_sanctions": ["Agree", "Agree", "Disagree"]})
    >>> w = with_weights(wave_from_responses(df, items=["t9_sanctions"]), [1.0, 1.0, 2.0])
    >>> round(w.n_eff, 3)  # 4**2 / 6
    2.667
    """
    if not isinstance(wave, Wave):
        raise TypeError(f"wave must be a Wave, got {type(wave).__name__}")
    if isinstance(weights, str):
        raise TypeError("weights must be numbers; to read a column, use read_weighted_wave")
    aligned = _align(wave, weights)
    values = {f.name: getattr(wave, f.name) for f in fields(Wave)}
    return WeightedWave(**values, weights=aligned)


def read_weighted_wave(
    path: str | Path,
    codebook: Codebook | str | Path | None = None,
    *,
    weight_column: str | None = None,
    **kwargs,
) -> WeightedWave:
    """Read a wave and the respondent weights stored in the same file.

    Parameters
    ----------
    path : str or Path
        As for :func:`~lscb_survey.read_wave`.
    codebook : Codebook or path, optional
        As for :func:`~lscb_survey.read_wave`; its ``weight_column``
        names the weights unless ``weight_column`` is given.
    weight_column : str, optional
        The column of weights, overriding the codebook.
    **kwargs
        Passed to :func:`~lscb_survey.read_wave` (``name``, ``date``,
        ``population``, ``columns``, ``items``, ``id_column``, ``encoding``,
        ``sheet``).

    Returns
    -------
    WeightedWave

    Raises
    ------
    MissingColumnError
        If no weight column is named, or the file lacks it.
    CellFormatError
        If a weight is missing, not a number, negative or infinite.

    Examples
    --------
    >>> from lscb_survey import config
    >>> w = read_weighted_wave(config.examples_dir() / "wave-example-codes.csv",
    ...                        config.examples_dir() / "wave-example-codebook.toml")
    >>> w.respondents == len(w.weights), bool(w.n_eff < w.respondents)
    (True, True)
    """
    wave = read_wave(path, codebook, **kwargs)
    column = weight_column or wave.codebook.weight_column
    if column is None:
        raise MissingColumnError(
            "no weight column: name one in the codebook (weight_column) or pass weight_column=",
            file=path,
        )
    frame = _rows_as_read(Path(path), wave, kwargs)
    if column not in frame.columns:
        raise MissingColumnError("weight column not found", file=path, column=column)
    assert wave.responses is not None  # read_wave keeps every respondent's answers
    index = wave.responses.index
    if index.name == "row":  # no ids: the index holds 1-based data row numbers
        values = frame[column].iloc[np.asarray(index) - 1]
    else:
        raw_ids = tidy_ids(frame[index.name]).map(str)
        lookup = pd.Series(frame[column].to_numpy(), index=raw_ids.to_numpy())
        values = lookup.reindex(index.map(str))
    values = pd.Series(values.to_numpy(), index=index, name=column)
    checked = _check_weights(values, column=column, source=path)
    checked.name = column
    fields_ = {f.name: getattr(wave, f.name) for f in fields(Wave)}
    return WeightedWave(**fields_, weights=checked)


def _rows_as_read(path: Path, wave: Wave, kwargs: Mapping[str, Any]) -> pd.DataFrame:
    """The file's rows as :func:`read_wave` read them (in its layout), for the weights."""
    options = {k: kwargs[k] for k in ("encoding", "sheet", "layout", "header_row") if k in kwargs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LayoutInfo)
        laid = read_laid_out(
            path, wave.codebook, None, complete_only=kwargs.get("complete_only"), **options
        )
    return laid.frame


def weighted_counts(wave: Wave, weights: object | None = None) -> pd.DataFrame:
    """Weighted counts of every item and level of a wave.

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data; a :class:`WeightedWave` brings its
        own weights.
    weights : Series or sequence of float, optional
        Weights for a plain wave (as for :func:`with_weights`).

    Returns
    -------
    DataFrame
        The columns of :attr:`Wave.counts` (``table, section, block, item_id,
        item, scale, response, count, percent, n``: ``count``, ``percent`` and
        ``n`` are unweighted; ``n`` is the unweighted base), one row per item x
        level in the same order, plus:

        - ``weighted_count``: sum of the weights of the respondents giving
          the answer;
        - ``weighted_percent``: ``100 * weighted_count / weighted_n`` (float);
        - ``weighted_n``: sum of the weights of the item's respondents;
        - ``n_eff``: Kish effective sample size of the item's respondents;
        - ``n_eff_valid``: the same over respondents with a substantive
          answer (for percentages of valid answers).

        ``attrs`` holds ``weight_column``.

    Examples
    --------
    >>> import pandas as pd
    >>> from lscb_survey import wave_from_responses
    >>> df = pd.DataFrame({"t9_sanctions": ["Agree", "Agree", "Disagree", ""]})
    >>> w = wave_from_responses(df, items=["t9_sanctions"])
    >>> c = weighted_counts(w, [1.0, 1.0, 2.0, 4.0]).set_index("response")
    >>> c.loc[["Agree", "Disagree", "Not specified"], "weighted_count"].tolist()
    [2.0, 2.0, 4.0]
    >>> float(c["weighted_percent"].loc["Agree"]), float(c["n_eff"].iloc[0])
    (25.0, 2.909090909090909)
    """
    if not isinstance(wave, Wave):
        raise TypeError(f"wave must be a Wave, got {type(wave).__name__}")
    if weights is None:
        if not isinstance(wave, WeightedWave):
            raise SurveyDataError(f"wave {wave.name!r} has no weights; pass weights=")
        w = wave.weights
    else:
        w = _align(wave, weights)
    values = w.to_numpy(dtype=float)
    total = float(values.sum())
    n_eff_all = kish_n_eff(values)
    responses = wave.responses
    assert responses is not None  # weights are only ever aligned to respondents' answers
    parts = []
    for item_id, part in wave.counts.groupby("item_id", sort=False):
        answers = responses[item_id]
        scale = wave.codebook.scale_of(str(item_id))
        codes = answers.cat.codes.to_numpy()
        if (codes < 0).any():
            raise SurveyDataError(f"item {item_id!r} has missing answers in the responses")
        tally = np.bincount(codes, weights=values, minlength=len(answers.cat.categories))
        by_level = dict(zip(map(str, answers.cat.categories), tally.tolist(), strict=True))
        valid = np.isin(answers.astype(str).to_numpy(), list(scale.levels))
        part = part.copy()
        part["weighted_count"] = [by_level.get(str(r), 0.0) for r in part["response"]]
        part["weighted_percent"] = 100 * part["weighted_count"] / total
        part["weighted_n"] = total
        part["n_eff"] = n_eff_all
        part["n_eff_valid"] = kish_n_eff(values[valid]) if values[valid].sum() > 0 else 0.0
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out = out[[*COUNT_COLUMNS, *WEIGHTED_COLUMNS]]
    out.attrs["weight_column"] = w.name
    return out
