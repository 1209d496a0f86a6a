"""What a drafted codebook makes of each column: facts about its values, and the groups
of columns that are one multi-select question.

:func:`column_facts` summarises a column's values (distinct answers, blanks,
missing-value tokens); :func:`option_groups` finds the checkbox questions
exported one column per option (Qualtrics ``Q5_1, Q5_2``, SurveyMonkey
sub-headers, REDCap ``field___code``); :func:`delimited_options` recognises a
checkbox question written in one column (Google Forms ``", "``, Microsoft Forms
``";"``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..data.questions import UNCHOSEN
from ..data.scales import normalise_label
from .cells import as_code, text_of
from .draft_scales import NA_TOKENS
from .layouts import LaidOut
from .redcap import Field

__all__ = ["Facts", "column_facts", "delimited_options", "option_groups"]

_QUALTRICS_OPTION = re.compile(r"^(.+)_(\d+)$")
_REDCAP_OPTION = re.compile(r"^(.+)___(.+)$")
_CHOICE = re.compile(r"\(choice=(.+)\)\s*$")
_SUB_RESPONSES = {"", "response", "open-ended response"}
_TICKS = {"1", "checked"}


@dataclass
class Facts:
    """A column's values as a draft sees them."""

    answers: list[str] = field(
        default_factory=list
    )  # distinct (normalised) non-blank, first spelling
    na_tokens: list[str] = field(default_factory=list)  # pandas' missing-value texts found
    blanks: int = 0
    cells: list[str] = field(default_factory=list)  # every non-blank cell's text
    raw: list[object] = field(default_factory=list)  # distinct raw non-blank values

    @property
    def distinct(self) -> int:
        return len(self.answers)

    @property
    def numeric(self) -> bool:
        return bool(self.answers) and all(as_code(a) is not None for a in self.answers)


def column_facts(values: pd.Series) -> Facts:
    """The distinct answers of a column, its blanks and its missing-value tokens."""
    facts = Facts()
    seen: set[str] = set()
    raw_seen: set[object] = set()
    for value in values.tolist():
        text = " ".join((text_of(value) or "").split())
        if not text:
            facts.blanks += 1
            continue
        if text in NA_TOKENS:
            if text not in facts.na_tokens:
                facts.na_tokens.append(text)
            continue
        facts.cells.append(text)
        key = normalise_label(text)
        if key not in seen:
            seen.add(key)
            facts.answers.append(text)
        try:
            if value not in raw_seen:
                raw_seen.add(value)
                facts.raw.append(value)
        except TypeError:
            pass
    return facts


def _checkbox(facts: Facts, option: str) -> bool:
    """Whether a column holds only its option's text (or a tick) and blanks."""
    keys = {normalise_label(a) for a in facts.answers}
    if not keys:
        return True
    if keys <= _TICKS | UNCHOSEN:
        return True
    return len(keys) == 1 and keys == {normalise_label(option)}


def _after_dash(text: str) -> str:
    return text.rsplit(" - ", 1)[1].strip() if " - " in text else ""


def _runs(names: Sequence[str], key) -> list[list[str]]:
    """Consecutive columns sharing a key (``None``: no group)."""
    runs: list[list[str]] = []
    last = None
    for name in names:
        k = key(name)
        if k is not None and k == last:
            runs[-1].append(name)
        else:
            runs.append([name])
        last = k
    return [r for r in runs if len(r) >= 2 and key(r[0]) is not None]


