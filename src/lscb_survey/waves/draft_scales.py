"""Scales for a drafted codebook: the answers of a column matched to a known scale, or a new one.

A column's answers are matched to the known scales (the built-in 2012 scales,
a few common ones and any the analyst gives) after label normalisation and
each scale's aliases; the smallest scale that holds every answer wins. Answers
no known scale holds make a new scale, its levels in value-label order, in
numeric order for numbers, else in the order the file first gives them; such a
scale is flagged for the analyst to check. :class:`ScaleBook` keeps the scales
of one draft, so that columns with the same answers share one scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..data.codebook import default_codebook
from ..data.names import slugify
from ..data.scales import Scale, normalise_label
from ..errors import CodebookError
from .cells import as_code

__all__ = [
    "NA_TOKENS",
    "NON_SUBSTANTIVE",
    "DraftScale",
    "ScaleBook",
    "is_na_token",
    "known_scales",
    "read_scales_file",
]

#: Cell texts pandas reads as missing by default (``read_csv``'s ``na_values``).
NA_TOKENS = frozenset(
    {"#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN"}
    | {"<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
)

#: Answers that are not points of a scale (normalised): kept and counted as missing levels.
NON_SUBSTANTIVE = frozenset(
    normalise_label(t)
    for t in (
        "Don't know", "Do not know", "Not sure", "Unsure", "Can't say", "Cannot say",
        "Not applicable", "Not specified", "Prefer not to say", "Prefer not to answer",
        "Refused", "No answer", "No opinion", "Don't know / can't say", "Not answered",
    )
)  # fmt: skip

_COMMON: dict[str, tuple[list[str], list[str]]] = {
    "yes_no": (["Yes", "No"], []),
    "agree5_or": (
        ["Strongly agree", "Agree", "Neither agree or disagree", "Disagree", "Strongly disagree"],
        [],
    ),
    "satisfied5": (
        [
            "Very satisfied",
            "Satisfied",
            "Neither satisfied nor dissatisfied",
            "Dissatisfied",
            "Very dissatisfied",
        ],
        [],
    ),
    "likely5": (
        ["Very likely", "Likely", "Neither likely nor unlikely", "Unlikely", "Very unlikely"],
        [],
    ),
}


def known_scales() -> list[Scale]:
    """The built-in 2012 scales and a few common ones, in that order.

    Examples
    --------
    >>> [s.name for s in known_scales()][:2]
    ['agree5', 'positive5']
    """
    common = [
        Scale(name, tuple(levels), missing=("Not specified", *extra))
        for name, (levels, extra) in _COMMON.items()
    ]
    return [*default_codebook().scales.values(), *common]


def read_scales_file(path: str | Path) -> list[Scale]:
    """The ``[scales.NAME]`` tables of a TOML file (a codebook or a file of scales only)."""
    import tomllib

    path = Path(path)
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CodebookError("scales file not found", file=path) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CodebookError(f"scales file is not valid TOML: {exc}", file=path) from None
    scales = spec.get("scales")
    if not isinstance(scales, Mapping) or not scales:
        raise CodebookError("the file has no [scales.NAME] tables", file=path, column="scales")
    return [Scale.from_dict(name, s, str(path)) for name, s in scales.items()]


@dataclass
class DraftScale:
    """A scale of the draft: where it came from, and whether the analyst should check it."""

    name: str
    levels: list[str]
    missing: list[str]
    codes: dict[int, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    missing_values: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    centre: str | tuple[str, str] | None = None
    known: str | None = None  # the known scale it copies
    check: str | None = None  # why the analyst should check it

    def keys(self) -> set[str]:
        """Every normalised spelling the scale accepts."""
        found = {normalise_label(x) for x in [*self.levels, *self.missing, *self.aliases]}
        return found | {normalise_label(v) for v in self.missing_values}


def _order(values: Sequence[str]) -> list[str]:
    """Numbers in numeric order, anything else as given."""
    if values and all(as_code(v) is not None for v in values):
        return sorted(values, key=lambda v: as_code(v) or 0)
    return list(values)


class ScaleBook:
    """The scales of one draft, matched or made column by column."""

    def __init__(self, known: Sequence[Scale]) -> None:
        self.known = list(known)
        self.scales: dict[str, DraftScale] = {}

    def _name(self, base: str) -> str:
        name = slugify(base, fallback="scale", max_length=40)
        k = 1
        while name in self.scales:
            k += 1
            name = f"{slugify(base, fallback='scale', max_length=36)}-{k}"
        return name

    def _from_known(self, scale: Scale, extra_missing: list[str]) -> DraftScale:
        for draft in self.scales.values():
            if draft.known == scale.name and all(
                normalise_label(m) in draft.keys() for m in extra_missing
            ):
                return draft
        draft = DraftScale(
            self._name(scale.name if not extra_missing else f"{scale.name}-dk"),
            list(scale.levels),
            [*scale.missing, *extra_missing] or ["Not specified"],
            codes=dict(scale.codes),
            aliases=dict(scale.aliases),
            missing_values=list(scale.missing_values),
            scores=list(scale.scores),
            centre=scale.centre,
            known=scale.name,
        )
        self.scales[draft.name] = draft
        return draft

    def match(
        self, answers: Sequence[str], na_tokens: Sequence[str], base: str
    ) -> DraftScale | None:
        """The scale of a column with these distinct answers (``None``: fewer than two levels)."""
        keys = [normalise_label(a) for a in answers]
        substantive = [a for a, k in zip(answers, keys, strict=True) if k not in NON_SUBSTANTIVE]
        extra = [a for a, k in zip(answers, keys, strict=True) if k in NON_SUBSTANTIVE]
        fits: list[tuple[int, int, Scale]] = []
        for scale in self.known:
            lookup = scale.lookup()
            inside = [k for k in keys if k in lookup]
            if inside and all(k in lookup or k in NON_SUBSTANTIVE for k in keys):
                fits.append((len(scale.categories), len(fits), scale))
        draft: DraftScale | None = None
        if fits:
            scale = min(fits)[2]
            lookup = scale.lookup()
            draft = self._from_known(scale, [a for a in extra if normalise_label(a) not in lookup])
        else:
            draft = self._new(substantive, extra, base)
        if draft is not None:
            for token in na_tokens:
                if normalise_label(token) not in draft.keys():
                    draft.missing_values.append(token)
        return draft

    def _new(self, substantive: list[str], extra: list[str], base: str) -> DraftScale | None:
        """A new scale, or an earlier new one whose answers hold these (or are held by them)."""
        keys = {normalise_label(a) for a in substantive}
        for draft in self.scales.values():
            if draft.known is not None or draft.codes:
                continue
            have = {normalise_label(x) for x in draft.levels}
            if keys <= have or (have <= keys and len(have) * 2 >= len(keys)):
                draft.levels += [a for a in substantive if normalise_label(a) not in have]
                draft.levels = _order(draft.levels)
                draft.missing += [m for m in extra if normalise_label(m) not in draft.keys()]
                return draft
        if len(substantive) < 2:
            return None
        draft = DraftScale(
            self._name(base),
            _order(substantive),
            ["Not specified", *[m for m in extra if normalise_label(m) != "not specified"]],
            check="levels in the file's order",
        )
        self.scales[draft.name] = draft
        return draft

    def labelled(
        self, labels: Mapping[object, str], present: Sequence[object], base: str
    ) -> DraftScale | None:
        """A new scale from value labels (SPSS, Stata, a REDCap dictionary), codes included."""
        codes: dict[int, str] = {}
        blank: set[int | None] = set()
        for value, label in sorted(labels.items(), key=lambda p: _sort_key(p[0])):
            code = (
                as_code(str(value))
                if not isinstance(value, float)
                else (int(value) if value.is_integer() else None)
            )
            blank.add(code)  # a blank label makes the answer blank when the file is read
            if code is not None and " ".join(str(label).split()):
                codes[code] = " ".join(str(label).split())  # codes may share a label
                blank.discard(code)
        for value in present:  # values the labels do not name
            code = as_code(str(value))
            if code is not None and code not in codes and code not in blank:
                codes[code] = str(code)
        spelling: dict[str, str] = {}
        for c in sorted(codes):
            codes[c] = spelling.setdefault(normalise_label(codes[c]), codes[c])
        ordered = list(spelling.values())
        substantive = [x for x in ordered if normalise_label(x) not in NON_SUBSTANTIVE]
        extra = [x for x in ordered if normalise_label(x) in NON_SUBSTANTIVE]
        if len(substantive) < 2:
            return None
        for draft in self.scales.values():
            if draft.codes == codes:
                return draft
        draft = DraftScale(
            self._name(base),
            substantive,
            ["Not specified", *[m for m in extra if normalise_label(m) != "not specified"]],
            codes=codes,
            check="levels in value-label order",
        )
        self.scales[draft.name] = draft
        return draft


def _sort_key(value: object) -> tuple[int, float, str]:
    code = as_code(str(value)) if not isinstance(value, float) else None
    if isinstance(value, float):
        return (0, value, "")
    return (0, float(code), "") if code is not None else (1, 0.0, str(value))


def is_na_token(text: str) -> bool:
    """Whether a cell's text is one pandas reads as missing."""
    return text.strip() in NA_TOKENS
