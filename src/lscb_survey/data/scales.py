"""Response scales as explicit objects.

A :class:`Scale` holds the ordered substantive levels of a question (most positive
first, as the report prints them), a numeric score for each, its centre, and the
non-substantive levels ("Not specified", "Don't know", ...) that are kept and
counted but are not points on the scale.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

import pandas as pd

from ..errors import CodebookError

__all__ = ["Scale", "normalise_label", "scale_for_labels"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'"})
_SPACE = re.compile(r"\s+")


def normalise_label(label: str) -> str:
    """Normalise a response label for exact matching.

    The normalisation is: Unicode NFKC, curly quotes to straight quotes, runs of
    white space to one space, surrounding white space removed, case folded. No
    other change is made: there is no fuzzy matching.

    Examples
    --------
    >>> normalise_label("  Don\u2019t  KNOW ")
    "don't know"
    """
    text = unicodedata.normalize("NFKC", str(label)).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Scale:
    """An ordered response scale.

    Parameters
    ----------
    name : str
        Identifier used by codebooks (e.g. ``"agree5"``).
    levels : sequence of str
        Substantive levels, most positive first.
    scores : sequence of float, optional
        Score of each level; defaults to ``len(levels) .. 1``.
    centre : str or tuple of two str, optional
        The neutral level of an odd scale, or the two levels it lies between
        for an even scale. ``None`` means no centre.
    missing : sequence of str
        Non-substantive levels, kept and counted but excluded from scores.
    codes : mapping of int to str, optional
        Numeric codes used by respondent-level files (code -> label).
    missing_codes : sequence of int
        Codes that mean a missing answer.

    Examples
    --------
    >>> s = Scale("agree3", ["Agree", "Neutral", "Disagree"], centre="Neutral",
    ...           missing=["Not specified"])
    >>> s.categories
    ['Agree', 'Neutral', 'Disagree', 'Not specified']
    >>> s.top, s.bottom
    (('Agree',), ('Disagree',))
    """

    name: str
    levels: tuple[str, ...]
    scores: tuple[float, ...] = ()
    centre: str | tuple[str, str] | None = None
    missing: tuple[str, ...] = ("Not specified",)
    codes: Mapping[int, str] = field(default_factory=dict)
    missing_codes: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "levels", tuple(self.levels))
        object.__setattr__(self, "missing", tuple(self.missing))
        object.__setattr__(self, "missing_codes", tuple(self.missing_codes))
        object.__setattr__(self, "codes", dict(self.codes))
        scores = tuple(self.scores) or tuple(
            float(len(self.levels) - i) for i in range(len(self.levels))
        )
        object.__setattr__(self, "scores", scores)
        if isinstance(self.centre, list):
            object.__setattr__(self, "centre", tuple(self.centre))
        self._validate()

    def _validate(self) -> None:
        where = f"scale {self.name!r}"
        if len(self.levels) < 2:
            raise CodebookError(f"{where} needs at least two levels")
        if len(self.scores) != len(self.levels):
            raise CodebookError(
                f"{where} has {len(self.scores)} scores for {len(self.levels)} levels"
            )
        seen: dict[str, str] = {}
        for label in self.categories:
            key = normalise_label(label)
            if key in seen:
                raise CodebookError(
                    f"{where} has duplicate label {label!r} (same as {seen[key]!r})"
                )
            seen[key] = label
        if any(a <= b for a, b in zip(self.scores[:-1], self.scores[1:], strict=True)):
            raise CodebookError(
                f"{where}: scores {list(self.scores)} must decrease strictly, because levels "
                "are listed from most positive to most negative"
            )
        k = len(self.levels)
        centre = self.centre
        if isinstance(centre, str):
            if centre not in self.levels:
                raise CodebookError(f"{where}: centre {centre!r} is not one of its levels")
            if k % 2 == 0 or self.levels.index(centre) != k // 2:
                raise CodebookError(
                    f"{where}: centre {centre!r} must be the middle level of an odd scale "
                    "(name the two middle levels of an even scale instead)"
                )
        if isinstance(centre, tuple):
            if len(centre) != 2 or any(c not in self.levels for c in centre):
                raise CodebookError(f"{where}: centre {centre!r} must name two adjacent levels")
            if k % 2 or sorted(self.levels.index(c) for c in centre) != [k // 2 - 1, k // 2]:
                raise CodebookError(
                    f"{where}: centre {centre!r} must name the two middle levels of an even scale"
                )
        for code, label in self.codes.items():
            if label not in self.categories:
                raise CodebookError(f"{where}: code {code} maps to unknown label {label!r}")

    @property
    def categories(self) -> list[str]:
        """All levels in display order: substantive levels, then non-substantive."""
        return [*self.levels, *self.missing]

    @property
    def dtype(self) -> pd.CategoricalDtype:
        """Ordered pandas dtype with :attr:`categories` in display order."""
        return pd.CategoricalDtype(self.categories, ordered=True)

    @property
    def _half(self) -> int:
        k = len(self.levels)
        return 2 if k >= 4 else 1

    @property
    def top(self) -> tuple[str, ...]:
        """The most positive levels (two for scales of four or more levels)."""
        return self.levels[: self._half]

    @property
    def bottom(self) -> tuple[str, ...]:
        """The most negative levels (two for scales of four or more levels)."""
        return self.levels[-self._half :]

    @property
    def middle(self) -> tuple[str, ...]:
        """The declared centre level of an odd scale.

        Empty when the centre lies between two levels (even scales) or when no centre
        is declared; :func:`lscb_survey.likert_summary` documents how it treats the
        middle level of an odd scale declared without a centre.
        """
        return (self.centre,) if isinstance(self.centre, str) else ()

    @property
    def score_map(self) -> dict[str, float]:
        """Score of each substantive level."""
        return dict(zip(self.levels, self.scores, strict=True))

    def is_substantive(self, label: str) -> bool:
        """Whether ``label`` is a point on the scale (not a missing category)."""
        return label in self.levels

    def lookup(self) -> dict[str, str]:
        """Map normalised labels to canonical labels (see :func:`normalise_label`)."""
        return {normalise_label(c): c for c in self.categories}

    @classmethod
    def from_dict(cls, name: str, spec: Mapping[str, object]) -> Scale:
        """Build a scale from a codebook table (see ``docs/codebook.md``)."""
        known = {"levels", "scores", "centre", "missing", "codes", "missing_codes"}
        extra = set(spec) - known
        if extra:
            raise CodebookError(f"scale {name!r} has unknown keys {sorted(extra)}")
        if "levels" not in spec:
            raise CodebookError(f"scale {name!r} has no 'levels'")
        codes_spec = spec.get("codes", {})
        if not isinstance(codes_spec, Mapping):
            raise CodebookError(f"scale {name!r}: 'codes' must be a table of code = label")
        try:
            codes = {int(k): str(v) for k, v in codes_spec.items()}
        except ValueError as exc:
            raise CodebookError(f"scale {name!r}: codes must be whole numbers ({exc})") from None
        # the TOML values are checked by __post_init__; here they are only passed on
        return cls(
            name=name,
            levels=tuple(cast("Iterable[str]", spec["levels"])),
            scores=tuple(cast("Iterable[float]", spec.get("scores", ()))),
            centre=cast("str | tuple[str, str] | None", spec.get("centre")),
            missing=tuple(cast("Iterable[str]", spec.get("missing", ("Not specified",)))),
            codes=codes,
            missing_codes=tuple(
                int(c) for c in cast("Iterable[int | str]", spec.get("missing_codes", ()))
            ),
        )


def scale_for_labels(scales: Sequence[Scale], labels: Sequence[str]) -> Scale | None:
    """Return the first scale whose categories include every label, if any."""
    for scale in scales:
        if set(labels) <= set(scale.categories):
            return scale
    return None
