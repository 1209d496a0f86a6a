"""What the verbal comparators of ``claims.csv`` mean, defined once as data.

Each comparator is a :class:`Comparator` in :data:`COMPARATORS`;
:func:`comparators` lists them as a table. The claims file is validated against
these names (:func:`lscb_survey.data.claims.load_claims`); the audit evaluates
them (:mod:`lscb_survey.checks.comparators`).

A *share* comparator is a condition on the exact share ``x`` (a fraction
between 0 and 1) of the respondents in the claim's categories; a *comparison*
comparator relates the shares of two or more things.
Approximate words use one tolerance, :data:`APPROX_TOLERANCE` (5 percentage
points).

Share comparators (``x`` is the share in the claim's categories):

* ``exact``: the stated percentage is ``x`` rounded to a whole percent (by the
  audit's rounding rule);
* ``none``: ``x = 0``;
* ``the majority``, ``over half``, ``more than half``, ``over 50%``: ``x > 1/2``;
* ``vast majority``: ``x >= 4/5`` (vague);
* ``at least 60%``: ``x >= 3/5``;
* ``over three quarters``: ``x > 3/4``;
* ``over four fifths``, ``more than four fifths``: ``x > 4/5``;
* ``just over four fifths``: ``4/5 < x <= 4/5 + 5 points``;
* ``nearly 50%``, ``just under half``: ``1/2 - 5 points <= x < 1/2``;
* ``nearly a quarter``: ``1/4 - 5 points <= x < 1/4``;
* ``just under two thirds``: ``2/3 - 5 points <= x < 2/3``;
* ``just under one in five``: ``1/5 - 5 points <= x < 1/5``;
* ``around two fifths``: ``|x - 2/5| <= 5 points``;
* ``a quarter`` (a bare fraction): ``|x - 1/4| <= 2.5 points``;
* ``few``, ``a small percentage``: ``x < 1/4`` (vague).

Comparison comparators. The *subjects* are the things the claim names along
``compare_on`` (its survey, agency, measure, item or activity column), the
*versus* things are those they are compared with, and every combination of
the claim's other labels is a *context*:

* ``higher``, ``consistently higher``, ``highest``, ``most frequently cited``:
  every subject above every versus, in every context;
* ``lower``, ``lowest``: every subject below every versus;
* ``increased``: the subject (the later survey) above the versus (the earlier),
  in every context;
* ``improved on the whole``: the subject above the versus in more than half of
  the (subject, versus, context) pairs;
* ``followed by``: the subjects strictly decreasing in the order listed, the
  last above every versus;
* ``remained constant``: shares less than 1 percentage point apart;
* ``the same``: shares exactly equal;
* ``parts of``: the subjects' counts sum to at most the versus count (disjoint
  parts of a whole).

A comparator marked vague has no agreed threshold: a claim failing it is
reported as a warning, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

__all__ = ["APPROX_TOLERANCE", "COMPARATORS", "Comparator", "comparators"]

#: Tolerance of the approximate words ("nearly", "just under", "around"...): 5 points.
APPROX_TOLERANCE = Fraction(5, 100)


@dataclass(frozen=True)
class Comparator:
    """The meaning of one comparator.

    Attributes
    ----------
    name : str
        The words as they appear in ``claims.csv``.
    kind : str
        ``"share"`` (a condition on one share) or ``"comparison"``.
    meaning : str
        The definition, in words.
    lower, upper : Fraction or None
        For share comparators: bounds on the share (``None``: unbounded).
    lower_closed, upper_closed : bool
        Whether each bound is included.
    relation : str or None
        For comparisons: ``">"``, ``"<"``, ``"order"``, ``"majority>"``,
        ``"~"`` (within one percentage point), ``"="`` or ``"parts"``.
    vague : bool
        True when the words have no agreed threshold; failures are warnings.

    Whether a share meets a share comparator is decided by
    :func:`lscb_survey.checks.comparators.share_holds`.
    """

    name: str
    kind: str
    meaning: str
    lower: Fraction | None = None
    upper: Fraction | None = None
    lower_closed: bool = True
    upper_closed: bool = True
    relation: str | None = None
    vague: bool = False

    def interval(self) -> str:
        """The condition as an interval in percent, e.g. ``"(50, 100]"``."""
        if self.kind != "share":
            return ""
        if self.lower is None and self.upper is None:
            return "any (the stated value is checked)"
        lo = self.lower if self.lower is not None else Fraction(0)
        hi = self.upper if self.upper is not None else Fraction(1)
        left = "[" if self.lower is None or self.lower_closed else "("
        right = "]" if self.upper is None or self.upper_closed else ")"
        return f"{left}{_pct(lo)}, {_pct(hi)}{right}"


def _pct(x: Fraction) -> str:
    value = x * 100
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"


def _share(
    name: str,
    meaning: str,
    lower: Fraction | None = None,
    upper: Fraction | None = None,
    lo_closed: bool = True,
    hi_closed: bool = True,
    vague: bool = False,
) -> Comparator:
    return Comparator(name, "share", meaning, lower, upper, lo_closed, hi_closed, None, vague)


def _relation(name: str, relation: str, meaning: str) -> Comparator:
    return Comparator(name, "comparison", meaning, relation=relation)


_T = APPROX_TOLERANCE
_HALF, _QUARTER, _FIFTH = Fraction(1, 2), Fraction(1, 4), Fraction(1, 5)
_over_half = "more than half: x > 1/2"

_COMPARATOR_LIST: list[Comparator] = [
    _share("exact", "the stated percentage equals x rounded to a whole percent"),
    _share("none", "nobody: x = 0", Fraction(0), Fraction(0)),
    _share("the majority", _over_half, _HALF, None, lo_closed=False),
    _share("over half", _over_half, _HALF, None, lo_closed=False),
    _share("more than half", _over_half, _HALF, None, lo_closed=False),
    _share("over 50%", _over_half, _HALF, None, lo_closed=False),
    _share("vast majority", "at least four in five: x >= 4/5", 4 * _FIFTH, None, vague=True),
    _share("at least 60%", "x >= 3/5", Fraction(3, 5), None),
    _share("over three quarters", "x > 3/4", 3 * _QUARTER, None, lo_closed=False),
    _share("over four fifths", "x > 4/5", 4 * _FIFTH, None, lo_closed=False),
    _share("more than four fifths", "x > 4/5", 4 * _FIFTH, None, lo_closed=False),
    _share(
        "just over four fifths",
        "above 4/5 by at most the tolerance: 4/5 < x <= 4/5 + 5 points",
        4 * _FIFTH,
        4 * _FIFTH + _T,
        lo_closed=False,
    ),
    _share(
        "nearly 50%",
        "below 1/2 by at most the tolerance: 1/2 - 5 points <= x < 1/2",
        _HALF - _T,
        _HALF,
        hi_closed=False,
    ),
    _share(
        "just under half",
        "below 1/2 by at most the tolerance: 1/2 - 5 points <= x < 1/2",
        _HALF - _T,
        _HALF,
        hi_closed=False,
    ),
    _share(
        "nearly a quarter",
        "below 1/4 by at most the tolerance: 1/4 - 5 points <= x < 1/4",
        _QUARTER - _T,
        _QUARTER,
        hi_closed=False,
    ),
    _share(
        "just under two thirds",
        "below 2/3 by at most the tolerance: 2/3 - 5 points <= x < 2/3",
        Fraction(2, 3) - _T,
        Fraction(2, 3),
        hi_closed=False,
    ),
    _share(
        "just under one in five",
        "below 1/5 by at most the tolerance: 1/5 - 5 points <= x < 1/5",
        _FIFTH - _T,
        _FIFTH,
        hi_closed=False,
    ),
    _share(
        "around two fifths",
        "within the tolerance of 2/5: |x - 2/5| <= 5 points",
        2 * _FIFTH - _T,
        2 * _FIFTH + _T,
    ),
    _share(
        "a quarter",
        "a bare fraction, within half the tolerance: |x - 1/4| <= 2.5 points",
        _QUARTER - _T / 2,
        _QUARTER + _T / 2,
    ),
    _share("few", "a small minority: x < 1/4", Fraction(0), _QUARTER, hi_closed=False, vague=True),
    _share(
        "a small percentage",
        "a small minority: x < 1/4",
        Fraction(0),
        _QUARTER,
        hi_closed=False,
        vague=True,
    ),
    _relation("higher", ">", "every subject above every versus, in every context"),
    _relation("consistently higher", ">", "every subject above every versus, in every context"),
    _relation("highest", ">", "the subject above every other one named, in every context"),
    _relation(
        "most frequently cited", ">", "the subject above every other one named, in every context"
    ),
    _relation("lower", "<", "every subject below every versus, in every context"),
    _relation("lowest", "<", "every subject below every other one named, in every context"),
    _relation("increased", ">", "subject (later survey) above versus (earlier), in every context"),
    _relation(
        "improved on the whole",
        "majority>",
        "subject above versus in more than half of the (subject, versus, context) pairs",
    ),
    _relation(
        "followed by",
        "order",
        "subjects strictly decreasing in the order listed, the last above every versus",
    ),
    _relation("remained constant", "~", "shares less than one percentage point apart"),
    _relation("the same", "=", "shares exactly equal"),
    _relation("parts of", "parts", "subjects' counts sum to at most the versus count"),
]

#: Every comparator ``claims.csv`` may use, by name.
COMPARATORS: dict[str, Comparator] = {c.name: c for c in _COMPARATOR_LIST}


def comparators() -> pd.DataFrame:
    """List every comparator and its definition.

    Returns
    -------
    DataFrame
        One row per comparator: ``comparator`` (the words), ``kind`` ("share"
        or "comparison"), ``condition`` (for share comparators, the interval of
        the share in percent; for comparisons the relation symbol), ``meaning``
        and ``vague`` (True when a failure is only a warning).

    Examples
    --------
    >>> c = comparators().set_index("comparator")
    >>> c.loc["nearly a quarter", "condition"]
    '[20, 25)'
    >>> c.loc["over half", "condition"]
    '(50, 100]'
    """
    return pd.DataFrame(
        [
            {
                "comparator": c.name,
                "kind": c.kind,
                "condition": c.interval() if c.kind == "share" else c.relation,
                "meaning": c.meaning,
                "vague": c.vague,
            }
            for c in _COMPARATOR_LIST
        ]
    )
