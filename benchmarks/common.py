"""Shared pieces of the benchmarks: result rows, timing helpers, subprocesses, machine facts.

Every benchmark module takes a :class:`Context` and returns a list of
:class:`Result` rows; ``run.py`` runs them and prints or records the table.
"""

from __future__ import annotations

import datetime
import gc
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ROOT",
    "SEED",
    "Context",
    "Result",
    "interleaved",
    "machine",
    "median",
    "results_table",
    "run_checked",
    "run_python",
    "spread",
    "subprocess_env",
    "timed",
    "verdict",
]

#: Top of the checkout being measured.
ROOT = Path(__file__).resolve().parents[1]
#: Seed of every synthetic data set.
SEED = 20120501


# ----------------------------------------------------------------------------- results


@dataclass
class Result:
    """One row of the results table."""

    name: str
    what: str
    measured: float | None
    unit: str  # "s", "ms", "MB" or "" (a plain number)
    baseline: float | None = None
    baseline_what: str = ""
    target: str = ""
    met: bool | None = None
    ratio: float | None = None
    note: str = ""
    #: The benchmark raised instead of measuring (the run then exits non-zero).
    failed: bool = False

    def __post_init__(self) -> None:
        if self.ratio is None and self.measured is not None and self.baseline:
            self.ratio = self.measured / self.baseline


@dataclass
class Context:
    """What the benchmarks share in a run: the --quick flag, detail lines, cached inputs."""

    quick: bool
    details: dict[str, list[str]] = field(default_factory=dict)
    cache: dict[str, object] = field(default_factory=dict)

    def detail(self, section: str, line: str) -> None:
        """Add a line to a section of the details printed under the table."""
        self.details.setdefault(section, []).append(line)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:.3f}"


def _met(flag: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "n/a"}[flag]


def verdict(r: Result) -> str:
    """One line: what was measured against its target, and whether the target was met."""
    if r.failed:
        return f"{r.name}: FAILED ({r.note})"
    ratio = f", ratio {r.ratio:.2f}" if r.ratio is not None else ""
    base = f" against {_fmt(r.baseline, r.unit)}" if r.baseline is not None else ""
    said = {True: "target met", False: "TARGET MISSED", None: "no verdict"}[r.met]
    return f"{r.name}: {_fmt(r.measured, r.unit)}{base}{ratio}; target {r.target or 'none'}: {said}"


def results_table(results: list[Result], *, markdown: bool) -> str:
    """The results as a plain-text or Markdown table."""
    header = ["benchmark", "measured", "baseline", "ratio", "target", "met?"]
    rows = []
    for r in results:
        measured = _fmt(r.measured, r.unit)
        baseline = _fmt(r.baseline, r.unit) if r.baseline is not None else "n/a"
        if markdown:
            measured = f"{measured} ({r.what})"
            if r.baseline is not None:
                baseline = f"{baseline} ({r.baseline_what})"
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else "n/a"
        met = _met(r.met) if markdown else _met(r.met).strip("*")
        rows.append([r.name, measured, baseline, ratio, r.target, met])
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*header), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*row) for row in rows]
    return "\n".join(lines)


# ----------------------------------------------------------------------------- helpers


def subprocess_env() -> dict[str, str]:
    """Environment of the benchmarks' subprocesses: Agg backend, ``src/`` on the path."""
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    src = str(ROOT / "src")
    if src not in env.get("PYTHONPATH", "").split(os.pathsep):
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def run_checked(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command in the checkout with :func:`subprocess_env`; raise if it fails."""
    env = kwargs.pop("env", None) or subprocess_env()
    proc = subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=ROOT, check=False, **kwargs
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc


def run_python(code: str) -> subprocess.CompletedProcess:
    """Run Python code in a fresh interpreter (see :func:`run_checked`)."""
    return run_checked([sys.executable, "-c", code])


def median(xs: list[float]) -> float:
    """Median of the timings."""
    return statistics.median(xs)


def interleaved(fns: dict[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    """Run each timing function ``repeats`` times, round-robin; return the timings."""
    out: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeats):
        for key, fn in fns.items():
            gc.collect()
            out[key].append(fn())
    return out


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    """Wrap ``fn`` into a function returning its wall time in seconds."""

    def run() -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    return run


def spread(xs: list[float], unit: str = "s") -> str:
    """The range of the timings, for the details (``unit``: "s" or "ms")."""
    scale = 1000 if unit == "ms" else 1
    return f"min {min(xs) * scale:.3g}, max {max(xs) * scale:.3g} {unit} over {len(xs)} runs"


# ----------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    """Facts about this machine and the software measured."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        usable = os.cpu_count() or 0
    versions = {}
    for mod in ("pandas", "numpy", "scipy", "matplotlib"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            versions[mod] = "not installed"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.strip()
        commit = f"{commit}{' (with uncommitted changes)' if dirty else ''}"
    except OSError:
        commit = "unknown"
    try:
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        load = "unknown"
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load average (1/5/15 min) at the end": load,
        "CPU": cpu,
        "cores": f"{os.cpu_count()} logical, {usable} usable",
        "RAM": ram,
        "OS": platform.platform(),
        "Python": platform.python_version(),
        **versions,
        "commit": commit or "unknown",
    }
