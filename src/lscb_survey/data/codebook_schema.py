"""The declared schema of a codebook file, and its check at load time.

:data:`CODEBOOK_SCHEMA` is a JSON Schema (draft 2020-12) of a parsed codebook
TOML file: which tables and keys exist and the type of every value. It is
checked with the ``jsonschema`` package by :func:`validate_codebook_spec`
before anything is built, so a wrongly typed value is reported with its key
path instead of failing later. Two refinements of JSON Schema apply: an
``integer`` is a TOML integer (``5.0`` and ``true`` are not), and the format
``safe-name`` (scale names, item ids, attribute ids, which end up in file
names) is :func:`~lscb_survey.data.names.is_safe_name`.

Rules that relate values to each other (labels distinct after normalisation,
a centre among the levels, codes distinct as integers, every item's scale
declared) are checked when the scales and items are built
(:class:`~lscb_survey.data.scales.Scale`,
:class:`~lscb_survey.data.codebook.Codebook`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import CodebookError
from ..survey import LIKERT_TABLES
from .names import SAFE_NAME_RULE, elide, is_safe_name
from .nesting import MAX_NESTING, nesting_depth

if TYPE_CHECKING:  # pragma: no cover
    from jsonschema.exceptions import ValidationError

__all__ = [
    "CODEBOOK_SCHEMA",
    "LAYOUT_NAMES",
    "key_path",
    "schema_checksum",
    "validate_codebook_spec",
]

_TEXT = {"type": "string", "pattern": r"\S", "description": "must be a non-blank string"}
_LABELS = {
    "type": "array",
    "items": {"type": "string", "description": "must be a string"},
    "description": "must be a list of strings",
}
_NAME = {
    "type": "string",
    "format": "safe-name",
    "description": f"must be a safe name: {SAFE_NAME_RULE}",
}

_SCALE = {
    "type": "object",
    "description": "must be a table of levels, scores, centre, missing, codes, missing_codes, "
    "aliases, missing_values",
    "required": ["levels"],
    "additionalProperties": False,
    "properties": {
        "levels": {
            **_LABELS,
            "minItems": 2,
            "description": "must be a list of at least two labels",
        },
        "scores": {
            "type": "array",
            "items": {"type": "number", "description": "must be a number"},
            "description": "must be a list of numbers",
        },
        "centre": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
            ],
            "description": "must be one level (a string) or the two middle levels (a list of two strings)",
        },
        "missing": _LABELS,
        "codes": {
            "type": "object",
            "propertyNames": {
                "pattern": r"^[+-]?[0-9]+\Z",
                "description": "must be a whole number written with the digits 0-9",
            },
            "additionalProperties": {"type": "string", "description": "must be a label (a string)"},
            "description": "must be a table of code = label",
        },
        "missing_codes": {
            "type": "array",
            "items": {"type": "integer", "description": "must be a whole number"},
            "uniqueItems": True,
            "description": "must be a list of distinct whole numbers",
        },
        "aliases": {
            "type": "object",
            "additionalProperties": {
                "type": "string",
                "description": "must be the level it spells (a string)",
            },
            "description": "must be a table of spelling = level",
        },
        "missing_values": {
            **_LABELS,
            "uniqueItems": True,
            "description": "must be a list of distinct strings meaning no answer",
        },
    },
}

_ITEM = {
    "type": "object",
    "description": "must be a table with id, label and scale",
    "required": ["id", "label"],
    "if": {"properties": {"kind": {"const": "multiple"}}, "required": ["kind"]},
    "then": {"required": ["options"]},
    "else": {"required": ["scale"]},
    "additionalProperties": False,
    "properties": {
        "kind": {
            "enum": ["single", "multiple"],
            "description": 'must be "single" (one answer on a scale) or "multiple" (multi-select)',
        },
        "not_asked": {
            "oneOf": [
                _TEXT,
                {**_LABELS, "minItems": 1},
                {
                    "type": "object",
                    "required": ["column", "values"],
                    "additionalProperties": False,
                    "properties": {"column": _TEXT, "values": {**_LABELS, "minItems": 1}},
                },
            ],
            "description": "must be a value, a list of values or a table "
            "{ column = ..., values = [...] }",
        },
        "options": {**_LABELS, "minItems": 1, "description": "must be a list of option labels"},
        "columns": {**_LABELS, "minItems": 1, "description": "must be a list of column names"},
        "delimiter": {"type": "string", "minLength": 1, "description": "must be a string"},
        "id": _NAME,
        "label": _TEXT,
        "scale": {"type": "string", "description": "must be the name of a scale (a string)"},
        "column": _TEXT,
        "table": {
            "type": "integer",
            "enum": list(LIKERT_TABLES),
            "description": "must be the number of a Likert table of the 2012 report: "
            + ", ".join(str(t) for t in LIKERT_TABLES),
        },
        "section": {"type": "string", "description": "must be a string"},
        "block": {"type": "string", "description": "must be a string"},
        "short": {"type": "string", "description": "must be a string"},
    },
}

_ATTRIBUTE = {
    "type": "object",
    "description": "must be a table of column, label, levels, ordered, missing_values",
    "required": ["label"],
    "additionalProperties": False,
    "properties": {
        "column": _TEXT,
        "label": {"type": "string", "description": "must be a string"},
        "levels": _LABELS,
        "ordered": {"type": "boolean", "description": "must be true or false"},
        "missing_values": {
            **_LABELS,
            "description": "must be a list of strings meaning no answer",
        },
    },
}

#: Names of the layouts a ``[layout]`` table may give as ``platform``.
LAYOUT_NAMES = (
    "plain",
    "qualtrics",
    "qualtrics-legacy",
    "surveymonkey",
    "google-forms",
    "microsoft-forms",
    "redcap",
    "limesurvey",
    "spss",
    "stata",
)

_LAYOUT = {
    "type": "object",
    "description": "must be a table of platform, header_row, header_rows, encoding, sheet, "
    "metadata, complete_only",
    "additionalProperties": False,
    "properties": {
        "platform": {
            "enum": list(LAYOUT_NAMES),
            "description": "must be one of " + ", ".join(LAYOUT_NAMES),
        },
        "header_row": {
            "type": "integer",
            "minimum": 1,
            "description": "must be the 1-based row of the header (a whole number from 1)",
        },
        "header_rows": {
            "type": "integer",
            "minimum": 1,
            "maximum": 3,
            "description": "must be the number of header rows, 1 to 3",
        },
        "encoding": _TEXT,
        "sheet": {
            "oneOf": [{"type": "string"}, {"type": "integer", "minimum": 0}],
            "description": "must be a worksheet's name or 0-based position",
        },
        "metadata": {**_LABELS, "description": "must be a list of column names"},
        "complete_only": {"type": "boolean", "description": "must be true or false"},
    },
}

#: JSON Schema (draft 2020-12) of a parsed codebook file (``docs/codebook.md``).
CODEBOOK_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "lscb-survey codebook",
    "type": "object",
    "required": ["scales", "items"],
    "additionalProperties": False,
    "properties": {
        "codebook": {
            "type": "object",
            "description": "must be a table of name, id_column, weight_column",
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "description": "must be a string"},
                "id_column": _TEXT,
                "weight_column": _TEXT,
            },
        },
        "scales": {
            "type": "object",
            "minProperties": 1,
            "description": "must hold at least one [scales.NAME] table",
            "propertyNames": _NAME,
            "additionalProperties": _SCALE,
        },
        "items": {
            "type": "array",
            "minItems": 1,
            "description": "must hold at least one [[items]] entry",
            "items": _ITEM,
        },
        "layout": _LAYOUT,
        "attributes": {
            "type": "object",
            "description": "must hold [attributes.ID] tables",
            "propertyNames": _NAME,
            "additionalProperties": _ATTRIBUTE,
        },
    },
}


def _is_integer(_checker: object, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _checker() -> Any:
    """The schema's validator, built on first use (importing ``jsonschema`` takes a while)."""
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.validators import extend

    formats = FormatChecker(formats=())
    formats.checks("safe-name")(is_safe_name)
    return extend(
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    )(CODEBOOK_SCHEMA, format_checker=formats)


