"""Codebooks: which column is which item, and which scale each item uses.

A codebook is a TOML file (format in ``docs/codebook.md``). The 2012 instrument,
every item of Tables 5-10, ships as the built-in default (:func:`default_codebook`).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from numbers import Integral
from pathlib import Path
from typing import Any, cast

import pandas as pd

from .. import config
from ..errors import CodebookError
from ..survey import LIKERT_TABLES
from .attributes import Attribute, parse_attributes
from .codebook_schema import schema_checksum, validate_codebook_spec
from .inputs import regular_file
from .names import elide
from .nesting import MAX_NESTING, check_nesting
from .questions import MultipleChoice, NotAsked, parse_not_asked
from .scales import Scale

__all__ = ["Attribute", "Codebook", "Item", "default_codebook", "read_codebook"]


@dataclass(frozen=True)
class Item:
    """One question of an instrument."""

    id: str
    label: str
    scale: str
    table: int | None = None
    section: str | None = None
    block: str | None = None
    short: str | None = None
    column: str | None = None
    not_asked: NotAsked | None = None

    def __post_init__(self) -> None:
        table = self.table
        if table is not None and (
            isinstance(table, bool) or not isinstance(table, Integral) or table not in LIKERT_TABLES
        ):
            raise CodebookError(
                f"item {elide(str(self.id))!r}: table must be one of {list(LIKERT_TABLES)} "
                "(the Likert tables of the 2012 report) or left out",
                column="table",
                value=elide(repr(table)),
            )
        if table is not None:
            object.__setattr__(self, "table", int(table))

    @property
    def source_column(self) -> str:
        """Column name of this item in respondent-level files."""
        return self.column or self.id


@dataclass(frozen=True)
class Codebook:
    """Items and scales of a survey instrument.

    Attributes
    ----------
    name : str
    scales : dict of str to Scale
    items : tuple of Item, in questionnaire order
    id_column : str or None
        Column holding respondent ids, if any.
    weight_column : str or None
        Column holding respondent weights, if any.
    source : str
        Where the codebook came from (file path or ``"built-in 2012"``).
    attributes : tuple of Attribute
        Respondent attributes (region, kind of board, ...) that answers can be
        broken down by; their columns are optional in the data.
    multiple : tuple of MultipleChoice
        Multi-select questions (``kind = "multiple"`` entries of ``[[items]]``).
    layout : dict
        The ``[layout]`` table: how the file is laid out (platform, header rows,
        encoding, metadata columns); see ``docs/codebook.md``.
    """

    name: str
    scales: dict[str, Scale]
    items: tuple[Item, ...]
    id_column: str | None = None
    weight_column: str | None = None
    source: str = "<memory>"
    attributes: tuple[Attribute, ...] = ()
    _by_id: dict[str, Item] = field(default_factory=dict, repr=False, compare=False)
    multiple: tuple[MultipleChoice, ...] = ()
    layout: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        by_id: dict[str, Item] = {}
        columns: dict[str, str] = {}
        for k, item in enumerate(self.items):
            if item.id in by_id:
                raise CodebookError(
                    f"codebook: duplicate item id {item.id!r}",
                    file=self.source,
                    column=f"items[{k}].id",
                    value=elide(item.id),
                )
            if item.scale not in self.scales:
                raise CodebookError(
                    f"codebook: item {item.id!r} references missing scale {elide(item.scale)!r}",
                    file=self.source,
                    column=f"items[{k}].scale",
                    value=elide(item.scale),
                )
            if item.source_column in columns:
                raise CodebookError(
                    f"codebook: column {elide(item.source_column)!r} is mapped to both "
                    f"{columns[item.source_column]!r} and {item.id!r}",
                    file=self.source,
                    column=f"items[{k}].column",
                    value=elide(item.source_column),
                )
            by_id[item.id] = item
            columns[item.source_column] = item.id
        _check_multiple(self, by_id, columns)
        _check_attributes(self, columns)
        object.__setattr__(self, "_by_id", by_id)

    def item(self, item_id: str) -> Item:
        """Return the item with this id (KeyError if absent)."""
        return self._by_id[item_id]

    def attribute(self, attribute_id: str) -> Attribute:
        """Return the attribute with this id (KeyError naming those declared if absent)."""
        for attr in self.attributes:
            if attr.id == attribute_id:
                return attr
        known = [a.id for a in self.attributes]
        raise KeyError(f"codebook {self.source} has no attribute {attribute_id!r}; it has {known}")

    def scale_of(self, item_id: str) -> Scale:
        """Return the scale of an item."""
        return self.scales[self._by_id[item_id].scale]

    def items_for_table(self, table: int) -> list[Item]:
        """Items of one report table, in printed order."""
        return [i for i in self.items if i.table == table]

    def with_columns(self, mapping: Mapping[str, str]) -> Codebook:
        """Return a copy whose items read from other columns (``{item_id: column}``)."""
        unknown = set(mapping) - set(self._by_id)
        if unknown:
            raise CodebookError(f"column mapping names unknown items {sorted(unknown)}")
        items = tuple(
            Item(**{**i.__dict__, "column": mapping.get(i.id, i.column)}) for i in self.items
        )
        return Codebook(
            self.name,
            self.scales,
            items,
            self.id_column,
            self.weight_column,
            self.source,
            self.attributes,
            multiple=self.multiple,
            layout=self.layout,
        )

    def to_frame(self) -> pd.DataFrame:
        """Items as a DataFrame.

        Returns
        -------
        DataFrame
            Columns ``item_id, table, section, block, item, short, scale, column``.
        """
        rows = [
            {
                "item_id": i.id,
                "table": i.table,
                "section": i.section,
                "block": i.block,
                "item": i.label,
                "short": i.short,
                "scale": i.scale,
                "column": i.source_column,
            }
            for i in self.items
        ]
        return pd.DataFrame(rows).astype({"table": "Int64"})

    @classmethod
    def from_dict(
        cls, spec: Mapping[str, object], source: str = "<memory>", *, checked: bool = False
    ) -> Codebook:
        """Build a codebook from parsed TOML.

        ``spec`` is first checked against the codebook schema
        (:func:`~lscb_survey.data.codebook_schema.validate_codebook_spec`), unless
        ``checked`` says it already passed that check unchanged.
        """
        if not checked:
            validate_codebook_spec(spec, source)
        meta = cast("Mapping[str, str]", spec.get("codebook", {}))
        scales_spec = cast("Mapping[str, Mapping[str, object]]", spec["scales"])
        scales = {name: Scale.from_dict(name, s, source) for name, s in scales_spec.items()}
        items_spec = cast("list[Mapping[str, Any]]", spec["items"])
        items, multiple = _parse_items(items_spec, source)
        return cls(
            name=str(meta.get("name", Path(source).stem)),
            scales=scales,
            items=items,
            id_column=meta.get("id_column"),
            weight_column=meta.get("weight_column"),
            source=source,
            attributes=parse_attributes(spec.get("attributes", {}), source),
            multiple=multiple,
            layout=dict(cast("Mapping[str, object]", spec.get("layout", {}))),
        )


def read_codebook(path: str | Path) -> Codebook:
    """Read a codebook TOML file.

    Raises
    ------
    CodebookError
        If the file is not valid TOML, references a missing scale, or has
        duplicate labels or ids.

    Examples
    --------
    >>> from lscb_survey import config
    >>> cb = read_codebook(config.raw_dir() / "codebook-2012.toml")
    >>> cb.scale_of("t7_innovation").levels[0]
    'Strongly agree'
    """
    path = regular_file(path, CodebookError, "codebook file")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_CODEBOOK_BYTES + 1)
    except OSError as exc:
        raise CodebookError(f"codebook cannot be read ({exc.strerror})", file=path) from None
    if len(data) > MAX_CODEBOOK_BYTES:
        raise CodebookError(
            f"codebook is larger than {MAX_CODEBOOK_BYTES // 2**20} MiB", file=path
        ) from None
    try:
        text = data.decode("utf-8")
        check_nesting(text, str(path))
        spec = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CodebookError(f"codebook is not valid TOML: {exc}", file=path) from None
    except RecursionError:  # a backstop: check_nesting refuses deep nesting first
        raise CodebookError(
            f"codebook nests arrays or tables more than {MAX_NESTING} deep", file=path
        ) from None
    return Codebook.from_dict(spec, source=str(path))


#: Largest codebook file read, in bytes (a codebook of hundreds of items takes some KB).
MAX_CODEBOOK_BYTES = 16 * 2**20


@cache
def default_codebook() -> Codebook:
    """The built-in codebook of the 2012 instrument (Tables 5-10).

    Examples
    --------
    >>> cb = default_codebook()
    >>> [i.id for i in cb.items_for_table(9)]
    ['t9_sanctions', 't9_funding_guidance', 't9_core_priorities', 't9_chair_funding']
    """
    path = config.raw_dir() / config.CODEBOOK_FILE
    data = path.read_bytes()
    spec = tomllib.loads(data.decode("utf-8"))
    marker = _validated_marker(data)
    checked = marker is not None and marker.is_file()
    cb = Codebook.from_dict(spec, source=str(path), checked=checked)
    if marker is not None and not checked:
        try:  # remember that these bytes passed this schema
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass
    return Codebook(
        cb.name, cb.scales, cb.items, cb.id_column, cb.weight_column, "built-in 2012", cb.attributes
    )


def _validated_marker(data: bytes) -> Path | None:
    """Cache file whose presence says these codebook bytes passed the current schema.

    Its name is a SHA-256 of the bytes and of
    :func:`~lscb_survey.data.codebook_schema.schema_checksum`, so an edited codebook
    or schema is checked again (with ``jsonschema``, which is slow to import).
    """
    folder = config.cache_dir()
    if folder is None:
        return None
    try:
        key = hashlib.sha256(data + schema_checksum().encode("ascii")).hexdigest()
    except OSError:  # the schema's source cannot be read: no cache
        return None
    return folder / "codebook-valid" / key


_MULTIPLE_KEYS = ("id", "label", "options", "column", "delimiter", "columns", "section", "short")


def _parse_items(
    specs: list[Mapping[str, Any]], source: str
) -> tuple[tuple[Item, ...], tuple[MultipleChoice, ...]]:
    """The ``[[items]]`` entries: questions on a scale, and multi-select questions."""
    items: list[Item] = []
    multiple: list[MultipleChoice] = []
    for k, it in enumerate(specs):
        if it.get("kind") == "multiple":
            fields = {key: it[key] for key in _MULTIPLE_KEYS if key in it}
            for key in ("options", "columns"):
                if key in fields:
                    fields[key] = tuple(fields[key])
            try:
                multiple.append(MultipleChoice(**fields))
            except CodebookError as exc:
                raise CodebookError(str(exc), file=source, column=f"items[{k}]") from None
            continue
        fields = {key: v for key, v in it.items() if key not in ("kind", "not_asked")}
        not_asked = parse_not_asked(it.get("not_asked"), f"items[{k}]", source)
        items.append(Item(**fields, not_asked=not_asked))
    return tuple(items), tuple(multiple)


def _check_multiple(book: Codebook, by_id: Mapping[str, Item], columns: dict[str, str]) -> None:
    """Multi-select ids distinct from every other id; their columns used by nothing else."""
    for q in book.multiple:
        if q.id in by_id or q.id in columns.values():
            raise CodebookError(
                f"codebook: duplicate item id {q.id!r}", file=book.source, column="items"
            )
        for column in q.source_columns:
            if column in columns:
                raise CodebookError(
                    f"codebook: column {elide(column)!r} is mapped to both "
                    f"{columns[column]!r} and {q.id!r}",
                    file=book.source,
                    column=f"items.{q.id}",
                    value=elide(column),
                )
            columns[column] = q.id


def _check_attributes(book: Codebook, columns: Mapping[str, str]) -> None:
    """Attribute ids unique; attribute columns distinct from item columns and each other."""
    seen: dict[str, str] = {}
    for attr in book.attributes:
        if attr.id in seen.values():
            raise CodebookError(
                f"duplicate attribute id {attr.id!r}", file=book.source, column="attributes"
            )
        column = attr.source_column
        clash = columns.get(column) or seen.get(column)  # the id or weight column may be one
        if clash is not None:
            raise CodebookError(
                f"column {column!r} of attribute {attr.id!r} is also used by {clash!r}",
                file=book.source,
                column=f"attributes.{attr.id}",
            )
        seen[column] = attr.id
