"""Command line: ``lscb-survey``.

Subcommands
-----------
reproduce   regenerate data/processed/ and figures/ (``--notebooks`` also runs the notebooks)
table N     print a report table in its printed layout (or tidy with ``--tidy``)
audit       check the report's numbers for internal consistency
report      write the HTML report of 2012 (``--workbook`` also an accessible XLSX)
wave        summarise a new wave (``wave summarize``), compare two (``wave compare``)
            or follow any number (``wave trend``)

Each subcommand is added by a ``_add_*`` function listed in ``_COMMANDS``.

Errors
------
A mistake of the user (a bad option value, a file that cannot be read or
written, a problem in the data, a missing optional dependency) prints one line,
``lscb-survey: error: ...``, to standard error; a traceback is shown only with
``--debug``. The exit codes are in :data:`EXIT_CODES` and ``docs/command-line.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from . import __version__
from .cli_codebook import add_codebook_command, add_layout
from .cli_options import (
    EXIT_CODES,
    CommandParser,
    add_codebook,
    add_design,
    add_items,
    add_out,
    add_suppress,
    confidence_level,
    input_file,
    one_line,
    output_folder,
    unknown_attribute,
)
from .cli_reports import add_report, add_wave_report
from .errors import SurveyDataError

__all__ = ["EXIT_CODES", "build_parser", "main"]

_USER_ERROR = EXIT_CODES["usage or data error"]
_INTERNAL_ERROR = EXIT_CODES["internal error"]

#: Output formats of ``table`` and ``audit``, and the older spellings still accepted.
_FORMATS = ("text", "csv", "json", "markdown")  # present.terminal.FORMATS
_FORMAT_ALIASES = {"table": "text"}


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        type=lambda text: _FORMAT_ALIASES.get(text, text),
        choices=_FORMATS,
        default="text",
        help="output format: text (default; 'table' is accepted too), csv, json or markdown",
    )


def _warn(message: object) -> None:
    kind = "note" if type(message).__name__ == "LayoutInfo" else "warning"
    print(f"lscb-survey: {kind}: {one_line(message)}", file=sys.stderr)


# ----------------------------------------------------------------------------- reproduce


def _cmd_reproduce(args: argparse.Namespace) -> int:
    from .present.pipelines import Step, reproduce

    def progress(k: int, n: int, step: Step) -> None:
        print(f"[{k}/{n}] {step.describe()}", flush=True)

    start = time.perf_counter()
    reproduce(
        args.processed,
        args.figures,
        args.build,
        figures=not args.no_figures,
        notebooks=args.notebooks,
        progress=progress,
    )
    print(f"done in {time.perf_counter() - start:.2f} s")
    return 0


def _add_reproduce(sub) -> None:
    p = sub.add_parser(
        "reproduce",
        help="regenerate data/processed/ and figures/",
        description="Check the raw data against its checksums, then regenerate the tidy CSVs "
        "and the figures (and, with --notebooks, the executed notebooks as HTML).",
    )
    p.add_argument(
        "--notebooks",
        action="store_true",
        help="also execute the notebooks into notebooks/_build/ as HTML (needs a checkout "
        "and the 'notebooks' extra)",
    )
    p.add_argument("--no-figures", action="store_true", help="skip the figures")
    for option, what, default in [
        ("--processed", "the tidy data", "data/processed/"),
        ("--figures", "the figures", "figures/"),
        ("--build", "the notebook HTML", "notebooks/_build/"),
    ]:
        p.add_argument(
            option,
            type=output_folder,
            metavar="DIR",
            help=f"output folder for {what} (default: {default})",
        )
    p.set_defaults(func=_cmd_reproduce)


# ----------------------------------------------------------------------------- table


def _cmd_table(args: argparse.Namespace) -> int:
    from .data.loaders import load_table
    from .present.layout import published_layout
    from .present.terminal import write_frame

    if args.tidy:
        write_frame(load_table(args.number), args.format)
    else:
        write_frame(published_layout(args.number), args.format, index=True)
    return 0


def _add_table(sub) -> None:
    p = sub.add_parser(
        "table",
        help="print a report table (1-10)",
        description="Print one of the report's ten tables as printed, or as a tidy frame.",
    )
    p.add_argument(
        "number",
        type=int,
        choices=range(1, 11),
        metavar="N",
        help="table number in the report, 1 to 10",
    )
    p.add_argument("--tidy", action="store_true", help="print the tidy frame instead")
    _add_format(p)
    p.set_defaults(func=_cmd_table)


# ----------------------------------------------------------------------------- wave


def _add_wave_options(p: argparse.ArgumentParser) -> None:
    """Options shared by ``wave summarize`` and ``wave compare``."""
    add_out(p)
    add_codebook(p)
    add_items(p)
    add_layout(p)
    p.add_argument(
        "--labels",
        choices=("codebook", "file"),
        default=None,
        help="which side wins when the value labels of an SPSS or Stata file contradict "
        "the codebook (default: neither; the conflict is an error)",
    )
    p.add_argument("--no-figures", action="store_true", help="write the tables only")


def _report(run: Callable[[], Any]) -> int:
    """Run a wave pipeline, print its warnings one line each, then what it reports."""
    import warnings

    from .waves.model import WaveWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WaveWarning)
        try:
            result = run()
        finally:
            for w in caught:
                _warn(w.message)
    for line in result.report_lines():
        print(line)
    return 0


def _shared(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments of both wave pipelines, from the options they share."""
    return {
        "codebook": args.codebook,
        "figures": not args.no_figures,
        "items": args.items,
        "value_labels": args.labels,
        "population": args.population,
        "rake_to": args.rake_to,
    }


