"""Re-render tidy tables in the report's printed layout.

:func:`published_layout` turns a tidy frame back into the table as the report
prints it: cells as strings ("43 (76%)", "-", blank), Total rows and columns
derived from the tidy counts (never copied). :func:`layout_grid` flattens that
layout to rows of strings, the shape of the raw transcription, which is how the
round trip raw -> tidy -> printed is tested cell for cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from numbers import Integral
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from ..data.loaders import catalogue, load_table
from ..disclosure import MARKER
from ..survey import AGENCIES, SURVEYS

if TYPE_CHECKING:  # pragma: no cover
    from ..waves.model import Wave

__all__ = ["layout_grid", "published_layout"]

_TOTAL = "Total"
_SUPPRESSED = MARKER  # a cell hidden by disclosure control


def _pct(count: int, n: int) -> int:
    """Whole-number percentage of count/n rounded half up, in exact integer arithmetic.

    Unlike :func:`lscb_survey.stats.rounding.percent_of` it accepts ``count > n``, which a
    derived Total can show when the counts of a (faulty) table exceed its base.
    """
    return (200 * int(count) + int(n)) // (2 * int(n))


def published_layout(
    table: int,
    data: pd.DataFrame | None = None,
    *,
    wave: Wave | None = None,
    suppress: int | None = None,
) -> pd.DataFrame:
    """Render a table in the report's printed layout.

    Parameters
    ----------
    table : int
        Report table number, 1-10 (for a wave, the 2012 table whose items it asks).
    data : DataFrame, optional
        A tidy frame of the table's kind to render instead of the 2012 data.
    wave : Wave, optional
        Render the counts of a new wave (Tables 5-10); percentages are computed
        from its counts, or, for a weighted wave, are its weighted percentages
        rounded half up beside the unweighted counts.
    suppress : int, optional
        Disclosure control: counts below this threshold (and cells from which
        they could be recovered) are shown as "[c]" (see :func:`lscb_survey.suppress`).

    Returns
    -------
    DataFrame of str
        Tables 1-2: index = category (named by the printed grouping header),
        columns as printed, with the Total row. Tables 3-4: index = (measure,
        rating), columns = (agency header, survey). Tables 5-6: index =
        Response, columns Frequency and Percentage, with the Total row.
        Tables 7-10: index = (block, item), columns = the responses and Total.
        Percentages are as printed where the tidy frame has them, otherwise
        computed from counts rounded half up.

    Examples
    --------
    >>> published_layout(7).iloc[0, 1]
    '43 (76%)'
    """
    kinds = catalogue().set_index("table")["kind"]
    if isinstance(table, bool) or not isinstance(table, Integral) or int(table) not in kinds:
        raise ValueError(f"table must be one of {list(kinds.index)}, got {table!r}")
    if wave is not None:
        if data is not None:
            raise ValueError("give either data or wave, not both")
        data = _wave_counts(wave)
        data = data[data["table"] == table]
        if data.empty:
            raise ValueError(f"wave {wave.name!r} has no items of table {table}")
    frame = load_table(table) if data is None else data
    if suppress is not None:
        from ..disclosure import suppress as _suppress

        frame = _suppress(frame, threshold=suppress)
    kind = kinds.loc[int(table)]
    if kind == "returns":
        return _returns_layout(frame)
    if kind == "comparison":
        return _comparison_layout(frame)
    return _likert_layout(frame)


def _wave_counts(wave: Wave) -> pd.DataFrame:
    """A wave's counts; for a weighted wave, ``percent`` is the weighted one rounded half up."""
    import numpy as np

    from ..analysis.compare_input import wave_frame

    frame = wave_frame(wave, None)[0]
    if "weighted_percent" in frame.columns:
        whole = np.floor(frame["weighted_percent"].to_numpy(dtype=float) + 0.5)
        frame = frame.assign(percent=pd.array(whole.astype("int64"), dtype="Int64"))
    return frame


