"""Response scales as explicit objects.

A :class:`Scale` holds the ordered substantive levels of a question (most positive
first, as the report prints them), a numeric score for each, its centre, and the
non-substantive levels ("Not specified", "Don't know", ...) that are kept and
counted but are not points on the scale.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import NoReturn, cast

import pandas as pd

from ..errors import CodebookError
from .names import elide

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
    aliases : mapping of str to str, optional
        Other spellings of a level (alias -> level), matched after
        :func:`normalise_label` like the levels themselves.
    missing_values : sequence of str
        Tokens that mean no answer (``"NA"``, ``"N/A"``, ``"-99"``): counted as
        the first non-substantive level.
    source : str, optional
        The file the scale was declared in, named by errors.

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
    source: str | None = field(default=None, compare=False, repr=False)
    aliases: Mapping[str, str] = field(default_factory=dict)
    missing_values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for key in ("levels", "missing", "missing_codes", "scores", "missing_values"):
            value = getattr(self, key)
            if isinstance(value, str | bytes) or not isinstance(value, Iterable):
                self._fail(key, "must be a list, not a single value", value)
            object.__setattr__(self, key, tuple(value))
        if not isinstance(self.codes, Mapping):
            self._fail("codes", "must be a mapping of code to label", self.codes)
        object.__setattr__(self, "codes", dict(self.codes))
        if not isinstance(self.aliases, Mapping):
            self._fail("aliases", "must be a table of spelling = level", self.aliases)
        object.__setattr__(self, "aliases", dict(self.aliases))
        scores = self.scores or tuple(float(len(self.levels) - i) for i in range(len(self.levels)))
        object.__setattr__(self, "scores", scores)
        if isinstance(self.centre, list):
            object.__setattr__(self, "centre", tuple(self.centre))
        self._check_types()
        self._validate()

    def _fail(self, key: str, message: str, value: object = None) -> NoReturn:
        """Raise the error of one key of this scale (``scales.NAME.key``)."""
        shown = None if value is None else elide(value if isinstance(value, str) else repr(value))
        raise CodebookError(
            f"scale {elide(self.name, 40)!r}: {key} {message}",
            file=self.source,
            column=f"scales.{self.name}.{key}",
            value=shown,
        )

    def _check_types(self) -> None:
        """Every label a non-blank string, every score a finite number, codes whole numbers."""
        for key in ("levels", "missing"):
            for label in getattr(self, key):
                if not isinstance(label, str):
                    self._fail(key, "must hold strings only", label)
                if not normalise_label(label):
                    self._fail(key, "must not hold an empty or blank label", label)
        for score in self.scores:
            if isinstance(score, bool) or not isinstance(score, Real) or not math.isfinite(score):
                self._fail("scores", "must hold finite numbers only", score)
        for key, codes in (("codes", list(self.codes)), ("missing_codes", self.missing_codes)):
            for code in codes:
                if isinstance(code, bool) or not isinstance(code, Integral):
                    self._fail(key, "must hold whole numbers only", code)
        if len(set(self.missing_codes)) != len(self.missing_codes):
            self._fail("missing_codes", "must not repeat a code", list(self.missing_codes))
        centre = self.centre
        if not (centre is None or isinstance(centre, str)) and not (
            isinstance(centre, tuple) and all(isinstance(c, str) for c in centre)
        ):
            self._fail("centre", "must be one level or a list of two levels", centre)

    def _validate(self) -> None:
        if len(self.levels) < 2:
            self._fail("levels", "needs at least two levels", list(self.levels))
        if len(self.scores) != len(self.levels):
            self._fail(
                "scores",
                f"has {len(self.scores)} scores for {len(self.levels)} levels",
                list(self.scores),
            )
        seen: dict[str, str] = {}
        for label in self.categories:
            key = normalise_label(label)
            if key in seen:
                self._fail(
                    "levels" if label in self.levels else "missing",
                    f"has duplicate label {label!r} (same as {seen[key]!r})",
                    label,
                )
            seen[key] = label
        if any(a <= b for a, b in zip(self.scores[:-1], self.scores[1:], strict=True)):
            self._fail(
                "scores",
                "must decrease strictly, because levels are listed from most positive "
                "to most negative",
                list(self.scores),
            )
        self._validate_centre()
        for code, label in self.codes.items():
            if label not in self.categories:
                self._fail("codes", f"code {code} maps to unknown label {label!r}", label)
        self._validate_spellings(seen)

    def _validate_spellings(self, seen: dict[str, str]) -> None:
        """Aliases name a level; aliases and missing values clash with no other label."""
        if self.missing_values and not self.missing:
            self._fail(
                "missing_values",
                "needs a non-substantive level to count them in (missing is empty)",
                list(self.missing_values),
            )
        taken = {key: normalise_label(label) for key, label in seen.items()}
        spellings = [(a, target, "aliases") for a, target in self.aliases.items()]
        if self.missing:
            spellings += [(v, self.missing[0], "missing_values") for v in self.missing_values]
        for spelling, target, key in spellings:
            if not isinstance(spelling, str) or not normalise_label(spelling):
                self._fail(key, "must not hold an empty or blank spelling", spelling)
            if target not in self.categories:
                self._fail(key, f"{spelling!r} names {target!r}, which is not a level", target)
            norm = normalise_label(spelling)
            if norm in taken and taken[norm] != normalise_label(target):
                self._fail(key, f"{spelling!r} is already a spelling of another level", spelling)
            taken[norm] = normalise_label(target)

    def _validate_centre(self) -> None:
        k = len(self.levels)
        centre = self.centre
        if isinstance(centre, str):
            if centre not in self.levels:
                self._fail("centre", f"{centre!r} is not one of its levels", centre)
            if k % 2 == 0 or self.levels.index(centre) != k // 2:
                self._fail(
                    "centre",
                    f"{centre!r} must be the middle level of an odd scale "
                    "(name the two middle levels of an even scale instead)",
                    centre,
                )
        if isinstance(centre, tuple):
            if len(centre) != 2 or any(c not in self.levels for c in centre):
                self._fail("centre", f"{centre!r} must name two adjacent levels", list(centre))
            if k % 2 or sorted(self.levels.index(c) for c in centre) != [k // 2 - 1, k // 2]:
                self._fail(
                    "centre",
                    f"{centre!r} must name the two middle levels of an even scale",
                    list(centre),
                )

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
        """Map normalised labels, aliases and missing values to canonical labels.

        See :func:`normalise_label`.

        Examples
        --------
        >>> s = Scale("yn", ["Yes", "No"], aliases={"Y": "Yes"}, missing_values=["NA"])
        >>> s.lookup()["y"], s.lookup()["na"]
        ('Yes', 'Not specified')
        """
        found = {normalise_label(a): c for a, c in self.aliases.items()}
        if self.missing:
            found.update({normalise_label(v): self.missing[0] for v in self.missing_values})
        found.update({normalise_label(c): c for c in self.categories})
        return found

    @classmethod
    def from_dict(cls, name: str, spec: Mapping[str, object], source: str | None = None) -> Scale:
        """Build a scale from a codebook table (see ``docs/codebook.md``).

        The table is expected to follow the codebook schema
        (:data:`~lscb_survey.data.codebook_schema.CODEBOOK_SCHEMA`); the keys of
        ``codes`` are whole numbers written as text, and two of them that are
        the same number (``"1"`` and ``"01"``) are an error.
        """
        known = {"levels", "scores", "centre", "missing", "codes", "missing_codes"}
        known |= {"aliases", "missing_values"}
        where = f"scale {elide(name, 40)!r}"
        extra = set(spec) - known
        if extra:
            raise CodebookError(
                f"{where} has unknown keys {sorted(extra)}", file=source, column=f"scales.{name}"
            )
        if "levels" not in spec:
            raise CodebookError(f"{where} has no 'levels'", file=source, column=f"scales.{name}")
        codes_spec = spec.get("codes", {})
        if not isinstance(codes_spec, Mapping):
            raise CodebookError(
                f"{where}: 'codes' must be a table of code = label",
                file=source,
                column=f"scales.{name}.codes",
            )
        codes: dict[int, str] = {}
        written: dict[int, object] = {}
        for key, label in codes_spec.items():
            code = _code(key)
            if code is None or code in codes:
                problem = (
                    "is not a whole number written with the digits 0-9"
                    if code is None
                    else f"is the same code as {written[code]!r}"
                )
                raise CodebookError(
                    f"{where}: code {elide(key, 40)!r} {problem}",
                    file=source,
                    column=f"scales.{name}.codes",
                    value=elide(key),
                )
            codes[code], written[code] = cast(str, label), key
        return cls(
            name=name,
            levels=cast("tuple[str, ...]", spec["levels"]),
            scores=cast("tuple[float, ...]", spec.get("scores", ())),
            centre=cast("str | tuple[str, str] | None", spec.get("centre")),
            missing=cast("tuple[str, ...]", spec.get("missing", ("Not specified",))),
            codes=codes,
            missing_codes=cast("tuple[int, ...]", spec.get("missing_codes", ())),
            source=source,
            aliases=cast("dict[str, str]", spec.get("aliases", {})),
            missing_values=cast("tuple[str, ...]", spec.get("missing_values", ())),
        )


_CODE = re.compile(r"[+-]?[0-9]+")


def _code(key: object) -> int | None:
    """A code written as text (ASCII digits only) or as an integer, else None."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        return key
    if isinstance(key, str) and _CODE.fullmatch(key):
        return int(key)
    return None


def scale_for_labels(scales: Sequence[Scale], labels: Sequence[str]) -> Scale | None:
    """Return the first scale whose categories include every label, if any."""
    for scale in scales:
        if set(labels) <= set(scale.categories):
            return scale
    return None
