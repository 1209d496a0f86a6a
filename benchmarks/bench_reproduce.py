"""The `lscb-survey reproduce` command against a process importing pandas, matplotlib, scipy and seaborn."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import (
    Context,
    Result,
    interleaved,
    median,
    run_checked,
    run_python,
    spread,
    subprocess_env,
    timed,
)

__all__ = ["bench_reproduce"]


_STEP = re.compile(r"^\[\d+/\d+\] (?P<name>[^:]+): .*\((?P<secs>[\d.]+) s\)$")
#: The import floor: the scientific stack a run of the figures needs (seaborn brings in
#: ``matplotlib.pyplot`` and ``scipy.stats``).
_FLOOR = "import pandas, matplotlib, scipy, seaborn"


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _importtime_by_package(stderr: str) -> dict[str, float]:
    """Self time (s) of every module in ``-X importtime`` output, summed by top package."""
    totals: dict[str, float] = {}
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m:
            package = m.group(2).split(".")[0]
            totals[package] = totals.get(package, 0.0) + int(m.group(1)) / 1e6
    return totals


_FIGURE_TIMER = r"""
import json, sys, tempfile, time
from pathlib import Path
import matplotlib.pyplot as plt
from lscb_survey.present.figures import figure_specs
from lscb_survey.present.style import save_figure

specs = figure_specs()
specs[0].build()  # imports and caches everything the figures use
plt.close("all")
build = save = 0.0
with tempfile.TemporaryDirectory() as tmp:
    for spec in specs:
        t0 = time.perf_counter()
        fig = spec.build()
        t1 = time.perf_counter()
        save_figure(fig, Path(tmp) / spec.filename)
        t2 = time.perf_counter()
        plt.close(fig)
        build += t1 - t0
        save += t2 - t1
print(json.dumps({"n": len(specs), "build": build, "save": save}))
"""


def _reproduce(
    options: tuple[str, ...], extra: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``reproduce`` with ``options`` in a fresh interpreter (``extra``: its flags), into a temp dir."""
    with tempfile.TemporaryDirectory(prefix="lscb-bench-") as tmp:
        more = {} if env is None else {"env": {**subprocess_env(), **env}}
        return run_checked(
            [
                sys.executable,
                *extra,
                "-m",
                "lscb_survey.cli",
                "reproduce",
                *options,
                "--processed",
                str(Path(tmp) / "processed"),
                "--figures",
                str(Path(tmp) / "figures"),
            ],
            **more,
        )


def bench_reproduce(ctx: Context) -> list[Result]:
    """Time ``lscb-survey reproduce`` against a process that only imports the scientific stack."""
    repeats = 1 if ctx.quick else 3
    steps: dict[str, list[float]] = {}
    outside: list[float] = []  # per run: time outside the reported steps
    last: dict[str, str] = {}

    # --quick smoke-tests this benchmark without the figures (most of the time)
    options = ("--no-figures",) if ctx.quick else ()

    cpu: dict[str, list[float]] = {"reproduce": [], "floor": []}

    def run_reproduce() -> float:
        t0, c0 = time.perf_counter(), _children_cpu()
        proc = _reproduce(options)
        elapsed = time.perf_counter() - t0
        cpu["reproduce"].append(_children_cpu() - c0)
        run_steps: dict[str, float] = {}
        for line in proc.stdout.splitlines():
            m = _STEP.match(line.strip())
            if m:
                steps.setdefault(m["name"], []).append(float(m["secs"]))
                run_steps[m["name"]] = float(m["secs"])
        if "figures" in run_steps:  # drawn from the end of the check, alongside the data
            run_steps.pop("processed data", None)
        outside.append(elapsed - sum(run_steps.values()))
        last["stdout"] = proc.stdout
        return elapsed

    def run_floor() -> float:
        t0, c0 = time.perf_counter(), _children_cpu()
        run_python(_FLOOR)
        cpu["floor"].append(_children_cpu() - c0)
        return time.perf_counter() - t0

    fns = {"reproduce": run_reproduce, "floor": run_floor}
    if not ctx.quick:
        fns["no_figures"] = timed(lambda: _reproduce((*options, "--no-figures")))
    times = interleaved(fns, repeats)
    ours, floor = median(times["reproduce"]), median(times["floor"])
    step_text = ", ".join(f"{k} {median(v):.2f} s" for k, v in steps.items())
    ctx.detail(
        "reproduce",
        f"Whole process: median {ours:.2f} s ({spread(times['reproduce'])}); floor process"
        f' (`python -c "{_FLOOR}"`): median {floor:.2f} s ({spread(times["floor"])}).'
        + (
            f" The same command with `--no-figures`: median {median(times['no_figures']):.2f} s"
            f" ({median(times['no_figures']) - floor:.2f} s above the floor)."
            if "no_figures" in times
            else ""
        ),
    )
    ctx.detail(
        "reproduce",
        f"CPU time (user + system, the process and its workers; less moved by other work"
        f" than wall time): reproduce median {median(cpu['reproduce']):.2f} s, floor"
        f" {median(cpu['floor']):.2f} s.",
    )
    made = re.findall(r"(\d+ (?:files|figures)) in ", last.get("stdout", ""))
    ctx.detail(
        "reproduce",
        f"Steps as `reproduce` reports them (medians): {step_text} (the figures are drawn in"
        " worker processes from the end of the check, alongside the processed data); outside"
        " the steps (interpreter start-up, the command line's own imports, exit)"
        f" {median(outside):.2f} s."
        " It wrote " + " and ".join(made) + ".",
    )
    if not ctx.quick:
        _figure_and_import_details(ctx, options)
    return [
        Result(
            "reproduce",
            "`lscb-survey reproduce`, no notebooks"
            + (" (--quick: no figures)" if ctx.quick else ""),
            ours,
            "s",
            floor,
            "process importing pandas, matplotlib, scipy, seaborn",
            f"<= floor + 2 s ({floor + 2:.1f} s)",
            None if ctx.quick else ours <= floor + 2.0,
            note="wall time of a fresh process writing into a temp dir"
            + ("; --quick leaves out the figures, so no verdict" if ctx.quick else ""),
        )
    ]


def _figure_and_import_details(ctx: Context, options: tuple[str, ...]) -> None:
    """Details of a full run: figure build and save times, and imports by package."""
    figs = json.loads(run_python(_FIGURE_TIMER).stdout.strip().splitlines()[-1])
    ctx.detail(
        "reproduce",
        f"Making the {figs['n']} figures in a warm process (one run): building them (data"
        f" and artists) {figs['build']:.2f} s, saving them (rendering at the figures'"
        f" resolution and PNG encoding) {figs['save']:.2f} s.",
    )
    with tempfile.TemporaryDirectory(prefix="lscb-bench-cache-") as cache:
        t0 = time.perf_counter()
        _reproduce(options, env={"LSCB_SURVEY_CACHE": cache})
        cold = time.perf_counter() - t0
    ctx.detail(
        "reproduce",
        f"With an empty cache folder (`LSCB_SURVEY_CACHE`, so the built-in codebook is"
        f" checked against its schema with `jsonschema` again; one run): {cold:.2f} s.",
    )
    proc = _reproduce(options, ("-X", "importtime"))
    by_pkg = _importtime_by_package(proc.stderr)
    total = sum(by_pkg.values())
    top = sorted(by_pkg.items(), key=lambda kv: -kv[1])[:8]
    ctx.detail(
        "reproduce",
        f"Imports during one `reproduce` (`-X importtime`, self time summed by package;"
        f" {total:.2f} s in all): " + ", ".join(f"{k} {v:.2f} s" for k, v in top) + ".",
    )