def option_groups(
    laid: LaidOut, facts: Mapping[str, Facts], fields: Mapping[str, Field]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Checkbox questions exported one column per option: ``(question, [(column, option)])``."""
    names = [n for n in laid.frame.columns if n not in laid.metadata]
    found = []
    if laid.layout in ("qualtrics", "qualtrics-legacy", "plain", "spss", "stata"):
        for run in _runs(names, lambda n: _m(_QUALTRICS_OPTION, n)):
            options = []
            for n in run:
                value = facts[n].answers[0] if facts[n].answers else ""
                said = _after_dash(laid.questions.get(n, ""))
                text = value if value and as_code(value) is None else ""
                options.append((n, said or text or n))
            some_blank = any(facts[n].blanks for n in run)
            if (
                some_blank
                and all(_checkbox(facts[n], o) for n, o in options)
                and _distinct(options)
            ):
                question = laid.questions.get(run[0], run[0]).rsplit(" - ", 1)[0]
                found.append((question, options))
    elif laid.layout == "surveymonkey":
        for run in _runs(names, lambda n: laid.questions.get(n) if _sub(laid, n) else None):
            options = [(n, laid.subs.get(n, n)) for n in run]
            options = [
                (n, o) for n, o in options if _checkbox(facts[n], o) or facts[n].distinct < 2
            ]
            normal = [(n, o) for n, o in options if not normalise_label(o).startswith("other")]
            if normal and all(_checkbox(facts[n], o) for n, o in normal) and _distinct(options):
                found.append((laid.questions.get(run[0], run[0]), options))
    elif laid.layout == "redcap":
        for run in _runs(names, lambda n: _m(_REDCAP_OPTION, n)):
            stem = _m(_REDCAP_OPTION, run[0]) or run[0]
            choices = fields[stem].choices if stem in fields else {}
            options = [(n, _redcap_option(n, laid.questions.get(n, n), choices)) for n in run]
            if all(_checkbox(facts[n], "") for n in run) and _distinct(options):
                label = fields[stem].label if stem in fields else stem
                found.append((label, options))
        for run in _runs(names, _choice_stem):
            options = [(n, _redcap_option(n, n, {})) for n in run]
            if all(_checkbox(facts[n], "") for n in run) and _distinct(options):
                found.append((_CHOICE.sub("", run[0]).strip(), options))
    return found


def _choice_stem(name: str) -> str | None:
    """The question of a REDCap label export's checkbox column ``"Q (choice=X)"``."""
    match = _CHOICE.search(name)
    return name[: match.start()].strip() if match else None


def _m(pattern: re.Pattern[str], name: str) -> str | None:
    match = pattern.match(name)
    return match.group(1) if match else None


def _sub(laid: LaidOut, name: str) -> bool:
    return normalise_label(laid.subs.get(name, "")) not in _SUB_RESPONSES


def _distinct(options: Sequence[tuple[str, str]]) -> bool:
    keys = [normalise_label(o) for _, o in options]
    return all(keys) and len(set(keys)) == len(keys)


def _redcap_option(name: str, question: str, choices: Mapping[str, str]) -> str:
    code = name.rsplit("___", 1)[-1]
    if code in choices:
        return choices[code]
    match = _CHOICE.search(question)
    return match.group(1).strip() if match else code


def delimited_options(facts: Facts) -> tuple[str, list[str]] | None:
    """``(delimiter, options)`` of a checkbox question written in one column, or ``None``.

    A column is one when some option appears both first and later among the
    answers of different respondents, when there are more combinations than
    options, or (Microsoft Forms) when every answer ends with ``";"``.
    """
    cells = facts.cells
    if not cells:
        return None
    for delimiter, sep in ((";", ";"), (", ", ",")):
        split = [[p.strip() for p in c.split(sep) if p.strip()] for c in cells]
        if not any(len(p) >= 2 for p in split) and not (
            sep == ";" and all(c.endswith(";") for c in cells)
        ):
            continue
        first: set[str] = set()
        later: set[str] = set()
        options: dict[str, str] = {}
        for pieces in split:
            for k, piece in enumerate(pieces):
                key = normalise_label(piece)
                options.setdefault(key, piece)
                (first if k == 0 else later).add(key)
        combos = {tuple(normalise_label(p) for p in pieces) for pieces in split}
        if len(options) > 30:
            continue
        if (
            first & later
            or len(combos) > len(options)
            or (sep == ";" and all(c.endswith(";") for c in cells))
        ):
            return delimiter, list(options.values())
    return None
