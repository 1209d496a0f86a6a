"""The ``report`` and ``wave report`` commands: argument parsing only.

Each calls one public function of :mod:`lscb_survey.present.report` and prints the files
it wrote.
"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from .cli_options import input_file, output_file, output_folder, threshold

__all__ = ["add_report", "add_wave_report"]


def _cmd_report(args: argparse.Namespace) -> int:
    from .present.report import report_2012

    page = report_2012(args.out, workbook=args.workbook)
    print(page)
    if args.workbook is not None:
        print(args.workbook)
    return 0


def add_report(sub) -> None:
    """Add the ``report`` command to the sub-parsers ``sub``."""
    p = sub.add_parser(
        "report",
        help="write the HTML report of 2012 (and, with --workbook, an XLSX of its tables)",
        description=(
            "Write OUT/index.html: the ten tables with the audit's findings marked on their "
            "cells, summaries, the Laming to Munro shifts, figures with alt text, the "
            "recommendations and the provenance. The page needs no network or script."
        ),
    )
    _add_report_outputs(p)
    p.set_defaults(func=_cmd_report)


def _add_report_outputs(p: argparse.ArgumentParser) -> None:
    """``--out`` and ``--workbook`` of ``report`` and ``wave report``."""
    p.add_argument("--out", type=output_folder, required=True, metavar="DIR", help="output folder")
    p.add_argument(
        "--workbook",
        type=output_file,
        default=None,
        metavar="FILE",
        help="also write the tables as an XLSX workbook to FILE",
    )


def _cmd_wave_report(args: argparse.Namespace) -> int:
    from .present.report import wave_report

    page = wave_report(
        args.path, args.out, codebook=args.codebook, suppress=args.suppress, workbook=args.workbook
    )
    print(page)
    if args.workbook is not None:
        print(args.workbook)
    return 0


def add_wave_report(sub) -> None:
    """Add the ``wave report`` command to the sub-parsers ``sub``."""
    p = sub.add_parser(
        "report",
        help="write the HTML report of a wave (and, with --workbook, an XLSX of its tables)",
        description=(
            "Write OUT/index.html for a wave: its tables in the 2012 layout, summaries and "
            "figures with alt text. With --suppress K, small counts show as [c] and the "
            "summaries and figures are left out."
        ),
    )
    p.add_argument(
        "path",
        metavar="FILE",
        type=partial(input_file, published=True),
        help="respondent-level file, or 2012",
    )
    p.add_argument(
        "--codebook",
        type=lambda text: Path(input_file(text)),
        default=None,
        metavar="TOML",
        help="codebook TOML (default: 2012)",
    )
    p.add_argument(
        "--suppress",
        type=threshold,
        default=None,
        metavar="K",
        help="hide counts below K (1 or more), shown as [c]",
    )
    _add_report_outputs(p)
    p.set_defaults(func=_cmd_wave_report)
