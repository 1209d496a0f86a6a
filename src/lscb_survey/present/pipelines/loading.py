"""Reading the waves of a pipeline: weighted when the codebook names a weight column.

:func:`load_wave` is how every wave command reads a wave; :func:`describe_weighting`
names a wave's weighting in one line, and :func:`refuse_weights` stops an output
that has no weighted form yet from silently ignoring the weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ...data.codebook import Codebook
    from ...waves.model import Wave

__all__ = ["PUBLISHED", "describe_weighting", "load_wave", "refuse_weights"]

#: The wave source naming the 2012 report's published counts.
PUBLISHED = "2012"


def load_wave(
    source: str | Path | Wave,
    codebook: str | Path | Codebook | None = None,
    *,
    unweighted: bool = False,
    items: Sequence[str] | None = None,
    labels: str | None = None,
    name: str | None = None,
) -> Wave:
    """A wave from a file (weighted when its codebook names a weight column), or 2012.

    Parameters
    ----------
    source : str, Path or Wave
        A respondent-level file, ``"2012"`` for the report's published counts,
        or a wave already read (returned as it is).
    codebook : path or Codebook, optional
        The codebook of the file; the 2012 codebook by default.
    unweighted : bool
        Ignore a weight column the codebook names.
    items : sequence of str, optional
        Item ids the file holds (default: every item of the codebook); see
        :func:`lscb_survey.read_wave`.
    labels : {None, "codebook", "file"}, optional
        Which side wins when the value labels of an SPSS or Stata file
        contradict the codebook (default: neither, the conflict is an error);
        see :func:`lscb_survey.read_wave`.
    name : str, optional
        Name of the wave (default: the file name).

    Returns
    -------
    Wave
        A :class:`~lscb_survey.waves.weights.WeightedWave` when the codebook
        names a weight column (unless ``unweighted``).

    Examples
    --------
    >>> load_wave("2012").respondents
    57
    """
    from ...data.codebook import Codebook, default_codebook, read_codebook
    from ...waves.constructors import published_wave, read_wave
    from ...waves.model import Wave
    from ...waves.weights import read_weighted_wave

    if isinstance(source, Wave):
        return source
    if str(source) == PUBLISHED:
        return published_wave()
    if isinstance(codebook, Codebook):
        book = codebook
    else:
        book = read_codebook(codebook) if codebook is not None else default_codebook()
    if book.weight_column and not unweighted:
        return read_weighted_wave(source, book, items=items, labels=labels, name=name)
    return read_wave(source, book, items=items, labels=labels, name=name)


def describe_weighting(wave: Wave) -> str | None:
    """One line naming a wave's weighting and its bases, or ``None`` when it is unweighted.

    Parameters
    ----------
    wave : Wave

    Returns
    -------
    str or None

    Examples
    --------
    >>> from lscb_survey import config
    >>> ex = config.examples_dir()
    >>> w = load_wave(ex / "wave-example-codes.csv", ex / "wave-example-codebook.toml")
    >>> describe_weighting(w)[:48]
    "weighted by 'weight': unweighted n 120, weighted"
    >>> describe_weighting(load_wave("2012")) is None
    True
    """
    from ...waves.weights import WeightedWave

    if not isinstance(wave, WeightedWave):
        return None
    return (
        f"weighted by {wave.weights.name!r}: unweighted n {wave.respondents}, "
        f"weighted n {float(wave.weights.sum()):.1f}, Kish effective n {wave.n_eff:.1f}; "
        "percentages, summaries and figures are weighted"
    )


def refuse_weights(wave: Wave, what: str) -> None:
    """Raise when ``wave`` is weighted: ``what`` has no weighted form yet.

    Parameters
    ----------
    wave : Wave
    what : str
        The statistic or output, as the message names it.

    Raises
    ------
    SurveyDataError
        If the wave is weighted.

    Examples
    --------
    >>> refuse_weights(load_wave("2012"), "a breakdown by group")  # unweighted: nothing happens
    """
    from ...errors import SurveyDataError
    from ...waves.weights import WeightedWave

    if isinstance(wave, WeightedWave):
        raise SurveyDataError(
            f"{what} has no weighted form yet, and wave {wave.name!r} is weighted by "
            f"{wave.weights.name!r}; leave it out, or ignore the weights with --unweighted "
            "(unweighted=True)",
            column=str(wave.weights.name),
        )
