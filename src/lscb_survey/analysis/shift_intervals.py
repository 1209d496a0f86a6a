"""Laming and Munro percentages of Tables 3-4 side by side, one row per survey, with intervals.

Reshapes :func:`lscb_survey.survey_shifts` for the dumbbell figures; the Wilson interval
itself is :func:`lscb_survey.stats.intervals.wilson_intervals`.
"""

from __future__ import annotations

import pandas as pd

from ..data.loaders import SURVEY_DTYPE
from ..errors import SurveyDataError
from ..stats.intervals import wilson_intervals
from ..survey import SURVEY_BASES

__all__ = ["shift_intervals"]


_SURVEY_SUFFIX = {"Laming": "laming", "Munro": "munro"}


def shift_intervals(
    shifts: pd.DataFrame, *, rating: str | None = "Good", level: float = 0.95
) -> pd.DataFrame:
    """Reshape survey shifts to one row per survey, with intervals where counts exist.

    Parameters
    ----------
    shifts : DataFrame
        The result of :func:`lscb_survey.survey_shifts`: one row per table x
        measure x agency x rating with ``pct_laming``, ``pct_munro``,
        ``count_laming``, ``count_munro``, and optionally ``n_laming``,
        ``n_munro``, ``status_laming``, ``status_munro``.
    rating : str or None
        Keep only this rating ("Good" by default); ``None`` keeps all.
    level : float
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        One row per table x measure x agency x rating x survey: ``table``,
        ``measure``, ``agency``, ``rating``, ``survey`` ("Laming" or "Munro",
        ordered Categorical), ``percent`` (as printed; missing where the report
        printed nothing), ``count`` (reconstructed count, missing where it could
        not be recovered uniquely), ``n`` (the survey's base), ``counts_status``
        (how that survey's column reconstructed: "unique", "ambiguous",
        "infeasible", "not rated", ...) and ``ci_low``, ``ci_high`` (Wilson
        interval in percent; missing where ``count`` is). ``attrs`` keeps those
        of ``shifts`` (including the ``caveat``) and adds ``interval``.

    Examples
    --------
    >>> from lscb_survey import survey_shifts
    >>> long = shift_intervals(survey_shifts())
    >>> sorted(long["survey"].astype(str).unique())
    ['Laming', 'Munro']
    """
    needed = ["table", "measure", "agency", "rating"]
    for col in needed + [f"pct_{s}" for s in _SURVEY_SUFFIX.values()]:
        if col not in shifts.columns:
            raise SurveyDataError("survey shifts column missing", column=col)
    frame = shifts
    if rating is not None:
        frame = frame[frame["rating"].astype(str) == rating]
    parts = []
    for survey, suffix in _SURVEY_SUFFIX.items():
        count_col = f"count_{suffix}"
        n_col = f"n_{suffix}"
        part = frame[needed].copy()
        part["_order"] = range(len(frame))
        part["survey"] = survey
        part["percent"] = frame[f"pct_{suffix}"].astype("Float64")
        part["count"] = (
            frame[count_col].astype("Int64")
            if count_col in frame.columns
            else pd.array([pd.NA] * len(frame), dtype="Int64")
        )
        part["n"] = (
            frame[n_col].astype("Int64")
            if n_col in frame.columns
            else pd.array([SURVEY_BASES[survey]] * len(frame), dtype="Int64")
        )
        status_col = f"status_{suffix}"
        part["counts_status"] = (
            frame[status_col].astype(str).to_numpy() if status_col in frame.columns else pd.NA
        )
        parts.append(part)
    long = pd.concat(parts, ignore_index=True)
    long["survey"] = long["survey"].astype(SURVEY_DTYPE)
    long = long.sort_values(["_order", "survey"], kind="stable")
    long = long.drop(columns="_order").reset_index(drop=True)
    out = wilson_intervals(long, count="count", n="n", level=level)
    out.attrs = dict(shifts.attrs)
    out.attrs["interval"] = f"Wilson score interval, {level:.0%} confidence, in percent"
    return out
