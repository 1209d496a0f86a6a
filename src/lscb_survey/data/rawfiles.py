"""Raw files as transcribed: reading CSV rows uninterpreted, row width, checksums.

Every loader of ``data/raw/`` reads through :func:`read_rows`, so a raw file is opened,
decoded and reported on in one way; :func:`verify_checksums` checks the folder against
its ``SHA256SUMS`` manifest.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import CellFormatError, ChecksumError, MissingColumnError, SurveyDataError
from .inputs import regular_file

__all__ = [
    "Row",
    "check_width",
    "raw_files",
    "raw_path",
    "read_rows",
    "sha256",
    "verify_checksums",
    "write_manifest",
]


@dataclass(frozen=True)
class Row:
    """One line of a raw CSV file: its 1-based line number and its cells, uninterpreted."""

    line: int
    cells: list[str]


def raw_path(name: str, raw: str | Path | None = None) -> Path:
    """Path of raw file ``name`` in folder ``raw`` (default: the packaged raw data)."""
    return Path(raw) / name if raw is not None else config.raw_dir() / name


def read_rows(path: Path) -> list[Row]:
    """Read a raw CSV file as lines of strings (nothing interpreted)."""
    path = regular_file(path, SurveyDataError, "raw file")
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            rows = []
            for cells in reader:
                rows.append(Row(reader.line_num, cells))
    except FileNotFoundError:
        raise SurveyDataError("raw file not found", file=path) from None
    except UnicodeDecodeError as exc:
        raise CellFormatError(f"raw file is not UTF-8 ({exc.reason})", file=path) from None
    if not rows:
        raise SurveyDataError("raw file is empty", file=path)
    return rows


def check_width(row: Row, width: int, header: list[str], path: Path) -> None:
    """Raise when ``row`` has fewer cells than ``width`` or non-blank cells beyond it."""
    if len(row.cells) < width:
        missing = (
            header[len(row.cells)] if len(row.cells) < len(header) else f"#{len(row.cells) + 1}"
        )
        raise MissingColumnError(
            f"row has {len(row.cells)} cells, the header has {width}",
            file=path,
            line=row.line,
            column=missing,
        )
    if len(row.cells) > width and any(c.strip() for c in row.cells[width:]):
        raise CellFormatError(
            f"row has {len(row.cells)} cells, the header has {width}",
            file=path,
            line=row.line,
            column=f"#{width + 1}",
            value=row.cells[width],
        )


def sha256(path: Path) -> str:
    """Hex SHA-256 digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_files(raw: str | Path | None = None) -> list[Path]:
    """Every data file of the raw folder that the manifest covers (not docs)."""
    folder = Path(raw) if raw is not None else config.raw_dir()
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name not in {config.MANIFEST_FILE, "README.md"}
    )


def write_manifest(raw: str | Path | None = None) -> Path:
    """Write ``SHA256SUMS`` for the raw folder (run only when a raw file is deliberately changed)."""
    folder = Path(raw) if raw is not None else config.raw_dir()
    lines = [f"{sha256(p)}  {p.name}\n" for p in raw_files(folder)]
    out = folder / config.MANIFEST_FILE
    out.write_text("".join(lines), encoding="utf-8")
    return out


def verify_checksums(raw: str | Path | None = None) -> None:
    """Check every raw file against the manifest.

    Raises
    ------
    ChecksumError
        Listing every file that changed, is missing, or is not in the manifest.

    Examples
    --------
    >>> verify_checksums()
    """
    folder = Path(raw) if raw is not None else config.raw_dir()
    manifest = folder / config.MANIFEST_FILE
    if not manifest.is_file():
        raise ChecksumError("checksum manifest is missing", file=manifest)
    expected = {}
    for k, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if not name:
            raise ChecksumError("malformed manifest line", file=manifest, line=k, value=line)
        expected[name] = digest
    actual = {p.name: sha256(p) for p in raw_files(folder)}
    problems = [
        f"{n}: changed" for n in sorted(expected) if n in actual and actual[n] != expected[n]
    ]
    problems += [f"{n}: missing" for n in sorted(set(expected) - set(actual))]
    problems += [f"{n}: not in the manifest" for n in sorted(set(actual) - set(expected))]
    if problems:
        raise ChecksumError(
            "raw data differs from its checksum manifest", file=manifest, problems=problems
        )