def _cmd_wave_compare(args: argparse.Namespace) -> int:
    from .present.pipelines import wave_comparison

    options = {"suppress": args.suppress, "level": args.ci, "unweighted": args.unweighted}
    return _report(lambda: wave_comparison(args.a, args.b, args.out, **options, **_shared(args)))


def _add_wave_compare(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare two waves (a file, or 2012 for the published wave)",
        description=(
            "Compare two waves answer by answer (percentages, change with a Newcombe "
            "interval, Fisher and Benjamini-Hochberg p-values, a distribution test per "
            "item) and draw paired diverging bars. Either wave may be 2012, the "
            "report's published counts."
        ),
    )
    for dest, when in (("a", "earlier"), ("b", "later")):
        p.add_argument(
            dest,
            metavar=dest.upper(),
            type=partial(input_file, published=True),
            help=f"{when} wave: a file, or 2012",
        )
    _add_wave_options(p)
    add_suppress(
        p, "hide counts below K (1 or more) of the new wave(s), never of 2012; no figures then"
    )
    p.add_argument(
        "--ci",
        type=confidence_level,
        default=0.95,
        metavar="LEVEL",
        help="confidence level of the intervals, between 0 and 1 (default 0.95)",
    )
    p.add_argument("--unweighted", action="store_true", help="ignore a weight column")
    add_design(p, "the later wave B")
    p.set_defaults(func=_cmd_wave_compare)


def _cmd_wave_summarize(args: argparse.Namespace) -> int:
    from .present.pipelines import wave_summary

    problem = unknown_attribute(args.by, args.codebook)
    if problem is not None:
        print(f"lscb-survey: error: {problem}", file=sys.stderr)
        return _USER_ERROR
    return _report(
        lambda: wave_summary(
            args.path,
            args.out,
            name=args.name,
            by=args.by,
            unweighted=args.unweighted,
            **_shared(args),
        )
    )


def _add_wave_summarize(sub) -> None:
    p = sub.add_parser(
        "summarize",
        help="tidy counts, summaries, printed tables and figures of one wave",
        description=(
            "Read a wave of respondent-level data (CSV, XLSX, SPSS .sav or Stata .dta; "
            "2012 for the report's published counts) and write counts.csv, summary.csv, "
            "one CSV per report table in the printed layout, and diverging bar charts. "
            ".sav and .dta files need the 'waves' extra."
        ),
    )
    p.add_argument(
        "path",
        metavar="PATH",
        type=partial(input_file, published=True),
        help="respondent-level file, or 2012",
    )
    _add_wave_options(p)
    p.add_argument("--name", default=None, help="name of the wave (default: the file name)")
    p.add_argument(
        "--by", metavar="ATTR", default=None, help="also break the answers down by an attribute"
    )
    p.add_argument("--unweighted", action="store_true", help="ignore a weight column")
    add_design(p, "the wave")
    p.set_defaults(func=_cmd_wave_summarize)


# ----------------------------------------------------------------------------- wave trend


def _cmd_wave_trend(args: argparse.Namespace) -> int:
    from .present.pipelines.trends import wave_trend

    names = args.names.split(",") if args.names is not None else None
    problem = None
    if len(args.paths) < 2:
        problem = f"a trend needs two or more waves, got {len(args.paths)}"
    elif names is not None and len(names) != len(args.paths):
        problem = f"--names gives {len(names)} names for {len(args.paths)} waves"
    elif names is not None and not all(n.strip() for n in names):
        problem = f"--names has an empty name in {args.names!r}"
    if problem is not None:
        print(f"lscb-survey: error: {one_line(problem)}", file=sys.stderr)
        return _USER_ERROR
    return _report(
        lambda: wave_trend(
            args.paths,
            args.out,
            codebook=args.codebook,
            names=names,
            figures=not args.no_figures,
            items=args.items,
            unweighted=args.unweighted,
            population=args.population,
            rake_to=args.rake_to,
        )
    )


