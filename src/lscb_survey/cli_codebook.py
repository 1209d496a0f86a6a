"""The ``codebook draft`` command, and the layout options of the ``wave`` commands.

``lscb-survey codebook draft FILE -o CODEBOOK`` calls
:func:`lscb_survey.draft_codebook` and writes what it returns; the options
``--layout``, ``--header-row`` and ``--complete-only`` that every ``wave``
command takes are added by :func:`add_layout`.
"""

from __future__ import annotations

import argparse
import warnings
from functools import partial
from pathlib import Path

from .cli_options import input_file, output_file
from .data.codebook_schema import LAYOUT_NAMES

__all__ = ["add_codebook_command", "add_layout"]

#: Layouts a file can be read in: statistics files (SPSS, Stata) are known by their suffix.
_LAYOUTS = ("auto", *(name for name in LAYOUT_NAMES if name not in ("spss", "stata")))


def _row(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"rows are counted from 1, not {text}")
    return value


def add_layout(p: argparse.ArgumentParser, *, complete_only: bool = True) -> None:
    """``--layout``, ``--header-row`` (and ``--complete-only``): how the file(s) are laid out."""
    p.add_argument(
        "--layout",
        choices=_LAYOUTS,
        default="auto",
        help="the platform that wrote the file(s): auto (default: recognised from the file, "
        "or the codebook's [layout]), or one of " + ", ".join(_LAYOUTS[1:]),
    )
    p.add_argument(
        "--header-row",
        type=_row,
        default=None,
        metavar="N",
        help="row of the header (counted from 1; default: found, past any title or blank rows)",
    )
    if complete_only:
        p.add_argument(
            "--complete-only",
            action="store_true",
            default=None,
            help="keep complete responses only (Qualtrics Finished/Progress, LimeSurvey "
            "submitdate, REDCap *_complete) and say how many were left out",
        )


def _cmd_draft(args: argparse.Namespace) -> int:
    from .waves.draft import draft_codebook
    from .waves.layouts import LayoutInfo

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LayoutInfo)
        text = draft_codebook(
            args.path,
            scales=args.scales,
            layout=args.layout,
            header_row=args.header_row,
            encoding=args.encoding,
            sheet=None
            if args.sheet is None
            else int(args.sheet)
            if args.sheet.isdigit()
            else args.sheet,
            dictionary=args.dictionary,
            name=args.name,
        )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    layout = next((ln for ln in text.splitlines() if ln.startswith("platform = ")), "")
    print(f"wrote {args.output} ({layout.removeprefix('platform = ').strip(chr(34))} layout)")
    return 0


def add_codebook_command(sub) -> None:
    """Add ``codebook draft`` to the sub-parsers ``sub``."""
    from .cli_options import CommandParser

    p = sub.add_parser(
        "codebook",
        help="draft a codebook from a respondent file",
        description="Codebooks: 'codebook draft' writes one from a file.",
    )
    inner = p.add_subparsers(
        dest="codebook_command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    d = inner.add_parser(
        "draft",
        help="write a codebook that reads FILE as it is",
        description=(
            "Read FILE (a survey platform's export or a plain table: CSV, TSV, XLSX, SPSS, "
            "Stata), recognise its layout, and write a TOML codebook with which 'wave' "
            "commands read it unchanged: items with their question text, known scales "
            "matched, new scales flagged '# check', attributes, id and weight columns, "
            "multi-select questions, and the columns not read listed in comments."
        ),
    )
    d.add_argument("path", metavar="FILE", type=input_file, help="respondent-level file")
    d.add_argument(
        "-o", "--output", type=output_file, required=True, metavar="CODEBOOK",
        help="the TOML file to write",
    )  # fmt: skip
    d.add_argument(
        "--scales",
        type=lambda text: Path(input_file(text)),
        default=None,
        metavar="FILE",
        help="a TOML file of known [scales.NAME] (a codebook will do), matched first",
    )
    d.add_argument(
        "--dictionary",
        type=partial(input_file),
        default=None,
        metavar="FILE",
        help="a REDCap data dictionary (default: one found beside a REDCap export)",
    )
    d.add_argument("--encoding", default=None, help="text encoding of a CSV file")
    d.add_argument(
        "--sheet", default=None, help="worksheet of an XLSX file (name or 0-based position)"
    )
    d.add_argument("--name", default=None, help="name of the instrument")
    add_layout(d, complete_only=False)
    d.set_defaults(func=_cmd_draft)
