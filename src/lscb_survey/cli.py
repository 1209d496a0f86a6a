"""Command line: ``lscb-survey``.

Subcommands
-----------
reproduce   regenerate data/processed/ and figures/ (``--notebooks`` also runs the notebooks)
table N     print a report table in its printed layout (or tidy with ``--tidy``)
audit       check the report's numbers for internal consistency
wave        summarise a new wave (``wave summarize``) or compare two (``wave compare``)

Each subcommand is added by a ``_add_*`` function listed in ``_COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, config
from .errors import SurveyDataError


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


def _steps(args: argparse.Namespace) -> list[tuple[str, Callable[[], str]]]:
    from . import processed
    from .loaders import verify_checksums

    steps: list[tuple[str, Callable[[], str]]] = []

    def check_raw() -> str:
        verify_checksums()
        return "raw data matches its checksum manifest"

    def data() -> str:
        files = processed.write_processed(args.processed)
        return f"{len(files)} files in {Path(args.processed or config.processed_dir())}"

    steps += [("verify raw data", check_raw), ("processed data", data)]
    if not args.no_figures:

        def figures() -> str:
            from .plots import make_figures

            files = make_figures(args.figures)
            return f"{len(files)} figures in {Path(args.figures or config.figures_dir())}"

        steps.append(("figures", figures))
    if args.notebooks:

        def notebooks() -> str:
            from .notebooks import execute_notebooks

            files = execute_notebooks(html_dir=args.build)
            return f"{len(files)} notebooks executed to {args.build or 'notebooks/_build'}"

        steps.append(("notebooks", notebooks))
    return steps


def _cmd_reproduce(args: argparse.Namespace) -> int:
    steps = _steps(args)
    start = time.perf_counter()
    for k, (name, step) in enumerate(steps, start=1):
        t0 = time.perf_counter()
        detail = step()
        print(f"[{k}/{len(steps)}] {name}: {detail} ({time.perf_counter() - t0:.2f} s)", flush=True)
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
    from .layout import published_layout
    from .loaders import load_table

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


#: Functions that add one subcommand each.
_COMMANDS: list[Callable] = [_add_reproduce, _add_table]


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
