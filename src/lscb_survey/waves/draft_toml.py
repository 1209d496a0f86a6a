"""Writing a drafted codebook as TOML text, the same bytes for the same plan.

The values are written by hand (no TOML writer is needed): strings as TOML
basic strings with every control character escaped, keys bare when they can
be and quoted otherwise. :func:`render` lays out one :class:`Plan`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .draft_scales import DraftScale

__all__ = ["Entry", "Plan", "render", "toml_key", "toml_string"]

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_string(text: str) -> str:
    """A TOML basic string holding ``text`` exactly.

    Examples
    --------
    >>> toml_string('He said "no"\\n')
    '"He said \\\\"no\\\\"\\\\n"'
    """
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    """A TOML key: bare when it can be, else a quoted string.

    Examples
    --------
    >>> toml_key("agree5"), toml_key("a b")
    ('agree5', '"a b"')
    """
    return key if _BARE.match(key) else toml_string(key)


def _array(values: Sequence[object]) -> str:
    parts = [toml_string(v) if isinstance(v, str) else _number(v) for v in values]
    text = "[" + ", ".join(parts) + "]"
    if len(text) <= 96:
        return text
    return "[\n" + "".join(f"  {p},\n" for p in parts) + "]"


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _table(mapping: Mapping[str, str]) -> str:
    return "{ " + ", ".join(f"{toml_key(k)} = {toml_string(v)}" for k, v in mapping.items()) + " }"


@dataclass
class Entry:
    """One ``[[items]]`` entry: its keys in the order written, and a comment above it."""

    keys: dict[str, object]
    comment: str | None = None


@dataclass
class Plan:
    """Everything a drafted codebook says."""

    name: str
    header: list[str]
    layout: dict[str, object]
    id_column: str | None = None
    weight_column: str | None = None
    attributes: list[tuple[str, str, str, list[str]]] = field(default_factory=list)
    scales: list[DraftScale] = field(default_factory=list)
    items: list[Entry] = field(default_factory=list)
    unread: dict[str, list[str]] = field(default_factory=dict)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, Mapping):
        return _table({str(k): str(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return _array(list(value))
    return _number(value)


def _scale_lines(scale: DraftScale) -> list[str]:
    lines = []
    if scale.check:
        lines.append(f"# check: a new scale, {scale.check}; put the most positive level first")
    if scale.known:
        lines.append(f"# the known scale {scale.known!r}")
    lines.append(f"[scales.{toml_key(scale.name)}]")
    lines.append(f"levels = {_array(scale.levels)}")
    if scale.scores:
        lines.append(f"scores = {_array(scale.scores)}")
    if isinstance(scale.centre, str):
        lines.append(f"centre = {toml_string(scale.centre)}")
    elif scale.centre is not None:
        lines.append(f"centre = {_array(list(scale.centre))}")
    lines.append(f"missing = {_array(scale.missing)}")
    if scale.codes:
        lines.append(f"codes = {_table({str(c): lab for c, lab in sorted(scale.codes.items())})}")
    if scale.aliases:
        lines.append(f"aliases = {_table(scale.aliases)}")
    if scale.missing_values:
        lines.append(f"missing_values = {_array(scale.missing_values)}")
    return lines


def render(plan: Plan) -> str:
    """The codebook of ``plan`` as TOML text."""
    lines = [f"# {line}" if line else "#" for line in plan.header]
    lines += ["", "[codebook]", f"name = {toml_string(plan.name)}"]
    if plan.id_column:
        lines.append(f"id_column = {toml_string(plan.id_column)}")
    if plan.weight_column:
        lines.append(f"weight_column = {toml_string(plan.weight_column)}")
    lines += ["", "[layout]"]
    lines += [f"{key} = {_value(value)}" for key, value in plan.layout.items()]
    for what, columns in plan.unread.items():
        if columns:
            lines += ["", f"# Columns not read ({what}):"]
            lines += [f"#   {json.dumps(c, ensure_ascii=False)}" for c in columns]
    for attr_id, label, column, tokens in plan.attributes:
        lines += ["", f"[attributes.{toml_key(attr_id)}]", f"label = {toml_string(label)}"]
        lines.append(f"column = {toml_string(column)}")
        if tokens:
            lines.append(f"missing_values = {_array(tokens)}")
    for scale in plan.scales:
        lines += ["", *_scale_lines(scale)]
    for entry in plan.items:
        lines.append("")
        if entry.comment:
            lines.append(f"# {entry.comment}")
        lines.append("[[items]]")
        lines += [f"{key} = {_value(value)}" for key, value in entry.keys.items()]
    return "\n".join(lines) + "\n"
