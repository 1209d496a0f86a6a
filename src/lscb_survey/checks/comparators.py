"""Whether a claim's comparator holds: for every count reconstruction, or for the printed figures.

The comparators' meanings are defined once, as data, in
:mod:`lscb_survey.data.comparators`; this module evaluates them. A claim is
split into elementary statements (:func:`claim_atoms`): one per item or column
for a share claim, one per pair compared for a comparison.
:func:`evaluate_exact` tries every joint reconstruction of the counts behind
them; :func:`evaluate_printed` reads the printed, rounded percentages instead.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..data.comparators import COMPARATORS, Comparator
from ..stats.rounding import is_consistent
from .claim_sources import Claim, Quantity, Roles, SourceKey, Sources

__all__ = [
    "MAX_COMBINATIONS",
    "RELATIONS",
    "Atom",
    "Value",
    "claim_atoms",
    "components",
    "evaluate_exact",
    "evaluate_printed",
    "share_holds",
]

#: Most joint reconstructions enumerated for one group of connected statements.
MAX_COMBINATIONS = 200_000


def share_holds(comparator: Comparator, share: Fraction) -> bool:
    """Whether a share satisfies a share comparator (exact arithmetic).

    Examples
    --------
    >>> share_holds(COMPARATORS["over half"], Fraction(29, 57))
    True
    >>> share_holds(COMPARATORS["over half"], Fraction(1, 2))
    False
    """
    if comparator.kind != "share":
        raise ValueError(f"{comparator.name!r} compares shares; it is not a condition on one share")
    if comparator.lower is not None:
        if share < comparator.lower or (share == comparator.lower and not comparator.lower_closed):
            return False
    if comparator.upper is not None:
        if share > comparator.upper or (share == comparator.upper and not comparator.upper_closed):
            return False
    return True


@dataclass
class Value:
    """The value of a :class:`Quantity` under one reconstruction (exact) or as printed."""

    count: int | None
    n: int | None
    share: Fraction
    exact: bool
    printed_sum: int | None
    rule: str

    def stated(self, value: Fraction) -> bool:
        """Whether a stated percentage fits: the rounded exact share, or the printed sum."""
        if self.exact:
            if value.denominator == 1:
                assert self.count is not None and self.n is not None  # exact values have both
                return is_consistent(int(value), self.count, self.n, self.rule)
            return 100 * self.share == value
        return self.printed_sum is not None and Fraction(self.printed_sum) == value


#: Comparison relations between two values (see :mod:`lscb_survey.data.comparators`).
RELATIONS: dict[str, Callable[[Value, Value], bool]] = {
    ">": lambda a, b: a.share > b.share,
    "majority>": lambda a, b: a.share > b.share,
    "<": lambda a, b: a.share < b.share,
    "~": lambda a, b: abs(a.share - b.share) < Fraction(1, 100),
    "=": lambda a, b: a.share == b.share,
}

#: An elementary statement: its quantities, and a test of their values giving
#: ``(stated value fits, words hold)``.
Atom = tuple[list[Quantity], Callable[[list[Value]], tuple[bool, bool]]]


def claim_atoms(claim: Claim, roles: Roles) -> list[Atom]:
    """The elementary statements a claim is made of.

    A share claim has one atom per item or column; a comparison one per pair
    compared (or, for "parts of", one for the whole).
    """
    comparator = COMPARATORS[claim.comparator]
    if claim.kind == "share":
        stated = None if pd.isna(claim.claimed_value) else Fraction(str(claim.claimed_value))

        def share_test(values: list[Value]) -> tuple[bool, bool]:
            v = values[0]
            return (stated is None or v.stated(stated)), share_holds(comparator, v.share)

        return [([q], share_test) for q in roles["subject"][0]]
    atoms: list[Atom] = []
    for subjects, versus in zip(roles["subject"], roles["versus"], strict=True):
        if comparator.relation == "parts":
            atoms.append(([*subjects, *versus], _parts_test(len(subjects))))
            continue
        if comparator.relation == "order":
            pairs = [*itertools.pairwise(subjects), *((subjects[-1], v) for v in versus)]
            test = RELATIONS[">"]
        else:
            pairs = [(a, b) for a in subjects for b in versus]
            test = RELATIONS[str(comparator.relation)]
        for a, b in pairs:
            atoms.append(([a, b], _pair_test(test)))
    return atoms


def _parts_test(size: int) -> Callable[[list[Value]], tuple[bool, bool]]:
    """The first ``size`` counts add up to at most each of the others."""

    def parts_test(values: list[Value]) -> tuple[bool, bool]:
        counts = [v.count for v in values]
        if any(c is None for c in counts):
            raise ValueError("'parts of' needs counts")
        known = [c for c in counts if c is not None]
        total = sum(known[:size])
        return True, all(total <= c for c in known[size:])

    return parts_test


def _pair_test(test: Callable[[Value, Value], bool]) -> Callable[[list[Value]], tuple[bool, bool]]:
    def pair_test(values: list[Value]) -> tuple[bool, bool]:
        return True, test(values[0], values[1])

    return pair_test


def components(atoms: list[Atom]) -> list[list[int]]:
    """Groups of atoms connected through shared sources (union-find)."""
    parent = list(range(len(atoms)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[SourceKey, int] = {}
    for i, (quantities, _) in enumerate(atoms):
        for q in quantities:
            for key, _cat in q.parts:
                if key in owner:
                    parent[find(i)] = find(owner[key])
                else:
                    owner[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(atoms)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _untestable(roles: Roles, *, exact: bool) -> bool:
    quantities = [q for contexts in roles.values() for ctx in contexts for q in ctx]
    if not any(q.untestable for q in quantities):
        return False
    return exact or any(q.printed_sum is None and q.printed_count is None for q in quantities)


def evaluate_printed(claim: Claim, roles: Roles, rule: str) -> tuple[bool, bool] | None:
    """``(stated value fits, words hold)`` on the printed figures, or ``None`` (untestable).

    A share is the sum of the printed percentages of its categories, or its
    printed count out of its base.
    """
    if _untestable(roles, exact=False):
        return None

    def value(q: Quantity) -> Value:
        if q.printed_sum is not None:
            share = Fraction(q.printed_sum, 100)
            return Value(q.printed_count, q.n, share, False, q.printed_sum, rule)
        assert q.printed_count is not None and q.n is not None  # see _untestable
        return Value(q.printed_count, q.n, Fraction(q.printed_count, q.n), False, None, rule)

    results = [test([value(q) for q in qs]) for qs, test in claim_atoms(claim, roles)]
    stated_ok = all(r[0] for r in results)
    words = [r[1] for r in results]
    majority = COMPARATORS[claim.comparator].relation == "majority>"
    words_ok = 2 * sum(words) > len(words) if majority else all(words)
    return stated_ok, words_ok


_PARTS = ("stated", "words", "both")


def _status(passed: bool, failed: bool) -> str:
    return "some" if passed and failed else "all" if passed else "none"


def _combine(statuses: list[str]) -> str:
    if all(x == "all" for x in statuses):
        return "all"
    return "none" if any(x == "none" for x in statuses) else "some"


def evaluate_exact(
    claim: Claim, roles: Roles, sources: Sources, rule: str
) -> tuple[str, dict[str, str]]:
    """Evaluate a claim on every joint reconstruction of its counts.

    Returns ``(status, parts)``: status "all", "none", "some" (the claim holds
    under every, no, or only some reconstructions of the counts) or
    "untestable", and the same status for the stated value alone
    (``parts["stated"]``) and the words alone (``parts["words"]``). Atoms that
    share no cell are independent, so each connected group is enumerated on its
    own and the results combined exactly.
    """
    if _untestable(roles, exact=True):
        return "untestable", {}
    atoms = claim_atoms(claim, roles)
    statuses: dict[str, list[str]] = {name: [] for name in _PARTS}
    low = high = 0  # least and greatest number of true atoms (majority)
    for component in components(atoms):
        found = _enumerate(component, atoms, sources, rule)
        if found is None:
            return "untestable", {"reason": "too many reconstructions to enumerate"}
        seen, trues = found
        for name in _PARTS:
            statuses[name].append(_status(*seen[name]))
        low += min(trues)
        high += max(trues)
    parts = {name: _combine(statuses[name]) for name in _PARTS}
    if COMPARATORS[claim.comparator].relation == "majority>":
        half = len(atoms)
        words = "all" if 2 * low > half else "none" if 2 * high <= half else "some"
        parts["words"] = words
        parts["both"] = _combine([parts["stated"], words])
    return parts["both"], parts


def _enumerate(
    component: list[int], atoms: list[Atom], sources: Sources, rule: str
) -> tuple[dict[str, list[bool]], set[int]] | None:
    """Whether each part passed / failed on some reconstruction, and the counts of true atoms.

    ``None`` when the reconstructions are too many to enumerate.
    """
    keys = sorted({k for i in component for q in atoms[i][0] for k, _ in q.parts}, key=repr)
    if math.prod(len(sources.alternatives[k]) for k in keys) > MAX_COMBINATIONS:
        return None
    seen = {name: [False, False] for name in _PARTS}  # [passed, failed]
    trues = set()
    for combo in itertools.product(*(sources.alternatives[k] for k in keys)):
        assignment = dict(zip(keys, combo, strict=True))
        results = [
            atoms[i][1]([_exact_value(q, assignment, rule) for q in atoms[i][0]]) for i in component
        ]
        stated_ok = all(r[0] for r in results)
        words_ok = all(r[1] for r in results)
        trues.add(sum(r[1] for r in results))
        for name, ok in (
            ("stated", stated_ok),
            ("words", words_ok),
            ("both", stated_ok and words_ok),
        ):
            seen[name][0 if ok else 1] = True
    return seen, trues


def _exact_value(q: Quantity, assignment: dict[SourceKey, dict[str, int]], rule: str) -> Value:
    count = sum(assignment[k][c] for k, c in q.parts)
    assert q.n is not None  # testable quantities have a base
    return Value(count, q.n, Fraction(count, q.n), True, q.printed_sum, rule)
