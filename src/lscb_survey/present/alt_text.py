"""Text alternatives for figures, written from the numbers a figure plots.

A reader who cannot see a chart needs what it shows, its largest and smallest
values and the base they are out of. :func:`describe_values` writes that
sentence from any labelled series of numbers; the ``*_alt_text`` functions pick
the series each family of figures draws from its tidy frame, so the text and
the bars come from the same numbers. :func:`lscb_survey.present.figures.figure_alt_text`
gives the text of each figure of the report's set.

This module does not import matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "activities_alt_text",
    "describe_values",
    "heatmap_alt_text",
    "likert_alt_text",
    "multiple_alt_text",
    "returns_alt_text",
    "shifts_alt_text",
]


def _number(value: float, unit: str) -> str:
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    if unit == "%":
        return text + "%"
    if unit == "pp":
        return ("+" if value > 0 else "") + text + " percentage points"
    return text


def describe_values(
    what: str,
    values: Iterable[tuple[str, float]],
    *,
    n: str,
    unit: str = "",
) -> str:
    """One or two sentences: what a figure shows, its largest and smallest values, the base.

    Parameters
    ----------
    what : str
        What the figure shows, e.g. ``"Bar chart of survey returns by region"``.
    values : iterable of (label, number)
        The numbers drawn, each with the label a reader sees; missing numbers are skipped.
    n : str
        The base, e.g. ``"57 responding LSCBs"``.
    unit : str
        ``"%"`` for percentages, ``"pp"`` for percentage-point changes, else plain numbers.

    Returns
    -------
    str
        Ties for the largest or smallest value are named together.

    Examples
    --------
    >>> describe_values("Bar chart of returns", [("North", 5), ("South", 9), ("East", 5)], n="19 LSCBs")
    'Bar chart of returns. Largest: South (9). Smallest: North and East (5). Base: 19 LSCBs.'
    """
    pairs = [(str(label), float(v)) for label, v in values if not pd.isna(v)]
    if not pairs:
        raise ValueError(f"no numbers to describe for {what!r}")
    top = max(v for _, v in pairs)
    low = min(v for _, v in pairs)

    def names(value: float) -> str:
        return " and ".join(label for label, v in pairs if v == value)

    return (
        f"{what}. Largest: {names(top)} ({_number(top, unit)}). "
        f"Smallest: {names(low)} ({_number(low, unit)}). Base: {n}."
    )


def returns_alt_text(frame: pd.DataFrame) -> str:
    """Alt text of the returns figure: returns per category of Tables 1-2.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> returns_alt_text(load_table(1)).split(". ")[1]
    'Largest: Unitary (19)'
    """
    total = int(frame.groupby("table")["returns"].sum().max())
    values = zip(frame["category"].astype(str), frame["returns"], strict=True)
    return describe_values(
        "Bar charts of survey returns and response rates by local-authority type and by region",
        values,
        n=f"{total} survey returns",
    )


def shifts_alt_text(long: pd.DataFrame, *, rating: str = "Good") -> str:
    """Alt text of a dumbbell figure: the share given ``rating`` per agency and survey.

    ``long`` has one row per measure x agency x rating x survey with ``percent`` and ``n``.
    """
    part = long[long["rating"].astype(str) == rating]
    labels = (
        part["agency"].astype(str)
        + ", "
        + part["measure"].astype(str)
        + ", "
        + part["survey"].astype(str)
    )
    bases = part.groupby(part["survey"].astype(str), sort=False)["n"].first()
    n = " and ".join(f"{survey} N={int(b)}" for survey, b in bases.items())
    table = ", ".join(str(t) for t in dict.fromkeys(part["table"]))
    return describe_values(
        f"Dumbbell chart of the share of each partner agency rated {rating} in the 2009-10 "
        f"(Laming) and 2012 (Munro) surveys, Table {table}",
        zip(labels, part["percent"], strict=True),
        n=n,
        unit="%",
    )


def heatmap_alt_text(shifts: pd.DataFrame, *, rating: str = "Good") -> str:
    """Alt text of the heat map: change in the share rated ``rating``, measure by agency."""
    part = shifts[shifts["rating"].astype(str) == rating]
    labels = part["agency"].astype(str) + ", " + part["measure"].astype(str)
    missing = int(part["change_pp"].isna().sum())
    n = f"{int(part['n_laming'].iloc[0])} in 2009-10 and {int(part['n_munro'].iloc[0])} in 2012"
    if missing:
        n += f"; {missing} cells have no change (an agency not rated in one survey)"
    return describe_values(
        f"Heat map of the change in percentage points of the share rated {rating}, "
        "2009-10 to 2012, measure by agency",
        zip(labels, part["change_pp"], strict=True),
        n=n,
        unit="pp",
    )


def likert_alt_text(shares: pd.DataFrame, title: str) -> str:
    """Alt text of a diverging bar chart: the share on the positive side per item.

    ``shares`` is the result of :func:`lscb_survey.likert_shares`.
    """
    n = f"{int(shares['denominator'].max())} responding LSCBs"
    if shares["item_id"].nunique() == 1:  # one question: describe its answers
        return describe_values(
            f"Diverging bar chart of the answers to one question, {title}; values are the "
            "share giving each answer",
            zip(shares["response"].astype(str), shares["share"].round(1), strict=True),
            n=n,
            unit="%",
        )
    positive = shares[shares["side"] == "positive"]
    per_item = positive.groupby("item_id", sort=False).agg(
        label=("short", "first"), share=("share", "sum")
    )
    return describe_values(
        f"Diverging bar chart of answers per item, {title}; values are the share agreeing "
        "or on the positive side",
        zip(per_item["label"].astype(str), per_item["share"].round(1), strict=True),
        n=n,
        unit="%",
    )


def activities_alt_text(frame: pd.DataFrame) -> str:
    """Alt text of the activities figure: LSCBs reporting each top-level practice development."""
    top = frame[frame["parent"].isna()]
    return describe_values(
        "Bar chart of how many responding LSCBs reported each practice development",
        zip(top["activity"].astype(str), top["lscbs"], strict=True),
        n=f"{int(top['n'].max())} responding LSCBs",
    )


def multiple_alt_text(frame: pd.DataFrame, *, left_out: int = 0) -> str:
    """Alt text of a multi-select question's bars: the share choosing each option drawn.

    ``frame`` holds the options drawn, with the columns of ``wave.multiple``
    (``question``, ``option``, ``percent``, ``answered``); ``left_out`` options
    hidden by disclosure control are not drawn, and the text says how many.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"question": "Contact?", "option": ["Email", "Phone"],
    ...                       "percent": [64.5, 32.3], "answered": 31})
    >>> multiple_alt_text(frame, left_out=1).split(". ", 1)[1]
    'Largest: Email (64.5%). Smallest: Phone (32.3%). Base: 31 respondents who answered the question; 1 option hidden by disclosure control is not drawn.'
    """
    question = str(frame["question"].iloc[0])
    base = f"{int(frame['answered'].iloc[0])} respondents who answered the question"
    if left_out:
        options = (
            "option hidden by disclosure control is"
            if left_out == 1
            else ("options hidden by disclosure control are")
        )
        base += f"; {left_out} {options} not drawn"
    return describe_values(
        f"Horizontal bar chart of the share choosing each option of the multi-select question "
        f'"{question}"',
        zip(frame["option"].astype(str), frame["percent"].astype(float).round(1), strict=True),
        n=base,
        unit="%",
    )
