"""Running a per-item summary once per group of respondents.

:func:`per_group` splits a tidy likert frame with a group column (as
``Wave.counts_by`` returns) into one block per group, applies a summary to
each block and stacks the results with the group column first. It is the
``by=`` of :func:`~lscb_survey.likert_summary` and
:func:`~lscb_survey.likert_shares`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import pandas as pd

from ..errors import MissingColumnError

__all__ = ["per_group"]


def per_group(
    function: Callable[..., pd.DataFrame], frame: pd.DataFrame, by: str, **kwargs: Any
) -> pd.DataFrame:
    """Apply ``function`` to each group's rows of ``frame`` and stack the results.

    Parameters
    ----------
    function : callable
        Takes a tidy likert frame (and ``kwargs``) and returns a frame.
    frame : DataFrame
        Tidy likert data with a column ``by``.
    by : str
        The group column. Groups come in the order of its categories when it
        is Categorical (groups without rows are left out), otherwise in order
        of first appearance.
    **kwargs
        Passed to ``function``.

    Returns
    -------
    DataFrame
        ``by`` (same dtype as in ``frame``) followed by the columns of
        ``function``'s result, one block per group; ``attrs`` from the first
        block plus ``by``.

    Raises
    ------
    MissingColumnError
        If ``frame`` lacks ``by`` or a row has no group.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"g": ["a", "b", "a"], "x": [1, 2, 3]})
    >>> per_group(lambda p: p[["x"]].sum().to_frame().T, f, "g").values.tolist()
    [['a', 4], ['b', 2]]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a DataFrame, got {type(frame).__name__}")
    if not isinstance(by, str):
        raise TypeError(f"by must be a column name, got {type(by).__name__}")
    if by not in frame.columns:
        raise MissingColumnError(
            f"the frame has no group column {by!r} (use wave.counts_by({by!r}))", column=by
        )
    groups = frame[by]
    if groups.isna().any():
        raise MissingColumnError(f"{int(groups.isna().sum())} rows have no group", column=by)
    categorical = isinstance(groups.dtype, pd.CategoricalDtype)
    blocks = []
    attrs: dict[Hashable, Any] = {}
    for value, part in frame.groupby(by, sort=categorical, observed=True):
        out = function(part, **kwargs)
        attrs = attrs or dict(out.attrs)
        out.insert(0, by, value)
        blocks.append(out)
    result = pd.concat(blocks, ignore_index=True)
    result[by] = result[by].astype(groups.dtype)
    result.attrs = {**attrs, "by": by}
    return result
