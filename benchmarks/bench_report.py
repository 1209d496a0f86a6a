"""The `lscb-survey report` command against `lscb-survey reproduce` (figures drawn in parallel)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from common import Context, Result, interleaved, median, run_checked, spread, timed

__all__ = ["bench_report"]


def _command(*args: str) -> None:
    with tempfile.TemporaryDirectory(prefix="lscb-bench-") as tmp:
        out = Path(tmp)
        if args[0] == "reproduce":
            extra = ["--processed", str(out / "p"), "--figures", str(out / "f")]
        else:
            extra = ["--out", str(out / "report"), "--workbook", str(out / "t.xlsx")]
        run_checked([sys.executable, "-m", "lscb_survey.cli", *args, *extra])


def bench_report(ctx: Context) -> list[Result]:
    """Time the report (with its workbook) against `reproduce`, each in a fresh process."""
    repeats = 1 if ctx.quick else 3
    times = interleaved(
        {
            "report": timed(lambda: _command("report")),
            "reproduce": timed(lambda: _command("reproduce")),
        },
        repeats,
    )
    ours, base = median(times["report"]), median(times["reproduce"])
    ctx.detail(
        "report",
        f"`lscb-survey report --workbook`: median {ours:.2f} s ({spread(times['report'])});"
        f" `lscb-survey reproduce`: median {base:.2f} s ({spread(times['reproduce'])}).",
    )
    return [
        Result(
            "report",
            "`lscb-survey report` with the workbook",
            ours,
            "s",
            base,
            "`lscb-survey reproduce`",
            f"<= reproduce + 1 s ({base + 1:.1f} s)",
            None if ctx.quick else ours <= base + 1.0,
            note="wall time of a fresh process writing into a temp dir",
        )
    ]
