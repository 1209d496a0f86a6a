"""Import time: `import lscb_survey` against `import pandas`, in fresh interpreters."""

from __future__ import annotations

from collections.abc import Callable

from common import Context, Result, interleaved, median, run_python, spread

__all__ = ["bench_import"]


_IMPORT_TIMER = (
    "import time; t = time.perf_counter(); import {mod}; "
    "print(time.perf_counter() - t); import sys; print(len(sys.modules))"
)


def bench_import(ctx: Context) -> list[Result]:
    """Time ``import lscb_survey`` against ``import pandas``, each in a fresh interpreter."""
    repeats = 3 if ctx.quick else 15
    modules: dict[str, int] = {}

    def timer(mod: str) -> Callable[[], float]:
        def run() -> float:
            out = run_python(_IMPORT_TIMER.format(mod=mod)).stdout.split()
            modules[mod] = int(out[1])
            return float(out[0])

        return run

    times = interleaved({"lscb_survey": timer("lscb_survey"), "pandas": timer("pandas")}, repeats)
    ours, base = median(times["lscb_survey"]), median(times["pandas"])
    heavy = run_python(
        "import sys, lscb_survey; "
        "print(' '.join(m for m in ('pandas', 'numpy', 'matplotlib', 'scipy', 'seaborn') "
        "if m in sys.modules) or 'none')"
    ).stdout.strip()
    ctx.detail(
        "import",
        f"`import lscb_survey`: median {ours * 1000:.1f} ms ({spread(times['lscb_survey'], 'ms')}),"
        f" {modules['lscb_survey']} modules in `sys.modules` afterwards; of pandas, numpy,"
        f" matplotlib, scipy and seaborn it loads: {heavy}.",
    )
    ctx.detail(
        "import",
        f"`import pandas`: median {base * 1000:.1f} ms ({spread(times['pandas'], 'ms')}),"
        f" {modules['pandas']} modules.",
    )
    return [
        Result(
            "import",
            "`import lscb_survey`",
            ours,
            "s",
            base,
            "`import pandas`",
            "<= 1.2x",
            ours <= 1.2 * base,
            note="time of the import statement in a fresh interpreter",
        )
    ]
