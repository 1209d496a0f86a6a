"""Single cells and whole columns of respondent data, as the readers and the encoder see them.

Spreadsheets and statistics files hand back numbers, missing values and text
mixed in one column. These helpers give one view of them: the text of a cell
for label matching (:func:`text_of`), whether a text is a whole-number code
(:func:`as_code`), which cells are blank (:func:`blank_cells`) and respondent
ids with float whole numbers made integers (:func:`tidy_ids`).
"""

from __future__ import annotations

import math
import re
from numbers import Integral, Real

import numpy as np
import pandas as pd

__all__ = [
    "as_code",
    "blank_cells",
    "is_hashable",
    "plain",
    "text_of",
    "tidy_ids",
    "unhashable_rows",
]

_CODE = re.compile(r"^[+-]?[0-9]+(?:\.0*)?$")  # ASCII digits only


def plain(value: object) -> object:
    """A numpy scalar as a plain Python value (for messages); other values unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> type(plain(np.int64(3))).__name__
    'int'
    """
    return value.item() if isinstance(value, np.generic) else value


def text_of(value: object) -> str | None:
    """Text form of a cell value for label matching; ``None`` for a missing value.

    Whole numbers stored as floats (as SPSS and Stata store codes) lose their
    ``.0``.

    Examples
    --------
    >>> text_of(2.0), text_of(2.5), text_of(float("nan")), text_of(" Agree")
    ('2', '2.5', None, ' Agree')
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, Integral):
        return str(int(value))
    if isinstance(value, Real):
        f = float(value)
        if math.isnan(f):
            return None
        if f.is_integer():
            return str(int(f))
        return repr(f)
    return str(value)


def as_code(text: str) -> int | None:
    """The whole number a text holds (``"3"``, ``" -99 "``, ``"8.0"``), or ``None``.

    Only the ASCII digits 0-9 make a code: Arabic-Indic, full-width or
    superscript digits are text (and so an unknown label).

    Examples
    --------
    >>> as_code(" -99 "), as_code("8.0"), as_code("Agree"), as_code("\u0661")
    (-99, 8, None, None)
    """
    t = text.strip()
    return int(t.split(".", 1)[0]) if _CODE.match(t) else None


def is_hashable(value: object) -> bool:
    """Whether ``value`` can be looked up in a dict (value labels of a file).

    Examples
    --------
    >>> is_hashable(1.0), is_hashable([1])
    (True, False)
    """
    try:
        hash(value)
    except TypeError:
        return False
    return True


def blank_cells(values: pd.Series) -> np.ndarray:
    """Per row: whether the cell is blank (missing, empty or only white space).

    Examples
    --------
    >>> import pandas as pd
    >>> blank_cells(pd.Series(["a", " ", None, 3], dtype=object)).tolist()
    [False, True, True, False]
    """
    missing = values.isna().to_numpy()
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        # pandas' string methods give missing for non-strings (numbers are not blank)
        try:
            stripped = values.astype(object).str.strip()
        except AttributeError:  # no strings at all
            return missing
        return missing | stripped.eq("").fillna(False).to_numpy(dtype=bool)
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = pd.Series(values.cat.categories.astype(object))
        return missing | blank_cells(categories)[values.cat.codes.to_numpy()]
    return missing


def tidy_ids(ids: pd.Series) -> pd.Series:
    """Respondent ids: whole-number floats (SPSS, Stata) become integers.

    Integers of any size are exact: ids of 2**63 or more (beyond a 64-bit
    integer) are kept as Python integers, never wrapped round.

    Examples
    --------
    >>> import pandas as pd
    >>> tidy_ids(pd.Series([1.0, 2.0])).tolist(), tidy_ids(pd.Series([1.5])).tolist()
    ([1, 2], [1.5])
    >>> tidy_ids(pd.Series([2.0**63, 2.0**64])).tolist()
    [9223372036854775808, 18446744073709551616]
    """
    if pd.api.types.is_float_dtype(ids.dtype):
        arr = ids.to_numpy(dtype=float, na_value=np.nan)
        finite = np.isfinite(arr)
        if finite.all() and (arr == np.round(arr)).all():
            if (np.abs(arr) < 2.0**63).all():
                return pd.Series(arr.astype(np.int64), index=ids.index)
            return pd.Series([int(x) for x in arr], index=ids.index, dtype=object)
    return ids


def unhashable_rows(values: pd.Series) -> np.ndarray:
    """Positions of cells holding a list, dict, set or other value that cannot be an answer.

    Examples
    --------
    >>> import pandas as pd
    >>> unhashable_rows(pd.Series(["a", ["b"], {"c": 1}], dtype=object)).tolist()
    [1, 2]
    """
    if values.dtype != object:
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero([not is_hashable(v) for v in values.to_numpy()])
