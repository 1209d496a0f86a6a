"""Calibration of a wave to known population totals: raking and post-stratification.

When the number of boards of each type, or in each region, is known, the
respondents' weights can be calibrated so that they add up to those numbers:
:func:`poststratify` for one attribute, :func:`rake` (iterative proportional
fitting) for several. Both start from the wave's weights (1 for an unweighted
wave) and return a :class:`~lscb_survey.waves.weights.WeightedWave` that
remembers how it was calibrated (:class:`WaveCalibration`), so that every
standard error computed from it (:func:`design_of`) is the calibration-aware
one that R's ``rake()`` and ``postStratify()`` give. The arithmetic is in
:mod:`lscb_survey.stats.calibration`.

Every level of an attribute that has respondents needs a total, including
``"Not specified"`` when some respondents left the attribute blank; a total
for a level nobody has is an error (nothing can carry it), as is a total of 0
for a level that has respondents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from ..errors import SurveyDataError
from ..stats.calibration import (
    Calibration,
    CalibrationError,
    poststratify_weights,
    rake_weights,
)
from ..stats.linearisation import Design
from .model import Wave
from .weights import WeightedWave

__all__ = ["MarginError", "WaveCalibration", "design_of", "poststratify", "rake"]


class MarginError(SurveyDataError):
    """Population margins that a wave cannot be calibrated to."""


@dataclass(frozen=True)
class WaveCalibration:
    """How a wave's weights were calibrated.

    Attributes
    ----------
    kind : {"rake", "poststratify"}
    margins : dict
        ``{attribute: {level: population total}}``, levels in the attribute's
        order.
    base_weights : Series of float
        The weights before calibration.
    sweeps : int
        Sweeps over the margins raking needed (1 for post-stratification).
    """

    kind: str
    margins: dict[str, dict[str, float]]
    base_weights: pd.Series
    sweeps: int = 1

    def codes(self, wave: Wave) -> tuple[np.ndarray, ...]:
        """Each respondent's level code of every margin, in margin order."""
        assert wave.attributes is not None  # a calibrated wave has attributes
        out = []
        for attr, totals in self.margins.items():
            levels = list(totals)
            values = pd.Index(wave.attributes[attr].astype(str))
            out.append(pd.Index(levels).get_indexer(values).astype(np.int64))
        return tuple(out)


def _check_margins(
    wave: Wave, margins: Mapping[str, Mapping[str, float]], weights: np.ndarray
) -> dict[str, dict[str, float]]:
    if not isinstance(margins, Mapping) or not margins:
        raise TypeError("margins must be a non-empty mapping {attribute: {level: total}}")
    if wave.responses is None or wave.attributes is None:
        raise SurveyDataError(f"wave {wave.name!r} has no respondent-level data to calibrate")
    checked: dict[str, dict[str, float]] = {}
    for attr, totals in margins.items():
        if attr not in wave.attributes.columns:
            raise MarginError(
                f"wave {wave.name!r} has no attribute {attr!r} to calibrate; it has "
                f"{list(wave.attributes.columns)}",
                column=attr,
            )
        if not isinstance(totals, Mapping):
            raise TypeError(f"margin {attr!r} must map each level to its population total")
        column = wave.attributes[attr]
        categories = [str(c) for c in column.cat.categories]
        unknown = [str(level) for level in totals if str(level) not in categories]
        if unknown:
            raise MarginError(
                f"margin {attr!r}: level {unknown[0]!r} is not one of {categories}",
                column=attr,
                value=unknown[0],
            )
        values = {str(k): _total(attr, str(k), v) for k, v in totals.items()}
        held = column.astype(str).to_numpy()
        for level in categories:
            if level not in values and weights[held == level].sum() > 0:
                raise MarginError(
                    f"margin {attr!r}: level {level!r} has respondents but no total",
                    column=attr,
                    value=level,
                )
        checked[str(attr)] = {c: values[c] for c in categories if c in values}
    return checked


def _total(attr: str, level: str, value: object) -> float:
    try:
        total = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        total = float("nan")
    if not np.isfinite(total) or total < 0:
        raise MarginError(
            f"margin {attr!r}: the total of level {level!r} must be a finite, "
            f"non-negative number; got {value!r}",
            column=attr,
            value=level,
        )
    return total


def _start(wave: Wave) -> pd.Series:
    if not isinstance(wave, Wave):
        raise TypeError(f"calibration takes a Wave, got {type(wave).__name__}")
    if wave.responses is None or wave.attributes is None:
        raise SurveyDataError(f"wave {wave.name!r} has no respondent-level data to calibrate")
    if isinstance(wave, WeightedWave):
        if wave.calibration is not None:
            raise ValueError(
                f"wave {wave.name!r} is already calibrated ({wave.calibration.kind}); "
                "calibrate the uncalibrated wave to every margin at once"
            )
        return wave.weights
    return pd.Series(1.0, index=wave.responses.index, name="weight")


def _calibrated(
    wave: Wave, weights: np.ndarray, start: pd.Series, calibration: WaveCalibration
) -> WeightedWave:
    values = {f.name: getattr(wave, f.name) for f in fields(Wave)}
    name = "raked_weight" if calibration.kind == "rake" else "poststratified_weight"
    series = pd.Series(weights, index=start.index, name=name)
    return WeightedWave(**values, weights=series, calibration=calibration)


