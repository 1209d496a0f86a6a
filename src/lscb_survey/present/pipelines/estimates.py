"""Design-based estimates of a wave, written as CSV (``--population`` and ``--rake-to``).

:func:`design_wave` reads a wave with a population size and, optionally,
rakes it to margins read from a CSV file (:func:`read_margins`);
:func:`wave_estimates` writes its design-based shares and means
(:func:`~lscb_survey.estimate`, :func:`~lscb_survey.estimate_means`).
``wave summarize``, ``wave compare``, ``wave trend`` and ``wave report`` read
the wave they report on through :func:`design_wave`, and call
:func:`wave_estimates` when a population or margins are given
(:func:`design_asked`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ...data.codebook import Codebook
from ...errors import CellFormatError, MissingColumnError, SurveyDataError
from ...waves.model import Wave
from .loading import load_wave

__all__ = [
    "MARGIN_COLUMNS",
    "describe_design",
    "design_asked",
    "design_wave",
    "read_margins",
    "refuse_design_suppression",
    "wave_estimates",
]

#: Columns of a margins file.
MARGIN_COLUMNS: tuple[str, ...] = ("attribute", "level", "total")


def read_margins(path: str | Path) -> dict[str, dict[str, float]]:
    """Population margins from a CSV file with columns ``attribute, level, total``.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    dict
        ``{attribute: {level: total}}`` in file order, as
        :func:`~lscb_survey.rake` takes it.

    Raises
    ------
    MissingColumnError
        If a column is missing.
    CellFormatError
        If a total is not a finite non-negative number, or a level is given
        twice (naming the line).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "m.csv"
    >>> _ = p.write_text("attribute,level,total\\nregion,North East,12\\nregion,Not specified,3\\n")
    >>> read_margins(p)
    {'region': {'North East': 12.0, 'Not specified': 3.0}}
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    for column in MARGIN_COLUMNS:
        if column not in frame.columns:
            raise MissingColumnError("the margins file needs this column", file=path, column=column)
    margins: dict[str, dict[str, float]] = {}
    for line, (attr, level, text) in enumerate(
        frame[list(MARGIN_COLUMNS)].itertuples(index=False), start=2
    ):
        attr, level = str(attr).strip(), str(level).strip()
        total = pd.to_numeric(str(text).strip(), errors="coerce")
        if pd.isna(total) or not float(total) >= 0 or float(total) == float("inf"):
            raise CellFormatError(
                "a total must be a finite, non-negative number",
                file=path,
                line=line,
                column="total",
                value=text,
            )
        if level in margins.get(attr, {}):
            raise CellFormatError(
                f"level {level!r} of {attr!r} is given twice", file=path, line=line, value=level
            )
        margins.setdefault(attr, {})[level] = float(total)
    return margins


def design_wave(
    source: str | Path | Wave,
    codebook: str | Path | Codebook | None = None,
    *,
    population: int | None = None,
    rake_to: str | Path | None = None,
    items: Sequence[str] | None = None,
    labels: str | None = None,
    unweighted: bool = False,
    name: str | None = None,
) -> Wave:
    """A wave with a population size and, optionally, raked to margins.

    Parameters
    ----------
    source : str, Path or Wave
        As for :func:`~lscb_survey.present.pipelines.load_wave` (``"2012"``
        for the published counts).
    codebook, items, labels, unweighted, name :
        As for :func:`~lscb_survey.present.pipelines.load_wave`.
    population : int, optional
        Units in the population (replaces the wave's own).
    rake_to : path, optional
        A margins file (:func:`read_margins`).

    Returns
    -------
    Wave
        A :class:`~lscb_survey.waves.weights.WeightedWave` when raked (or
        weighted by its codebook); the wave as
        :func:`~lscb_survey.present.pipelines.load_wave` reads it when neither
        ``population`` nor ``rake_to`` is given.

    Examples
    --------
    >>> design_wave("2012", population=150).population
    150
    """
    from ...waves.calibration import rake

    wave = load_wave(source, codebook, unweighted=unweighted, items=items, labels=labels, name=name)
    if population is not None:
        if isinstance(population, bool) or not isinstance(population, int) or population < 1:
            raise ValueError(f"population must be a positive whole number; got {population!r}")
        if population < wave.respondents:
            raise SurveyDataError(
                f"wave {wave.name!r}: population {population} is smaller than its "
                f"{wave.respondents} respondents"
            )
        wave = dataclasses.replace(wave, population=population)
    if rake_to is not None:
        wave = rake(wave, read_margins(rake_to))
    return wave


