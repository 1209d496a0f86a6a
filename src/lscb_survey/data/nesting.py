"""How deeply a codebook nests arrays and tables, checked before it is parsed or validated.

A TOML parser and a JSON Schema validator descend once per level of nesting, so a few
kilobytes of ``[[[[...`` would exhaust the interpreter's stack: the text is checked
before parsing (:func:`check_nesting`) and the parsed value before validation
(:func:`nesting_depth`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..errors import CodebookError

__all__ = ["MAX_NESTING", "check_nesting", "nesting_depth"]

#: Deepest nesting of arrays and tables a codebook may have (a valid one needs 4).
MAX_NESTING = 32

_TOML_OPENERS = frozenset("[{")
_TOML_CLOSERS = frozenset("]}")
# what the nesting check sees: strings and comments (skipped whole), brackets, line breaks;
# an unterminated string ends at its line (the parser then reports it)
_TOML_TOKENS = re.compile(
    r'"{3}(?:\\.|[^\\])*?(?:"{3}|\Z)'
    r"|'{3}[\s\S]*?(?:'{3}|\Z)"
    r'|"(?:\\.|[^"\\\n])*"?'
    r"|'[^'\n]*'?"
    r"|#[^\n]*"
    r"|[\[\]{}\n]"
)


def check_nesting(text: str, source: str = "<memory>") -> None:
    """Refuse TOML text whose brackets nest more than :data:`MAX_NESTING` deep.

    Run before the text is parsed: a parser descends once per bracket, so a
    few kilobytes of ``[[[[...`` would exhaust the interpreter's stack.
    Brackets inside strings and comments are not counted.

    Raises
    ------
    CodebookError
        Naming the line where the nesting passes the limit.

    Examples
    --------
    >>> check_nesting("a = [[1], [2]]")
    >>> try:
    ...     check_nesting("a = " + "[" * 100)
    ... except CodebookError as exc:
    ...     print(exc.line)
    1
    """
    depth, line = 0, 1
    for token in _TOML_TOKENS.finditer(text):
        part = token.group()
        char = part[0]
        if char in _TOML_OPENERS:
            depth += 1
            if depth > MAX_NESTING:
                raise CodebookError(
                    f"codebook nests arrays or tables more than {MAX_NESTING} deep",
                    file=source,
                    line=line,
                )
        elif char in _TOML_CLOSERS:
            depth = max(0, depth - 1)
        else:  # a line break, or a string or comment (which may span lines)
            line += part.count("\n")


def nesting_depth(value: object) -> int:
    """How deeply lists and mappings nest in ``value`` (0 for a scalar), found without recursion.

    Examples
    --------
    >>> nesting_depth({"a": [[1]]})
    3
    """
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, Mapping):
            children: Iterable[object] = node.values()
        elif isinstance(node, list | tuple):
            children = node
        else:
            continue
        deepest = max(deepest, depth + 1)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest
