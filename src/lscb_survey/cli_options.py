"""Option values of ``lscb-survey``, checked before a command runs, and its error lines.

Each ``type=`` function here turns the text of one option into a value or
raises ``argparse.ArgumentTypeError`` with a message for the user;
:class:`CommandParser` prints such errors as one line. The exit codes are in
:data:`EXIT_CODES` and ``docs/command-line.md``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, NoReturn

from .errors import escape_controls

__all__ = [
    "add_codebook",
    "add_design",
    "add_items",
    "add_out",
    "add_suppress",
    "EXIT_CODES",
    "MAX_MESSAGE",
    "PUBLISHED",
    "CommandParser",
    "confidence_level",
    "input_file",
    "item_ids",
    "one_line",
    "output_file",
    "output_folder",
    "population_size",
    "threshold",
    "unknown_attribute",
]

#: Exit status of ``lscb-survey`` by outcome.
EXIT_CODES: dict[str, int] = {
    "success": 0,
    "audit --strict found errors": 1,
    "usage or data error": 2,
    "internal error": 3,
    "interrupted": 130,
}

#: Longest error or warning line printed (longer ones are cut in the middle).
MAX_MESSAGE = 2000


#: The wave source naming the report's published counts (as in the pipelines).
PUBLISHED = "2012"


def one_line(message: object) -> str:
    """``message`` on one line: line breaks become ``"; "``, the middle of a long one is cut."""
    parts = [escape_controls(p.strip()) for p in str(message).splitlines() if p.strip()]
    text = "; ".join(p.removeprefix("- ") for p in parts) or type(message).__name__
    if len(text) > MAX_MESSAGE:
        half = MAX_MESSAGE // 2 - 10
        text = f"{text[:half]} ... [{len(text) - 2 * half} characters] ... {text[-half:]}"
    return text


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line naming the command's help.

    Every command accepts ``--debug`` (before or after its name); a parser does
    not set it when absent, so that a subcommand never resets the main one's.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument(
            "--debug",
            action="store_true",
            default=argparse.SUPPRESS,
            help="show the full traceback of an error (for reporting a bug)",
        )

    def error(self, message: str) -> NoReturn:
        hint = f"see '{self.prog} --help'"
        self.exit(
            EXIT_CODES["usage or data error"], f"lscb-survey: error: {one_line(message)} ({hint})\n"
        )


def confidence_level(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value < 1:
        hint = f" (for {value:g}% write {value / 100:g})" if 1 < value < 100 else ""
        raise argparse.ArgumentTypeError(
            f"the confidence level must be between 0 and 1, e.g. 0.95, not {text}{hint}"
        )
    return value


def threshold(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 1_000_000:
        limits = "a whole number from 1 to 1000000 (counts below it are hidden)"
        raise argparse.ArgumentTypeError(f"the threshold must be {limits}, not {text}")
    return value


def _os_checked(check: Any) -> Any:
    """``check`` with an ``OSError`` of the system (a name too long...) turned into a usage error."""

    def checked(text: str, **kwargs: Any) -> Any:
        try:
            return check(text, **kwargs)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise argparse.ArgumentTypeError(f"{reason}: {text!r}") from None

    checked.__name__ = check.__name__
    checked.__doc__ = check.__doc__
    return checked


@_os_checked
def output_folder(text: str) -> Path:
    """A folder that exists and is writable, or can be created."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} exists and is not a folder")
    existing = path
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise argparse.ArgumentTypeError(f"cannot create {text}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "is not writable" if existing == path else f"cannot be created in {existing}"
        raise argparse.ArgumentTypeError(f"{text} {what} (permission denied)")
    return path


@_os_checked
def input_file(text: str, *, published: bool = False) -> str:
    """An existing file (or ``2012`` for the published wave when ``published``)."""
    if published and text == PUBLISHED:
        return text
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a file")
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text} is not a regular file (a FIFO or a device?)")
    return text


def item_ids(text: str) -> list[str]:
    ids = [part.strip() for part in text.split(",")]
    if not all(ids):
        raise argparse.ArgumentTypeError(f"empty item id in {text!r}")
    return ids


@_os_checked
def output_file(text: str) -> Path:
    """A file that can be written: not a folder, in a folder that exists or can be created."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a file")
    output_folder(str(path.parent))
    if path.exists() and not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(f"{text} is not writable (permission denied)")
    return path


def unknown_attribute(by: str | None, codebook: Path | None) -> str | None:
    """Why ``--by`` names no attribute of the codebook, or None when it does (or is not given)."""
    if by is None:
        return None
    from .data.codebook import default_codebook, read_codebook

    book = read_codebook(codebook) if codebook is not None else default_codebook()
    known = [a.id for a in book.attributes]
    if by in known:
        return None
    return f"--by: the codebook has no attribute {by!r} (it has: {', '.join(known) or 'none'})"


def add_out(p: argparse.ArgumentParser) -> None:
    """``--out DIR``: the output folder, checked before anything runs."""
    p.add_argument(
        "--out",
        type=output_folder,
        required=True,
        metavar="DIR",
        help="output folder (created if needed; file names are made safe and kept inside it)",
    )


def add_codebook(p: argparse.ArgumentParser) -> None:
    """``--codebook TOML``: the codebook of the wave file(s)."""
    p.add_argument(
        "--codebook",
        type=lambda text: Path(input_file(text)),
        default=None,
        metavar="TOML",
        help="codebook of the file(s) (default: the 2012 codebook; see docs/codebook.md)",
    )


def add_items(p: argparse.ArgumentParser) -> None:
    """``--items ID[,ID...]``: the items a wave file holds."""
    p.add_argument(
        "--items",
        type=item_ids,
        action="extend",
        default=None,
        metavar="ID[,ID...]",
        help="item ids the file(s) hold, comma-separated or repeated (default: every item "
        "of the codebook)",
    )


def add_suppress(p: argparse.ArgumentParser, help: str) -> None:
    """``--suppress K``: the disclosure threshold, with the command's own ``help``."""
    p.add_argument("--suppress", type=threshold, default=None, metavar="K", help=help)


def population_size(text: str) -> int:
    """``--population N``: a positive whole number of units."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, got {text!r}")
    return value


def add_design(p: argparse.ArgumentParser, which: str = "the wave") -> None:
    """``--population N`` and ``--rake-to MARGINS.csv`` of ``which`` wave: design-based estimates."""
    p.add_argument(
        "--population",
        type=population_size,
        default=None,
        metavar="N",
        help=f"units in the population of {which} (finite population correction); also "
        "writes its design-based estimates.csv and estimate-means.csv",
    )
    p.add_argument(
        "--rake-to",
        type=lambda text: Path(input_file(text)),
        default=None,
        metavar="MARGINS.csv",
        help=f"rake {which} to population totals (columns attribute, level, total); also "
        "writes its design-based estimates",
    )