def describe_design(wave: Wave) -> str | None:
    """The design of a weighted, calibrated or population-known wave, for a methods text.

    Names the weighting (:func:`~lscb_survey.analysis.estimates.design_note`),
    the unweighted and weighted n, and the finite population correction
    with its N.

    Parameters
    ----------
    wave : Wave

    Returns
    -------
    str or None
        ``None`` for an unweighted wave without a population size.

    Examples
    --------
    >>> print(describe_design(load_wave("2012")))
    Unweighted; finite population correction for 148 units (57 respondents). Unweighted n 57; every variance is multiplied by the finite population correction 1 - n/N = 1 - 57/148 = 0.615.
    """
    from ...analysis.estimates import design_note
    from ...waves.weights import WeightedWave

    weighted = isinstance(wave, WeightedWave)
    if not weighted and wave.population is None:
        return None
    n = wave.respondents
    note = design_note(wave)
    text = f"{note[:1].upper()}{note[1:]}. Unweighted n {n}"
    if isinstance(wave, WeightedWave):
        text += f", weighted n {float(wave.weights.sum()):.1f}"
    if wave.population is None:
        return text + "."
    factor = 1 - n / wave.population
    return (
        f"{text}; every variance is multiplied by the finite population correction "
        f"1 - n/N = 1 - {n}/{wave.population} = {factor:.3f}."
    )


def design_asked(population: int | None, rake_to: str | Path | None) -> bool:
    """Whether a population size or margins were given (so estimates are written).

    Parameters
    ----------
    population : int, optional
    rake_to : path, optional

    Returns
    -------
    bool

    Examples
    --------
    >>> design_asked(None, None), design_asked(148, None)
    (False, True)
    """
    return population is not None or rake_to is not None


def refuse_design_suppression(
    suppress: int | None, population: int | None, rake_to: str | Path | None
) -> None:
    """Raise when design-based estimates are asked for together with suppression.

    The estimates would show the shares that suppression hides.

    Parameters
    ----------
    suppress : int, optional
    population : int, optional
    rake_to : path, optional

    Raises
    ------
    SurveyDataError
        If ``suppress`` and a population or margins are all given.

    Examples
    --------
    >>> refuse_design_suppression(None, 148, None)  # no suppression: nothing happens
    """
    if suppress is not None and design_asked(population, rake_to):
        raise SurveyDataError(
            "design-based estimates (--population, --rake-to) have no suppressed form yet; "
            "leave out --suppress or the design options"
        )


def wave_estimates(wave: Wave, out_dir: str | Path, *, by: str | None = None) -> list[Path]:
    """Write ``estimates.csv`` and ``estimate-means.csv`` of a wave (and by group).

    Parameters
    ----------
    wave : Wave
    out_dir : str or Path
    by : str, optional
        Also ``estimates-by-<by>.csv`` and ``estimate-means-by-<by>.csv``.

    Returns
    -------
    list of Path
        The files written. Each CSV starts with the columns of
        :func:`~lscb_survey.estimate` (or :func:`~lscb_survey.estimate_means`)
        and ends with a ``design`` column saying how the estimates were made.
    """
    from ...analysis.estimates import estimate, estimate_means
    from ..export import write_csv
    from ..paths import output_path

    out = Path(out_dir)
    taken: set[Path] = set()
    files = []
    for suffix, group in (("", None), (f"-by-{by}", by)) if by else (("", None),):
        for stem, function in (("estimates", estimate), ("estimate-means", estimate_means)):
            frame = function(wave, by=group)
            frame["design"] = frame.attrs["design"]
            files.append(write_csv(frame, output_path(out, stem + suffix, ".csv", taken=taken)))
    return files
