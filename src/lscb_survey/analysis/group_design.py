"""Design-based tests of answers by group for weighted waves (Rao-Scott).

For a weighted or calibrated wave, :func:`~lscb_survey.group_tests` tests each
item with the Rao-Scott second-order corrected F test
(:func:`~lscb_survey.stats.rao_scott.rao_scott_test`, R's
``svychisq(statistic="F")``) on the wave's design: weights, calibration and
the finite population correction as in :func:`~lscb_survey.estimate`. The
tested respondents are those with a substantive answer in a tested group;
everyone else stays in the design (their answer counts as missing), so the
degrees of freedom are those of the whole wave.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..stats.linearisation import Design
from ..stats.rao_scott import rao_scott_test
from ..waves.model import Wave

__all__ = ["rao_scott_row"]


def rao_scott_row(
    wave: Wave, design: Design, by: str, item_id: str, levels: tuple[str, ...], tested: list[str]
) -> dict[str, Any]:
    """The values of one item's ``"independence"`` row of a weighted wave.

    Parameters
    ----------
    wave : Wave
        A wave with respondent-level data.
    design : Design
        Its design (:func:`~lscb_survey.waves.calibration.design_of`).
    by : str
        The attribute.
    item_id : str
    levels : tuple of str
        The item's substantive levels.
    tested : list of str
        The groups in the test.

    Returns
    -------
    dict
        ``method`` (``"rao-scott"``, or ``"not tested"`` with fewer than two
        groups or answers), ``statistic`` (F), ``p_value``, ``effect``
        (Cramér's V of the weighted table) and ``note`` (the F test's
        degrees of freedom).
    """
    assert wave.responses is not None and wave.attributes is not None
    answers = wave.responses[item_id].astype(str).to_numpy()
    groups = wave.attributes[by].astype(str).to_numpy()
    rows = np.array([levels.index(a) if a in levels else -1 for a in answers])
    cols = np.array([tested.index(g) if g in tested else -1 for g in groups])
    keep = (rows >= 0) & (cols >= 0)
    rows, cols = np.where(keep, rows, -1), np.where(keep, cols, -1)
    result = rao_scott_test(design, rows, cols)
    if not math.isfinite(result.statistic):
        why = (
            "fewer than two groups or answers"
            if min(result.rows, result.cols) < 2
            else "the table is too sparse for the design effects (singular, as in R)"
        )
        return {"method": "not tested", "statistic": math.nan, "p_value": math.nan,
                "effect": math.nan, "note": why}  # fmt: skip
    smaller = min(result.rows, result.cols) - 1
    effect = math.sqrt(result.pearson / (design.n * smaller)) if smaller > 0 else math.nan
    return {
        "method": "rao-scott",
        "statistic": result.statistic,
        "p_value": result.p_value,
        "effect": effect,
        "note": f"F({result.df_num:.3f}, {result.df_den:.3f})",
    }
