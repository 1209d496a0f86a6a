"""The two waves of a comparison, read into answer counts per item.

:class:`WaveSide` turns a :class:`~lscb_survey.waves.model.Wave` (weighted or
not) or a tidy likert frame into the counts, bases and (weighted) proportions
of each item, which :func:`~lscb_survey.analysis.compare.compare_waves` and
:func:`~lscb_survey.analysis.compare_tests.compare_distributions` compare.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..data.codebook import Codebook, default_codebook
from ..errors import MissingColumnError
from .arguments import Base
from .likert import likert_shares

__all__ = [
    "CAVEAT",
    "STATUSES",
    "ItemShares",
    "WaveSide",
    "item_order",
    "side_labels",
    "wave_frame",
]

#: Why comparisons of waves must be read with care (also in ``attrs["caveat"]``).
CAVEAT = (
    "The two waves are treated as independent samples. Boards that answered both waves "
    "appear in both, so p-values are approximate when respondents overlap; a change "
    "between waves may also reflect who answered (for example a new chair) rather than "
    "a change in practice. Tests use unweighted counts; percentages and intervals use "
    "weights where a wave has them."
)

#: Whether an item can be compared: in both waves on one scale, or not.
STATUSES: list[str] = ["both", "only in a", "only in b", "different scales"]


def wave_frame(
    data: object, codebook: Codebook | None
) -> tuple[pd.DataFrame, Codebook, str | None]:
    """The tidy likert frame of a wave, the codebook of its scales and its name.

    Parameters
    ----------
    data : Wave or DataFrame
        A wave (weighted waves give :func:`~lscb_survey.waves.weights.weighted_counts`)
        or a tidy likert frame.
    codebook : Codebook or None
        Codebook of a frame (default: the 2012 codebook); a wave uses its own.

    Returns
    -------
    tuple
        ``(frame, codebook, name)``; ``name`` is ``None`` for a frame.

    Raises
    ------
    TypeError
        If ``data`` is neither a Wave nor a DataFrame.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> frame, book, name = wave_frame(load_table(9), None)
    >>> name is None, len(frame) == len(load_table(9))
    (True, True)
    """
    from ..waves.model import Wave

    if isinstance(data, Wave):
        weights = getattr(data, "weights", None)
        if weights is not None:
            from ..waves.weights import weighted_counts

            frame = weighted_counts(data, weights)
        else:
            frame = data.counts
        return frame, data.codebook, str(data.name)
    if isinstance(data, pd.DataFrame):
        return data, codebook if codebook is not None else default_codebook(), None
    raise TypeError(f"expected a Wave or a tidy likert DataFrame, got {type(data).__name__}")


@dataclass(frozen=True)
class ItemShares:
    """One item of one wave: its levels, unweighted counts and (weighted) base.

    Attributes
    ----------
    table, section, block, item, short, scale
        The item's labels.
    levels : list of str
        Every level of the item's scale, in display order.
    substantive, in_base : list of bool
        Whether each level is a point of the scale, and whether it is in the base.
    counts : list of int
        Unweighted counts per level.
    n : int
        Unweighted base (respondents, or substantive answers).
    wcounts : list of float
        Weighted counts per level (the counts when unweighted).
    wn : float
        Weighted base.
    n_eff : float
        Sample size of the intervals: Kish effective size when weighted, else ``n``.
    design_n_eff : list of float or None
        Per level, the design-based effective size ``p (1 - p) / se^2`` of
        :func:`~lscb_survey.estimate` (weights, calibration and the finite
        population correction), for a wave that is weighted or has a
        population size; ``None`` otherwise (then ``n_eff`` serves).
    """

    table: Any
    section: Any
    block: Any
    item: Any
    short: Any
    scale: Any
    levels: list[str]
    substantive: list[bool]
    in_base: list[bool]
    counts: list[int]
    n: int
    wcounts: list[float]
    wn: float
    n_eff: float
    design_n_eff: list[float] | None = None


class _Weights:
    """Weighted counts by (item, level) and Kish effective sizes by item."""

    def __init__(self, frame: pd.DataFrame, base: Base) -> None:
        for column in ("n_eff", "n_eff_valid"):
            if column not in frame.columns:
                raise MissingColumnError(
                    "a weighted frame needs the Kish effective sizes of weighted_counts()",
                    column=column,
                )
        if frame["weighted_count"].isna().any():
            raise MissingColumnError("weighted counts are missing", column="weighted_count")
        self.counts = {
            (str(i), str(r)): float(w)
            for i, r, w in zip(
                frame["item_id"], frame["response"], frame["weighted_count"], strict=True
            )
        }
        column = "n_eff" if base == "respondents" else "n_eff_valid"
        firsts = frame.groupby(frame["item_id"].astype(str), sort=False)[column].first()
        self.n_eff = {str(k): float(v) for k, v in firsts.items()}


def _item_shares(
    item_id: str, part: pd.DataFrame, base: Base, weights: _Weights | None
) -> ItemShares:
    levels = part["response"].astype(str).tolist()
    counts = [int(c) for c in part["count"].astype(int).tolist()]
    substantive = [bool(s) for s in part["substantive"].astype(bool).tolist()]
    first = part.iloc[0]
    n_all = sum(counts)
    n_valid = sum(c for c, s in zip(counts, substantive, strict=True) if s)
    n = n_all if base == "respondents" else n_valid
    in_base = [s or base == "respondents" for s in substantive]
    if weights is not None:
        wcounts = [weights.counts.get((item_id, lv), 0.0) for lv in levels]
        wn = sum(x for x, ok in zip(wcounts, in_base, strict=True) if ok)
        n_eff = weights.n_eff[item_id]
    else:
        wcounts = [float(c) for c in counts]
        wn = n_eff = float(n)
    return ItemShares(
        table=first["table"],
        section=first["section"],
        block=first["block"],
        item=first["item"],
        short=first["short"],
        scale=first["scale"],
        levels=levels,
        substantive=substantive,
        in_base=in_base,
        counts=counts,
        n=n,
        wcounts=wcounts,
        wn=wn,
        n_eff=n_eff,
    )


class WaveSide:
    """One wave's items: shares per item x level, unweighted and (maybe) weighted.

    Parameters
    ----------
    data : Wave or DataFrame
        The wave (see :func:`wave_frame`).
    base : {"respondents", "valid"}
        Base of the percentages.
    codebook : Codebook or None
        Codebook of a frame.
    label : str or None
        Name of the wave; default the wave's name (``None`` for a frame).

    Attributes
    ----------
    label : str or None
    weighted : bool
        Whether the wave has weights.
    items : dict of str to ItemShares
        The items, in frame order.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> side = WaveSide(load_table(9), "respondents", None, "2012")
    >>> side.items["t9_sanctions"].n
    57
    """

    def __init__(self, data: object, base: Base, codebook: Codebook | None, label: str | None):
        frame, book, name = wave_frame(data, codebook)
        self.label = label if label is not None else name
        self.weighted = "weighted_count" in frame.columns
        shares = likert_shares(frame, base="respondents", codebook=book)
        weights = _Weights(frame, base) if self.weighted else None
        self.items: dict[str, ItemShares] = {}
        design = _design_sizes(data, base)
        self.design_based = design is not None
        for item_id, part in shares.groupby("item_id", sort=False):
            key = str(item_id)
            info = _item_shares(key, part, base, weights)
            if design is not None:
                sizes = [design.get((key, level), math.nan) for level in info.levels]
                info = dataclasses.replace(info, design_n_eff=sizes)
            self.items[key] = info


def _design_sizes(data: object, base: Base) -> dict[tuple[str, str], float] | None:
    """Design-based effective sizes by (item, level) of a weighted wave or one with a
    population size; None for anything else (a frame, or a plain unweighted wave)."""
    from ..waves.model import Wave
    from ..waves.weights import WeightedWave
    from .estimates import estimate

    if not isinstance(data, Wave):
        return None
    if not isinstance(data, WeightedWave) and data.population is None:
        return None
    est = estimate(data, base=base)
    return {
        (str(i), str(r)): float(v)
        for i, r, v in zip(est["item_id"], est["response"], est["n_eff"], strict=True)
    }


def side_labels(a: WaveSide, b: WaveSide, labels: Sequence[object] | None) -> tuple[str, str]:
    """Names of the two waves: ``labels``, else the waves' own, made distinct.

    Parameters
    ----------
    a, b : WaveSide
        The two waves.
    labels : pair of str, optional
        Names given by the caller.

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> t = WaveSide(load_table(9), "respondents", None, None)
    >>> side_labels(t, t, None)
    ('a', 'b')
    >>> side_labels(t, t, ("2012", "2012"))
    ('2012 (a)', '2012 (b)')
    """
    if labels is not None:
        la, lb = (str(x) for x in labels)
    else:
        la, lb = a.label or "a", b.label or "b"
    if la == lb:
        la, lb = f"{la} (a)", f"{lb} (b)"
    return la, lb


def item_order(a: WaveSide, b: WaveSide) -> list[tuple[str, str]]:
    """``(item_id, status)`` of every item, a's items first, then items only in b.

    Parameters
    ----------
    a, b : WaveSide
        The two waves.

    Returns
    -------
    list of (str, str)
        The status is one of :data:`STATUSES`.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> t9 = WaveSide(load_table(9), "respondents", None, None)
    >>> t10 = WaveSide(load_table(10), "respondents", None, None)
    >>> item_order(t9, t10)[0][1], item_order(t9, t10)[-1][1]
    ('only in a', 'only in b')
    """
    out = []
    for item_id, info in a.items.items():
        if item_id not in b.items:
            out.append((item_id, "only in a"))
        elif info.levels != b.items[item_id].levels:
            out.append((item_id, "different scales"))
        else:
            out.append((item_id, "both"))
    out += [(i, "only in b") for i in b.items if i not in a.items]
    return out
