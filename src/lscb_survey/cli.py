"""Command line: ``lscb-survey``.

Subcommands
-----------
reproduce   regenerate data/processed/ and figures/ (``--notebooks`` also runs the notebooks)
table N     print a report table in its printed layout (or tidy with ``--tidy``)
audit       check the report's numbers for internal consistency
wave        summarise a new wave (``wave summarize``), compare two (``wave compare``)
            or follow any number (``wave trend``)

Each subcommand is added by a ``_add_*`` function listed in ``_COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import SurveyDataError

__all__ = ["build_parser", "main"]


def _print_frame(frame, fmt: str, *, index: bool = False) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=index, lineterminator="\n"))
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", indent=2, force_ascii=False) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(_markdown(frame, index=index) + "\n")
    else:
        import pandas as pd

        with pd.option_context(
            "display.max_rows",
            None,
            "display.max_columns",
            None,
            "display.width",
            200,
            "display.max_colwidth",
            60,
        ):
            sys.stdout.write(frame.to_string(index=index) + "\n")


def _markdown(frame, *, index: bool = False) -> str:
    """A GitHub-flavoured Markdown table (no optional dependency needed)."""
    if index:
        frame = frame.reset_index()
    cols = [str(c) if not isinstance(c, tuple) else " ".join(map(str, c)) for c in frame.columns]

    def esc(v) -> str:
        return "" if v is None else str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += [
        "| " + " | ".join(esc(v) for v in row) + " |" for row in frame.itertuples(index=False)
    ]
    return "\n".join(lines)


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
    p = sub.add_parser("reproduce", help="regenerate data/processed/ and figures/")
    p.add_argument(
        "--notebooks",
        action="store_true",
        help="also execute the notebooks into notebooks/_build/ as HTML",
    )
    p.add_argument("--no-figures", action="store_true", help="skip the figures")
    p.add_argument("--processed", type=Path, default=None, help="output folder for data")
    p.add_argument("--figures", type=Path, default=None, help="output folder for figures")
    p.add_argument("--build", type=Path, default=None, help="output folder for notebook HTML")
    p.set_defaults(func=_cmd_reproduce)


# ----------------------------------------------------------------------------- table


def _cmd_table(args: argparse.Namespace) -> int:
    from .data.loaders import load_table
    from .present.layout import published_layout

    if args.tidy:
        _print_frame(load_table(args.number), args.format)
    else:
        _print_frame(published_layout(args.number), args.format, index=True)
    return 0


def _add_table(sub) -> None:
    p = sub.add_parser("table", help="print a report table (1-10)")
    p.add_argument("number", type=int, choices=range(1, 11), metavar="N")
    p.add_argument("--tidy", action="store_true", help="print the tidy frame instead")
    p.add_argument("--format", choices=["text", "csv", "json", "markdown"], default="text")
    p.set_defaults(func=_cmd_table)


# ----------------------------------------------------------------------------- wave


def _cmd_wave_compare(args: argparse.Namespace) -> int:
    from .present.pipelines import wave_comparison

    result = wave_comparison(
        args.a,
        args.b,
        args.out,
        codebook=args.codebook,
        suppress=args.suppress,
        level=args.ci,
        unweighted=args.unweighted,
        figures=not args.no_figures,
    )
    for line in result.report_lines():
        print(line)
    return 0


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
    p.add_argument("a", metavar="A", help="earlier wave: a respondent-level file, or 2012")
    p.add_argument("b", metavar="B", help="later wave: a respondent-level file, or 2012")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--codebook", type=Path, default=None, help="codebook TOML for the files")
    p.add_argument(
        "--suppress",
        type=int,
        default=None,
        metavar="K",
        help="hide counts below K of the new wave(s) (never of 2012); no figures then",
    )
    p.add_argument("--ci", type=float, default=0.95, help="confidence level (default 0.95)")
    p.add_argument("--unweighted", action="store_true", help="ignore a weight column")
    p.add_argument("--no-figures", action="store_true", help="write the tables only")
    p.set_defaults(func=_cmd_wave_compare)


def _cmd_wave_summarize(args: argparse.Namespace) -> int:
    import warnings

    from .present.pipelines import wave_summary
    from .waves.model import WaveWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WaveWarning)
        result = wave_summary(
            args.path,
            args.out,
            codebook=args.codebook,
            name=args.name,
            figures=not args.no_figures,
            by=args.by,
        )
    for w in caught:
        print(f"lscb-survey: warning: {w.message}", file=sys.stderr)
    for line in result.report_lines():
        print(line)
    return 0


def _add_wave_summarize(sub) -> None:
    p = sub.add_parser(
        "summarize",
        help="tidy counts, summaries, printed tables and figures of one wave",
        description=(
            "Read a wave of respondent-level data (CSV, XLSX, SPSS .sav or Stata .dta; "
            "2012 for the report's published counts) and write counts.csv, summary.csv, "
            "one CSV per report table in the printed layout, and diverging bar charts."
        ),
    )
    p.add_argument("path", metavar="PATH", help="respondent-level file, or 2012")
    p.add_argument("--codebook", type=Path, default=None, help="codebook TOML (default: 2012)")
    p.add_argument("--name", default=None, help="name of the wave (default: the file name)")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--no-figures", action="store_true", help="write the tables only")
    p.add_argument(
        "--by", metavar="ATTR", default=None, help="also break the answers down by an attribute"
    )
    p.set_defaults(func=_cmd_wave_summarize)


# ----------------------------------------------------------------------------- wave trend


def _cmd_wave_trend(args: argparse.Namespace) -> int:
    from .present.pipelines.trends import wave_trend

    names = args.names.split(",") if args.names else None
    result = wave_trend(
        args.paths, args.out, codebook=args.codebook, names=names, figures=not args.no_figures
    )
    for line in result.report_lines():
        print(line)
    return 0


def _add_wave_trend(sub) -> None:
    p = sub.add_parser(
        "trend",
        help="any number of waves as a series, with trend tests",
        description=(
            "Read two or more waves, oldest first (2012 for the report's published counts), "
            "and write series.csv, series-summary.csv, trend-tests.csv and top-two figures."
        ),
    )
    p.add_argument("paths", metavar="PATH", nargs="+", help="respondent-level files, or 2012")
    p.add_argument("--codebook", type=Path, default=None, help="codebook TOML (default: 2012)")
    p.add_argument("--names", default=None, help="comma-separated wave names")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--no-figures", action="store_true", help="write the tables only")
    p.set_defaults(func=_cmd_wave_trend)


# ----------------------------------------------------------------------------- wave

#: Functions that add one ``wave`` subcommand each (``wave summarize``, ``wave compare``,
#: ``wave trend``).
_WAVE_COMMANDS: list[Callable] = [_add_wave_summarize, _add_wave_compare, _add_wave_trend]


def _add_wave(sub) -> None:
    p = sub.add_parser("wave", help="summarise a new wave or compare two waves")
    wave_sub = p.add_subparsers(dest="wave_command", required=True)
    for add in _WAVE_COMMANDS:
        add(wave_sub)


# ----------------------------------------------------------------------------- audit


def _cmd_audit(args: argparse.Namespace) -> int:
    from .checks.runner import audit, audit_by_rule, render_text

    if args.rounding == "all":
        frame = audit_by_rule()
        errors = int((frame["errors"] > 0).sum())
    else:
        frame = audit(rounding=args.rounding)
        errors = int((frame["severity"] == "error").sum())
    if args.format == "table" and args.rounding != "all":
        sys.stdout.write(render_text(frame))
    else:
        if args.format in ("table", "markdown"):  # blank, not <NA>, for missing cells
            frame = frame.astype("object").where(frame.notna(), "")
        _print_frame(frame, "text" if args.format == "table" else args.format)
    return 1 if args.strict and errors else 0


def _add_audit(sub) -> None:
    from .stats.rounding import ROUNDING_RULES

    p = sub.add_parser("audit", help="check the report's numbers for internal consistency")
    p.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    p.add_argument("--strict", action="store_true", help="exit with status 1 on any error")
    p.add_argument(
        "--rounding",
        choices=[*ROUNDING_RULES, "all"],
        default="either",
        help="rounding rule assumed (default: either; 'all' shows every rule side by side)",
    )
    p.set_defaults(func=_cmd_audit)


#: Functions that add one subcommand each.
_COMMANDS: list[Callable] = [_add_reproduce, _add_table, _add_wave, _add_audit]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``lscb-survey``."""
    parser = argparse.ArgumentParser(
        prog="lscb-survey",
        description="Tables, analysis, audit and figures for the 2012 survey of LSCB chairs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SurveyDataError as exc:
        print(f"lscb-survey: data error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