def _raise(error: CalibrationError, margins: dict[str, dict[str, float]]) -> None:
    if error.margin is None:
        raise MarginError(str(error)) from None
    attr = list(margins)[error.margin]
    levels = list(margins[attr])
    level = levels[error.level] if error.level is not None and error.level < len(levels) else None
    raise MarginError(f"margin {attr!r}, level {level!r}: {error}", column=attr, value=level)


def rake(
    wave: Wave,
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iter: int = 100,
    tol: float = 1e-10,
) -> WeightedWave:
    """Rake a wave's weights to population totals of several attributes.

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data and the attributes named; its
        weights (1 when unweighted) are the starting point.
    margins : mapping
        ``{attribute: {level: population total}}``; the totals of each
        attribute should add up to the same population.
    max_iter : int, default 100
        Most sweeps over the margins.
    tol : float, default 1e-10
        Converged when no margin is missed by more than ``tol`` times the
        population.

    Returns
    -------
    WeightedWave
        Weights ``raked_weight`` that meet every margin, with
        ``calibration`` recording the margins for calibration-aware errors.

    Raises
    ------
    MarginError
        Naming the attribute and level: a level with respondents but no total,
        a total for a level nobody has, a total of 0 for a level with
        respondents, an unknown level, or raking that does not converge.
        An attribute the wave does not have is a ``MarginError`` too.
    ValueError
        A wave already calibrated.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> wave = ls.read_wave(ls.config.examples_dir() / "wave-example-2016.csv")
    >>> have = wave.attributes["lscb_type"].value_counts()
    >>> margin = {level: 2.0 * count for level, count in have.items()}
    >>> raked = ls.rake(wave, {"lscb_type": margin})
    >>> round(float(raked.weights.sum()), 6), raked.calibration.kind
    (360.0, 'rake')
    """
    if isinstance(max_iter, bool) or not isinstance(max_iter, int) or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number of sweeps >= 1, got {max_iter!r}")
    if isinstance(tol, bool) or not isinstance(tol, int | float) or not 0 < tol < 1:
        raise ValueError(f"tol must be a number between 0 and 1, got {tol!r}")
    start = _start(wave)
    checked = _check_margins(wave, margins, start.to_numpy(dtype=float))
    base = WaveCalibration("rake", checked, start)
    codes = base.codes(wave)
    totals = [list(t.values()) for t in checked.values()]
    try:
        weights, sweeps = rake_weights(
            start.to_numpy(dtype=float), codes, totals, max_iter=max_iter, tol=tol
        )
    except CalibrationError as error:
        _raise(error, checked)
    return _calibrated(wave, weights, start, replace(base, sweeps=sweeps))


def poststratify(wave: Wave, attr: str, totals: Mapping[str, float]) -> WeightedWave:
    """Post-stratify a wave's weights to the population totals of one attribute.

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data; its weights (1 when unweighted)
        are scaled within each level of ``attr``.
    attr : str
        The attribute (e.g. ``"lscb_type"``).
    totals : mapping
        ``{level: population total}``.

    Returns
    -------
    WeightedWave
        Weights ``poststratified_weight`` adding up to each total, with
        ``calibration`` recording it.

    Raises
    ------
    MarginError
        As for :func:`rake`.

    Examples
    --------
    >>> import lscb_survey as ls
    >>> wave = ls.read_wave(ls.config.examples_dir() / "wave-example-2016.csv")
    >>> have = wave.attributes["region"].value_counts()
    >>> ps = ls.poststratify(wave, "region", {k: v / 2 for k, v in have.items()})
    >>> round(float(ps.weights.sum()), 6)
    90.0
    """
    if not isinstance(attr, str):
        raise TypeError("attr must be the name of one attribute")
    start = _start(wave)
    checked = _check_margins(wave, {attr: totals}, start.to_numpy(dtype=float))
    calibration = WaveCalibration("poststratify", checked, start)
    (codes,) = calibration.codes(wave)
    try:
        weights = poststratify_weights(
            start.to_numpy(dtype=float), codes, list(checked[attr].values())
        )
    except CalibrationError as error:
        _raise(error, checked)
    return _calibrated(wave, weights, start, calibration)


def design_of(wave: Wave) -> Design:
    """The sampling design of a wave with respondent-level data.

    Weights are the wave's (calibrated) weights; an unweighted wave gets
    ``N / n`` with a population size ``N`` (as R's ``svydesign(ids=~1,
    fpc=~N)``) and 1 without. The population size, when known, gives the
    finite population correction.

    Parameters
    ----------
    wave : Wave

    Returns
    -------
    Design

    Examples
    --------
    >>> import lscb_survey as ls
    >>> wave = ls.read_wave(ls.config.examples_dir() / "wave-example-2016.csv", population=360)
    >>> d = design_of(wave)
    >>> float(d.weights[0]), d.fpc
    (2.0, 0.5)
    """
    if wave.responses is None:
        raise SurveyDataError(f"wave {wave.name!r} has no respondent-level data")
    population = None if wave.population is None else float(wave.population)
    if population is not None and population < wave.respondents:
        raise SurveyDataError(
            f"wave {wave.name!r}: population {wave.population} is smaller than its "
            f"{wave.respondents} respondents"
        )
    if isinstance(wave, WeightedWave):
        weights = wave.weights.to_numpy(dtype=float)
        cal = wave.calibration
        if isinstance(cal, WaveCalibration):
            stats_cal = Calibration(
                cal.kind, cal.codes(wave), cal.base_weights.to_numpy(dtype=float)
            )
            return Design(weights, population, stats_cal)
        return Design(weights, population)
    scale = 1.0 if population is None else population / wave.respondents
    return Design(np.full(wave.respondents, scale), population)
