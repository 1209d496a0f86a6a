"""When the answers to one item can be compared between waves, and on which base.

Two waves may ask the same item on scales that differ only in their
non-substantive levels: a new wave offers "Don't know" where 2012 offered only
"Not specified". The rule, used alike by the wave comparisons
(:func:`~lscb_survey.compare_waves`, :func:`~lscb_survey.compare_distributions`)
and the series (:func:`~lscb_survey.compare_series`,
:func:`~lscb_survey.series_summary`, :func:`~lscb_survey.trend_tests`):

* **same** -- the substantive levels are the same, in the same order, and so
  are the non-substantive levels (as sets); labels are compared after
  :func:`~lscb_survey.data.scales.normalise_label` (case, spaces, curly
  quotes). Shares are compared on the base asked for (every respondent by
  default).
* **substantive** -- the substantive levels are the same in the same order,
  but the non-substantive levels differ. A share of every respondent would
  then mean different things in the two waves (the answers of those who said
  "Don't know" in one wave are spread over the scale in the other), so both
  waves are put on the *substantive base*: percentages of the answers on the
  scale, non-substantive answers left out and counted. Every statistic is
  still given, and the output says which base each item is on.
* **different** -- the substantive levels differ in label, number or order.
  The item is listed with the status "different scales" and no statistics.

Scores play no part: the shares and the tests of a comparison do not use
them. A trend test, which does, uses the scores of the waves when they agree
and equally spaced scores otherwise (its ``note`` says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..data.scales import Scale, normalise_label

__all__ = ["Match", "level_match", "scale_match"]

#: How two scales of one item relate (see the module documentation).
Match = Literal["same", "substantive", "different"]


def level_match(
    levels_a: Sequence[str],
    missing_a: Sequence[str],
    levels_b: Sequence[str],
    missing_b: Sequence[str],
) -> Match:
    """How two scales relate, given their substantive and non-substantive labels.

    Parameters
    ----------
    levels_a, levels_b : sequence of str
        Substantive levels, in scale order.
    missing_a, missing_b : sequence of str
        Non-substantive levels.

    Returns
    -------
    str
        ``"same"``, ``"substantive"`` or ``"different"`` (see the module documentation).

    Examples
    --------
    >>> agree = ["Agree", "Neither", "Disagree"]
    >>> level_match(agree, ["Not specified"], ["agree", "neither", "DISAGREE"], ["Not  specified"])
    'same'
    >>> level_match(agree, ["Not specified"], agree, ["Not specified", "Don't know"])
    'substantive'
    >>> level_match(agree, [], agree[::-1], [])
    'different'
    """

    def norm(labels: Sequence[str]) -> list[str]:
        return [normalise_label(x) for x in labels]

    if norm(levels_a) != norm(levels_b):
        return "different"
    if set(norm(missing_a)) != set(norm(missing_b)):
        return "substantive"
    return "same"


def scale_match(a: Scale, b: Scale) -> Match:
    """How the scales of one item in two waves relate.

    Parameters
    ----------
    a, b : Scale
        The item's scale in each wave.

    Returns
    -------
    str
        ``"same"`` (compare on the base asked for), ``"substantive"`` (compare
        on the substantive base) or ``"different"`` (not comparable).

    Examples
    --------
    >>> from lscb_survey import default_codebook
    >>> from dataclasses import replace
    >>> agree5 = default_codebook().scales["agree5"]
    >>> scale_match(agree5, replace(agree5, missing=("Not specified", "Don't know")))
    'substantive'
    """
    return level_match(a.levels, a.missing, b.levels, b.missing)