def _records(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows of ``frame`` as named tuples, each column's value an attribute."""
    return iter(frame.itertuples())


def _second(key: Hashable) -> str:
    """The second level of a two-level row label."""
    return str(cast("tuple[Any, ...]", key)[1])


def _text(value) -> str:
    return "" if pd.isna(value) else str(int(value))


def _returns_layout(frame: pd.DataFrame) -> pd.DataFrame:
    grouping = frame["grouping"].iloc[0]
    rate_col = "Response rate by geographical location (%)"
    columns = [
        "Number of survey returns",
        rate_col,
        "Response rate as a percentage of total returns (%)",
    ]
    suppressed = "suppressed" in frame.columns
    rows = {
        r.category: [
            str(r.returns),
            "-" if pd.isna(r.response_rate) else _text(r.response_rate),
            _text(r.share_of_returns),
        ]
        if not (suppressed and r.suppressed)
        else [_SUPPRESSED] * 3
        for r in _records(frame)
    }
    total = int(frame["total_returns"].iloc[0] if suppressed else frame["returns"].sum())
    rows[_TOTAL] = [str(total), "-", str(_pct(total, total))]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    out.index.name = grouping
    return out


def _comparison_layout(frame: pd.DataFrame) -> pd.DataFrame:
    def cell(r) -> str:
        if pd.isna(r.percent):
            return "-" if pd.isna(r.missing_mark) else str(r.missing_mark)
        return str(int(r.percent))

    values = frame.assign(cell=[cell(r) for r in frame.itertuples()])
    wide = values.pivot_table(
        index=["measure", "rating"],
        columns=["agency", "survey"],
        values="cell",
        aggfunc="first",
        observed=True,
        sort=False,
    )
    measures = list(dict.fromkeys(frame["measure"]))
    ratings = list(frame["rating"].cat.categories)
    wide = wide.reindex(
        pd.MultiIndex.from_product([measures, ratings], names=["measure", "rating"])
    )
    agencies = [a for a in AGENCIES if a in set(frame["agency"])]
    wide = wide.reindex(columns=pd.MultiIndex.from_product([agencies, SURVEYS]))
    pairs = cast("list[tuple[str, str]]", wide.columns.to_list())  # (agency, survey)
    wide.columns = pd.MultiIndex.from_tuples(
        [(f"{a} (%)", s) for a, s in pairs], names=["agency", "survey"]
    )
    return wide.fillna("")


def _likert_layout(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if (frame["block"] == "Response").all() and frame["item_id"].nunique() == 1:
        return _frequency_layout(frame)
    responses = [
        c for c in frame["response"].cat.categories if c in set(frame["response"].astype(str))
    ]
    out_rows, index = [], []
    for _item_id, part in frame.groupby("item_id", sort=False):
        part = part.set_index(part["response"].astype(str))
        n = int(part["n"].iloc[0])
        cells = []
        for resp in responses:
            if resp not in part.index:
                cells.append("")
                continue
            r = part.loc[resp]
            cells.append(_count_cell(r["count"], r["percent"], n, bool(r.get("suppressed", False))))
        total = int(part["count"].sum()) if "suppressed" not in part else n
        cells.append(f"{total} ({_pct(total, n)}%)")
        out_rows.append(cells)
        index.append((part["block"].iloc[0], part["item"].iloc[0]))
    out = pd.DataFrame(
        out_rows,
        columns=[*responses, _TOTAL],
        index=pd.MultiIndex.from_tuples(index, names=["block", "item"]),
    )
    return out


def _count_cell(count, percent, n: int, suppressed: bool = False) -> str:
    if suppressed:
        return _SUPPRESSED
    if isinstance(count, str):  # suppressed marker
        return count
    pct = _pct(count, n) if pd.isna(percent) else int(percent)
    return f"{int(count)} ({pct}%)"


def _frequency_layout(frame: pd.DataFrame) -> pd.DataFrame:
    n = int(frame["n"].iloc[0])
    rows = {}
    suppressed = "suppressed" in frame.columns
    for r in _records(frame):
        if suppressed and r.suppressed:
            rows[str(r.response)] = [_SUPPRESSED, _SUPPRESSED]
            continue
        rows[str(r.response)] = [
            str(r.count),
            str(_pct(r.count, n) if pd.isna(r.percent) else int(r.percent)),
        ]
    total = n if suppressed else int(frame["count"].sum())
    rows[_TOTAL] = [str(total), str(_pct(total, n))]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["Frequency", "Percentage"])
    out.index.name = "Response"
    return out


def layout_grid(layout: pd.DataFrame) -> list[list[str]]:
    """Flatten a printed layout to rows of strings, as the raw files hold them.

    Parameters
    ----------
    layout : DataFrame
        The result of :func:`published_layout`.

    Returns
    -------
    list of list of str
        Header rows (repeated before each block of a multi-block table), then
        the body rows, each starting with its row label.

    Examples
    --------
    >>> layout_grid(published_layout(5))[0]
    ['Response', 'Frequency', 'Percentage']
    """
    grid: list[list[str]] = []
    if isinstance(layout.columns, pd.MultiIndex):  # Tables 3-4
        for measure, part in layout.groupby(level=0, sort=False):
            head = [str(measure)]
            for agency in dict.fromkeys(layout.columns.get_level_values(0)):
                head += [str(agency), ""]
            grid.append(head)
            grid.append(["", *map(str, layout.columns.get_level_values(1))])
            for key, values in part.iterrows():
                grid.append([_second(key), *values.tolist()])
        return grid
    if isinstance(layout.index, pd.MultiIndex):  # Tables 7-10
        for block, part in layout.groupby(level=0, sort=False):
            grid.append([str(block), *layout.columns])
            for key, values in part.iterrows():
                grid.append([_second(key), *values.tolist()])
        return grid
    grid.append([str(layout.index.name), *layout.columns])
    for label, values in layout.iterrows():
        grid.append([str(label), *values.tolist()])
    return grid
