"""Checks of the keyword arguments shared by the analysis functions.

The base of the percentages (``base=``) and the confidence level of the
intervals (``level=``, formerly ``ci=``) mean the same in
:func:`~lscb_survey.analysis.likert.likert_summary`,
:func:`~lscb_survey.analysis.likert.likert_shares` and the wave comparisons of
:mod:`lscb_survey.analysis.compare`, and are checked here once.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Literal, cast

from ..stats.intervals import z_critical

__all__ = ["BASES", "Base", "check_base", "check_labels", "confidence_level"]

#: Denominator of the percentages: every respondent to the item, or the substantive answers.
Base = Literal["respondents", "valid"]
#: The values of :data:`Base`.
BASES: tuple[str, ...] = ("respondents", "valid")


def check_base(base: str) -> Base:
    """Return ``base`` after checking it is ``"respondents"`` or ``"valid"``.

    Parameters
    ----------
    base : str
        The requested base.

    Returns
    -------
    str
        ``base`` unchanged.

    Raises
    ------
    ValueError
        If ``base`` is neither.

    Examples
    --------
    >>> check_base("valid")
    'valid'
    """
    if base not in BASES:
        raise ValueError(f"base must be 'respondents' or 'valid', got {base!r}")
    return cast(Base, base)


def confidence_level(level: float, ci: float | None, *, function: str) -> float:
    """Return the confidence level to use, accepting the former keyword ``ci=``.

    Parameters
    ----------
    level : float
        The value of the ``level=`` keyword.
    ci : float or None
        The value of the former ``ci=`` keyword; ``None`` when not given. When
        given it is used, with a ``FutureWarning``.
    function : str
        Name of the public function, for the warning.

    Returns
    -------
    float
        The confidence level, checked to lie strictly between 0 and 1.

    Raises
    ------
    TypeError
        If both ``level`` (other than its default) and ``ci`` are given.
    ValueError
        If the level is not strictly between 0 and 1 (the message names the
        keyword used).

    Examples
    --------
    >>> confidence_level(0.9, None, function="likert_summary")
    0.9
    """
    if ci is None:
        z_critical(level)
        return level
    if level != 0.95:
        raise TypeError(f"{function}() got both level= and ci=; pass level= only")
    warnings.warn(
        f"{function}(ci=...) is deprecated and will be removed; use level= instead",
        FutureWarning,
        stacklevel=3,
    )
    z_critical(ci, name="ci")
    return ci


def check_labels(labels: object) -> None:
    """Raise TypeError unless ``labels`` is None or a pair of names ``(a, b)``.

    Examples
    --------
    >>> check_labels(("2012", "2013"))
    >>> check_labels("ab")
    Traceback (most recent call last):
    ...
    TypeError: labels must be a pair of names (a, b) or None, got 'ab'
    """
    if labels is None:
        return
    if isinstance(labels, str | bytes) or not isinstance(labels, Sequence) or len(labels) != 2:
        raise TypeError(f"labels must be a pair of names (a, b) or None, got {labels!r}")
