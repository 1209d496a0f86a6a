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
from ..data.scales import normalise_label
from .arguments import Base
from .comparability import level_match
from .likert import likert_shares
from .likert_weighted import ItemWeights

__all__ = [
    "CAVEAT",
    "STATUSES",
    "base_note",
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

    def position(self, label: str) -> int | None:
        """Index of ``label`` among :attr:`levels`, matched after normalisation."""
        key = normalise_label(label)
        for j, level in enumerate(self.levels):
            if normalise_label(level) == key:
                return j
        return None

    def match(self, other: ItemShares) -> str:
        """How this item's scale relates to ``other``'s (see :mod:`~lscb_survey.analysis.comparability`)."""
        mine = [lv for lv, s in zip(self.levels, self.substantive, strict=True) if s]
        theirs = [lv for lv, s in zip(other.levels, other.substantive, strict=True) if s]
        return level_match(
            mine,
            [lv for lv in self.levels if lv not in mine],
            theirs,
            [lv for lv in other.levels if lv not in theirs],
        )


def _item_shares(
    item_id: str, part: pd.DataFrame, base: Base, weights: ItemWeights | None
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
        n_eff = weights.n_eff[base][item_id]
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
        The items, in frame order, on ``base``.
    valid_items : dict of str to ItemShares
        The same on the substantive base, for items whose non-substantive
        levels differ between the waves.

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
        weights = ItemWeights(frame) if self.weighted else None
        self.items: dict[str, ItemShares] = {}
        designs = {b: _design_sizes(data, b) for b in {base, "valid"}}
        self.design_based = designs[base] is not None
        self.valid_items: dict[str, ItemShares] = {}
        for item_id, part in shares.groupby("item_id", sort=False):
            key = str(item_id)
            self.items[key] = _with_design(
                _item_shares(key, part, base, weights), key, designs[base]
            )
            self.valid_items[key] = (
                self.items[key]
                if base == "valid"
                else _with_design(_item_shares(key, part, "valid", weights), key, designs["valid"])
            )

    def item(self, item_id: str, base: str) -> ItemShares | None:
        """The item on ``base`` (``None`` when the wave lacks it)."""
        return (self.valid_items if base == "valid" else self.items).get(item_id)


def _with_design(
    info: ItemShares, item_id: str, design: dict[tuple[str, str], float] | None
) -> ItemShares:
    """``info`` with the design-based effective size of each level, when there is one."""
    if design is None:
        return info
    sizes = [design.get((item_id, level), math.nan) for level in info.levels]
    return dataclasses.replace(info, design_n_eff=sizes)


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


def item_order(a: WaveSide, b: WaveSide, base: str = "respondents") -> list[tuple[str, str, str]]:
    """``(item_id, status, base)`` of every item, a's items first, then items only in b.

    An item in both waves whose substantive levels agree is compared
    (status "both"); when their non-substantive levels differ (a "Don't know"
    offered in one wave only), on the substantive base ``"valid"`` whatever
    ``base`` asks (see :mod:`~lscb_survey.analysis.comparability`).

    Parameters
    ----------
    a, b : WaveSide
        The two waves.
    base : {"respondents", "valid"}
        The base asked for.

    Returns
    -------
    list of (str, str, str)
        The status is one of :data:`STATUSES`; the base is the one the item's
        statistics use.

    Examples
    --------
    >>> from lscb_survey import load_table
    >>> t9 = WaveSide(load_table(9), "respondents", None, None)
    >>> t10 = WaveSide(load_table(10), "respondents", None, None)
    >>> item_order(t9, t10)[0], item_order(t9, t10)[-1][1]
    (('t9_sanctions', 'only in a', 'respondents'), 'only in b')
    """
    out = []
    for item_id, info in a.items.items():
        other = b.items.get(item_id)
        if other is None:
            out.append((item_id, "only in a", base))
            continue
        match = info.match(other)
        if match == "different":
            out.append((item_id, "different scales", base))
        else:
            out.append((item_id, "both", "valid" if match == "substantive" else base))
    out += [(i, "only in b", base) for i in b.items if i not in a.items]
    return out


def base_note(order: Sequence[tuple[str, str, str]], base: str) -> str:
    """The sentence that says which items were moved to the substantive base (or "").

    Parameters
    ----------
    order : list of (str, str, str)
        The result of :func:`item_order`.
    base : str
        The base asked for.

    Returns
    -------
    str

    Examples
    --------
    >>> base_note([("q1", "both", "valid"), ("q2", "both", "respondents")], "respondents")[:44]
    '1 item (q1) offers different non-substantive'
    """
    moved = [i for i, status, b in order if status == "both" and b != base]
    if not moved:
        return ""
    shown = ", ".join(moved[:5]) + (", ..." if len(moved) > 5 else "")
    what = "1 item" if len(moved) == 1 else f"{len(moved)} items"
    verb = "offers" if len(moved) == 1 else "offer"
    return (
        f"{what} ({shown}) {verb} different non-substantive answers in the two waves "
        '(for example "Don\'t know" in one only), so both waves are compared on the '
        "substantive base: percentages of the answers on the scale, with the other answers "
        'left out and counted (column base = "valid").'
    )
