"""The ``report`` and ``wave report`` commands: argument parsing only.

Each calls one public function of :mod:`lscb_survey.present.report` and prints the files
it wrote.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from .cli_codebook import add_layout
from .cli_options import (
    EXIT_CODES,
    add_codebook,
    add_design,
    add_items,
    add_out,
    add_suppress,
    input_file,
    output_file,
    unknown_attribute,
)

__all__ = ["add_report", "add_wave_report"]


def _print_written(page: Path, workbook: Path | None) -> int:
    """Print the page and the workbook (when one was asked for) a report command wrote."""
    print(page)
    if workbook is not None:
        print(workbook)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .present.report import report_2012

    page = report_2012(args.out, workbook=args.workbook)
    return _print_written(page, args.workbook)


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
    add_out(p)
    p.add_argument(
        "--workbook",
        type=output_file,
        default=None,
        metavar="FILE",
        help="also write the tables as an XLSX workbook to FILE",
    )


def _cmd_wave_report(args: argparse.Namespace) -> int:
    from .present.report import wave_report

    problem = unknown_attribute(args.by, args.codebook)
    if problem is not None:
        print(f"lscb-survey: error: {problem}", file=sys.stderr)
        return EXIT_CODES["usage or data error"]
    page = wave_report(
        args.path,
        args.out,
        codebook=args.codebook,
        suppress=args.suppress,
        workbook=args.workbook,
        items=args.items,
        compare=args.compare,
        by=args.by,
        unweighted=args.unweighted,
        population=args.population,
        rake_to=args.rake_to,
    )
    _print_written(page, args.workbook)
    if args.population is not None or args.rake_to is not None:
        for stem in ("estimates", "estimate-means"):
            print(page.parent / f"{stem}.csv")
    return 0


def add_wave_report(sub) -> None:
    """Add the ``wave report`` command to the sub-parsers ``sub``."""
    p = sub.add_parser(
        "report",
        help="write the HTML report of a wave (and, with --workbook, an XLSX of its tables)",
        description=(
            "Write OUT/index.html for a wave: its tables in the 2012 layout, summaries and "
            "figures with alt text; with --compare, a comparison with an earlier wave; with "
            "--by, summaries by group and a test per item. With --suppress K, small counts "
            "and every number derived from them show as [c], the counts by group are "
            "protected together with the overall counts, and the summaries and figures of "
            "the whole wave are left out."
        ),
    )
    p.add_argument(
        "path",
        metavar="FILE",
        type=partial(input_file, published=True),
        help="respondent-level file, or 2012",
    )
    add_codebook(p)
    add_layout(p)
    add_suppress(p, "hide counts below K (1 or more), shown as [c]")
    add_items(p)
    p.add_argument(
        "--compare",
        type=partial(input_file, published=True),
        default=None,
        metavar="2012|FILE",
        help="add a comparison with an earlier wave (a file, or 2012), with its caveat",
    )
    p.add_argument(
        "--by",
        metavar="ATTR",
        default=None,
        help="add summaries by the groups of an attribute and a test per item",
    )
    p.add_argument("--unweighted", action="store_true", help="ignore a weight column")
    add_design(p, "the wave")
    _add_report_outputs(p)
    p.set_defaults(func=_cmd_wave_report)
