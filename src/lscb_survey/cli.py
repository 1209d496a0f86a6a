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
    from .data.rawfiles import verify_checksums
    from .present import processed

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
            from .present.figures import make_figures

            files = make_figures(args.figures)
            return f"{len(files)} figures in {Path(args.figures or config.figures_dir())}"

        steps.append(("figures", figures))
    if args.notebooks:

        def notebooks() -> str:
            from .present.notebooks import execute_notebooks

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


def _load_wave(spec: str, codebook: Path | None, unweighted: bool):
    """A wave from a file (weighted when its codebook names a weight column), or 2012."""
    from .data.codebook import default_codebook, read_codebook
    from .waves.model import published_wave, read_wave
    from .waves.weights import read_weighted_wave

    if spec == "2012":
        return published_wave()
    book = read_codebook(codebook) if codebook is not None else default_codebook()
    if book.weight_column and not unweighted:
        return read_weighted_wave(spec, book)
    return read_wave(spec, book)


def _comparison_figures(a, b, labels, out: Path) -> list[Path]:
    import matplotlib.pyplot as plt
    import pandas as pd

    from .analysis.compare import wave_shares
    from .present.plots import paired_diverging_bars
    from .present.style import save_figure

    shares_a, shares_b = wave_shares(a), wave_shares(b)
    groups = pd.concat([shares_a, shares_b])[["table", "scale"]].drop_duplicates()
    files = []
    for table, scale in groups.itertuples(index=False):

        def pick(frame, table=table, scale=scale):
            same_table = frame["table"].isna() if pd.isna(table) else frame["table"] == table
            return frame[same_table & (frame["scale"] == scale)]

        name = f"table-{int(table):02d}" if not pd.isna(table) else "items"
        title = f"{labels[0]} and {labels[1]}: " + (
            f"items of Table {int(table)}" if not pd.isna(table) else f"{scale} items"
        )
        if groups["table"].eq(table).sum() > 1 or pd.isna(table):
            name += f"-{scale}"
        fig = paired_diverging_bars(pick(shares_a), pick(shares_b), labels=labels, title=title)
        files.append(save_figure(fig, out / f"comparison-{name}.png"))
        plt.close(fig)
    return files


def _cmd_wave_compare(args: argparse.Namespace) -> int:
    from .analysis.compare import compare_distributions, compare_waves, largest_changes
    from .disclosure import suppress_comparison
    from .present.export import write_csv

    a = _load_wave(args.a, args.codebook, args.unweighted)
    b = _load_wave(args.b, args.codebook, args.unweighted)
    comparison = compare_waves(a, b, level=args.ci)
    labels = comparison.attrs["labels"]
    distributions = compare_distributions(a, b, labels=labels)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sides = [s for s, spec in (("a", args.a), ("b", args.b)) if spec != "2012"]
    if args.suppress is not None and sides:
        comparison = suppress_comparison(comparison, threshold=args.suppress, sides=sides)
        hidden = set(comparison.loc[comparison.suppressed_a | comparison.suppressed_b, "item_id"])
        distributions = distributions.assign(
            **{
                c: distributions[c].mask(distributions["item_id"].isin(hidden))
                for c in ("statistic", "p_value", "p_adjusted", "p_ffh", "p_asymptotic")
            }
        )
    files = [
        write_csv(comparison, out / "comparison.csv"),
        write_csv(distributions, out / "distributions.csv"),
    ]
    if args.suppress is not None and sides:
        print(
            f"suppressed counts below {args.suppress} in "
            + ", ".join(labels[0 if s == "a" else 1] for s in sides)
            + ";"
            " figures not drawn (bar lengths would show the hidden counts)"
        )
    elif not args.no_figures:
        files += _comparison_figures(a, b, labels, out)
    counts = comparison.drop_duplicates("item_id")["status"].value_counts()
    print(
        f"{labels[0]} -> {labels[1]}: "
        + ", ".join(f"{int(counts[s])} items {s}" for s in counts.index if counts[s])
    )
    top = largest_changes(comparison, 5)
    for r in top.itertuples():
        print(
            f"  {r.short[:50]:<50} {r.response:<27} {r.change_pp:+6.1f} points "
            f"[{r.ci_low:+.1f}, {r.ci_high:+.1f}]"
        )
    for path in files:
        print(f"wrote {path}")
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


def _wave_figures(wave, out: Path) -> list[Path]:
    """Diverging bars of every item, one figure per table (or per scale)."""
    import matplotlib.pyplot as plt
    import pandas as pd

    from .analysis.likert import likert_shares
    from .present.plots import diverging_bars
    from .present.style import save_figure

    counts = wave.counts
    files = []
    keys = counts[["table", "scale"]].drop_duplicates()
    for table, scale in keys.itertuples(index=False):
        if pd.isna(table):
            part = counts[counts["table"].isna() & (counts["scale"] == scale)]
            name, what = f"figure-{scale}", f"{scale} items"
        else:
            part = counts[(counts["table"] == table) & (counts["scale"] == scale)]
            name, what = f"figure-table{int(table):02d}", f"items of Table {int(table)}"
            if (keys["table"] == table).sum() > 1:
                name += f"-{scale}"
        shares = likert_shares(part, codebook=wave.codebook)
        fig = diverging_bars(
            shares, group="block", title=f"{wave.name} ({wave.respondents} respondents): {what}"
        )
        files.append(save_figure(fig, out / f"{name}.png"))
        plt.close(fig)
    return files


def _cmd_wave_summarize(args: argparse.Namespace) -> int:
    import warnings

    from .analysis.likert import likert_summary
    from .present.export import write_csv
    from .present.layout import published_layout
    from .waves.model import WaveWarning, published_wave, read_wave

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WaveWarning)
        if args.path == "2012":
            wave = published_wave()
        else:
            wave = read_wave(args.path, args.codebook, name=args.name)
    for w in caught:
        print(f"lscb-survey: warning: {w.message}", file=sys.stderr)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    files = [
        write_csv(wave.counts, out / "counts.csv"),
        write_csv(likert_summary(wave.counts, codebook=wave.codebook), out / "summary.csv"),
    ]
    for table in wave.tables:
        layout = published_layout(table, wave=wave)
        files.append(write_csv(layout, out / f"table{table:02d}.csv", index=True))
    if not args.no_figures:
        files += _wave_figures(wave, out)
    print(f"{wave.name}: {wave.respondents} respondents, {len(wave.items)} items")
    for path in files:
        print(f"wrote {path}")
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
    p.set_defaults(func=_cmd_wave_summarize)


#: Functions that add one ``wave`` subcommand each (``wave summarize``, ``wave compare``).
_WAVE_COMMANDS: list[Callable] = [_add_wave_summarize, _add_wave_compare]


def _add_wave(sub) -> None:
    p = sub.add_parser("wave", help="summarise a new wave or compare two waves")
    wave_sub = p.add_subparsers(dest="wave_command", required=True)
    for add in _WAVE_COMMANDS:
        add(wave_sub)


# ----------------------------------------------------------------------------- audit


def _cmd_audit(args: argparse.Namespace) -> int:
    from .checks.core import audit, audit_by_rule, render_text

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