@cache
def schema_checksum() -> str:
    """SHA-256 of what decides whether a codebook passes :func:`validate_codebook_spec`.

    That is :data:`CODEBOOK_SCHEMA` (as canonical JSON) and the source of the
    modules holding its refinements (this one, and the safe-name rule of
    :mod:`lscb_survey.data.names`); a change to any of them changes the checksum.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> len(schema_checksum())
    64
    """
    from . import names

    digest = hashlib.sha256(json.dumps(CODEBOOK_SCHEMA, sort_keys=True).encode("utf-8"))
    for module in (__file__, names.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


_SECTIONS = {"scales": "[scales.NAME] tables", "items": "[[items]] entries"}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def key_path(parts: Iterable[object]) -> str:
    """The TOML key path of a value, e.g. ``scales.agree5.levels`` or ``items[2].table``.

    Parameters
    ----------
    parts : iterable of str or int
        Keys of tables (quoted when they are not bare TOML keys; long keys are
        elided) and 0-based positions in arrays.

    Returns
    -------
    str

    Examples
    --------
    >>> key_path(["items", 2, "table"])
    'items[2].table'
    >>> key_path(["scales", "a b", "codes"])
    'scales."a b".codes'
    """
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
            continue
        key = str(part)
        key = key if _BARE_KEY.fullmatch(key) else '"' + elide(key, 40).replace('"', '\\"') + '"'
        text += f".{key}" if text else key
    return text or "(top level)"


def _problem(error: ValidationError) -> tuple[str, str, object]:
    """(key path, what is wrong, the value) of one schema violation."""
    parts: list[object] = list(error.absolute_path)
    instance = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "additionalProperties" and isinstance(instance, Mapping):
        known = set(schema.get("properties", {}))
        unknown = [k for k in instance if k not in known]
        return key_path(parts), f"has unknown keys {[elide(k, 40) for k in unknown]}", None
    if error.validator == "required" and isinstance(instance, Mapping):
        absent = [k for k in schema.get("required", []) if k not in instance]
        if not parts:  # the file itself
            return absent[0], f"is missing: the file has no {_SECTIONS[absent[0]]}", None
        named = [f"{'an' if k[0] in 'aeiou' else 'a'} {k}" for k in absent]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        return key_path(parts), f"lacks {listed}", None
    if "propertyNames" in error.schema_path:
        parts.append(instance)  # the offending key itself
        return key_path(parts), f"key {schema.get('description', 'is not allowed')}", instance
    what = schema.get("description") or error.message
    if error.validator == "uniqueItems":
        what = "must not repeat a value"
    return key_path(parts), what, instance


def _shown(value: object) -> object:
    """The value as a message shows it: a table is left out, long values are elided."""
    if value is None or isinstance(value, Mapping):
        return None
    if isinstance(value, str):
        return elide(value, 80)
    text = repr(value)
    return value if len(text) <= 80 else elide(text, 80)


def validate_codebook_spec(spec: object, source: str = "<memory>") -> None:
    """Check a parsed codebook against :data:`CODEBOOK_SCHEMA`.

    Parameters
    ----------
    spec : object
        The parsed TOML (a mapping).
    source : str, default "<memory>"
        Where the codebook came from, for messages.

    Raises
    ------
    CodebookError
        Naming the file, the key path of the first violation (as ``column``)
        and its value (elided when long), and listing every violation found.

    Examples
    --------
    >>> spec = {"scales": {"yn": {"levels": "Yes"}}, "items": [{"id": "q", "label": "Q", "scale": "yn"}]}
    >>> try:
    ...     validate_codebook_spec(spec, "demo.toml")
    ... except CodebookError as exc:
    ...     print(exc.file, exc.column, exc.value)
    demo.toml scales.yn.levels Yes
    """
    if nesting_depth(spec) > MAX_NESTING:
        raise CodebookError(
            f"codebook nests arrays or tables more than {MAX_NESTING} deep", file=source
        )
    errors = sorted(_checker().iter_errors(spec), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    # one subschema may fail several ways (type, format, enum) with one description
    found = {(p, w): (p, w, v) for p, w, v in map(_problem, errors)}
    problems = list(found.values())
    path, what, value = problems[0]
    listed = [
        f"{p}: {w}" + ("" if _shown(v) is None else f" (value {_shown(v)!r})")
        for p, w, v in problems
    ]
    raise CodebookError(
        f"codebook: {path} {what}",
        file=source,
        column=path,
        value=_shown(value),
        problems=listed if len(listed) > 1 else None,
    )