def _add_wave_trend(sub) -> None:
    p = sub.add_parser(
        "trend",
        help="any number of waves as a series, with trend tests",
        description=(
            "Read two or more waves, oldest first (2012 for the report's published counts), "
            "and write series.csv, series-summary.csv, trend-tests.csv and top-two figures."
        ),
    )
    p.add_argument(
        "paths",
        metavar="PATH",
        nargs="+",
        type=partial(input_file, published=True),
        help="respondent-level files, or 2012, oldest first",
    )
    add_codebook(p)
    add_items(p)
    add_layout(p)
    p.add_argument("--names", default=None, metavar="NAME[,NAME...]", help="wave names, in order")
    add_out(p)
    p.add_argument("--no-figures", action="store_true", help="write the tables only")
    p.add_argument("--unweighted", action="store_true", help="ignore a weight column")
    add_design(p, "the latest wave")
    p.set_defaults(func=_cmd_wave_trend)


# ----------------------------------------------------------------------------- wave

#: Functions that add one ``wave`` subcommand each (``wave summarize``, ``wave compare``,
#: ``wave trend``).
_WAVE_COMMANDS: list[Callable] = [
    _add_wave_summarize,
    _add_wave_compare,
    _add_wave_trend,
    add_wave_report,
]


def _add_wave(sub) -> None:
    p = sub.add_parser(
        "wave",
        help="summarise a new wave or compare two waves",
        description="Respondent-level data: 'wave summarize' reports on one wave, "
        "'wave compare' compares two.",
    )
    wave_sub = p.add_subparsers(
        dest="wave_command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    for add in _WAVE_COMMANDS:
        add(wave_sub)


# ----------------------------------------------------------------------------- audit


def _cmd_audit(args: argparse.Namespace) -> int:
    from .checks.runner import audit, audit_by_rule, render_text
    from .present.terminal import write_frame

    if args.rounding == "all":
        frame = audit_by_rule()
        errors = int((frame["errors"] > 0).sum())
    else:
        frame = audit(rounding=args.rounding)
        errors = int((frame["severity"] == "error").sum())
    if args.format == "text" and args.rounding != "all":
        sys.stdout.write(render_text(frame))
    else:
        if args.format in ("text", "markdown"):  # blank, not <NA>, for missing cells
            frame = frame.astype("object").where(frame.notna(), "")
        write_frame(frame, args.format)
    return EXIT_CODES["audit --strict found errors"] if args.strict and errors else 0


def _add_audit(sub) -> None:
    from .stats.rounding import ROUNDING_RULES

    p = sub.add_parser(
        "audit",
        help="check the report's numbers for internal consistency",
        description="Check every printed percentage, total, response rate and in-text claim "
        "of the report against the counts, with exact arithmetic.",
    )
    _add_format(p)
    p.add_argument(
        "--strict",
        action="store_true",
        help=f"exit with status {EXIT_CODES['audit --strict found errors']} on any error",
    )
    p.add_argument(
        "--rounding",
        choices=[*ROUNDING_RULES, "all"],
        default="either",
        metavar="RULE",
        help="rounding rule assumed: " + ", ".join(ROUNDING_RULES) + " (default: either), "
        "or 'all' to show every rule side by side",
    )
    p.set_defaults(func=_cmd_audit)


#: Functions that add one subcommand each.
_COMMANDS: list[Callable] = [
    _add_reproduce,
    _add_table,
    _add_wave,
    _add_audit,
    add_report,
    add_codebook_command,
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``lscb-survey``."""
    codes = ", ".join(f"{code} {what}" for what, code in EXIT_CODES.items())
    parser = CommandParser(
        prog="lscb-survey",
        description="Tables, analysis, audit and figures for the 2012 survey of LSCB chairs.",
        epilog=f"Exit status: {codes}. See docs/command-line.md.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    for add in _COMMANDS:
        add(sub)
    return parser


def _error_message(exc: BaseException) -> tuple[int, str]:
    """Exit status and one-line message for an exception raised by a command."""
    from .present.paths import UnsafeOutputPathError

    if isinstance(exc, SurveyDataError | UnsafeOutputPathError | ImportError):
        return _USER_ERROR, one_line(exc)
    if isinstance(exc, OSError):
        if exc.filename is not None and exc.strerror:
            return _USER_ERROR, f"{exc.strerror}: {exc.filename}"
        return _USER_ERROR, one_line(exc)
    what = f"{type(exc).__name__}: {one_line(exc)}"
    return _INTERNAL_ERROR, f"internal error ({what}); run again with --debug for the traceback"


def _run(args: argparse.Namespace) -> int:
    """Run the command, the layout options applying to every file a wave command reads."""
    if not hasattr(args, "layout") or getattr(args, "codebook_command", None):
        return int(args.func(args) or 0)
    from .waves.reading import file_options

    options = {"layout": args.layout, "header_row": args.header_row}
    with file_options(**options, complete_only=getattr(args, "complete_only", None)):
        return int(args.func(args) or 0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see :data:`EXIT_CODES`)."""
    args = build_parser().parse_args(argv)
    debug = getattr(args, "debug", False)
    try:
        return _run(args)
    except KeyboardInterrupt:
        if debug:
            raise
        print("lscb-survey: interrupted", file=sys.stderr)
        return EXIT_CODES["interrupted"]
    except Exception as exc:
        if debug:
            raise
        status, message = _error_message(exc)
        print(f"lscb-survey: error: {message}", file=sys.stderr)
        return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
