"""The benchmark runner: a quick run works, and a broken run says so in its exit status."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "benchmarks" / "run.py"
NAMES = [
    "import", "reproduce", "wave", "wave-memory", "wave-csv", "reconstruct", "scaling", "groups",
    "trends", "disclosure", "estimates", "disclosure-groups",
]  # fmt: skip
#: Rows of the results table of a --quick run (the wave benchmark gives two).
ROWS = [
    "import",
    "reproduce",
    "wave-summary vs floor",
    "wave-summary vs value_counts",
    "wave-memory",
    "wave-csv",
    "reconstruct",
    "scaling",
    "groups-summary",
    "trend-tests",
    "disclosure",
    "estimate",
    "estimate-raked",
    "suppress-groups-example",
    "suppress-groups-linear",
    "suppress-groups-memory",
]

#: Runs the runner's main() after planting a fault in the package it measures.
FAULTY = textwrap.dedent(
    """
    import sys
    sys.path[:0] = [{src!r}, {bench!r}]
    import lscb_survey.stats.reconstruct as reconstruct

    def planted(*args, **kwargs):
        raise RuntimeError("planted fault")

    reconstruct.reconstruct_counts = planted
    import run
    raise SystemExit(run.main(["--quick", "--only", "reconstruct,import"]))
    """
)


def _run(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, capture_output=True, text=True, cwd=ROOT, timeout=timeout, check=False
    )


@pytest.mark.slow
def test_quick_run_prints_every_result_and_exits_zero():
    proc = _run([sys.executable, str(RUNNER), "--quick"])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    table = proc.stdout.split("measured", 1)[1]
    for name in NAMES:
        assert f"running {name} ..." in proc.stdout
    for row in ROWS:
        assert f"\n{row} " in table
    assert f"{len(ROWS)} measurements in" in proc.stdout
    assert "failed" not in proc.stdout


def test_a_benchmark_that_raises_makes_the_run_exit_non_zero():
    code = FAULTY.format(src=str(ROOT / "src"), bench=str(RUNNER.parent))
    proc = _run([sys.executable, "-c", code])
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "reconstruct: failed: RuntimeError: planted fault" in proc.stdout
    assert "1 benchmark(s) failed: reconstruct" in proc.stderr
    # the other benchmark still ran and is in the table
    assert "\nimport " in proc.stdout.split("measured", 1)[1]


def test_a_folder_that_is_not_a_checkout_stops_before_measuring(tmp_path):
    copy = tmp_path / "benchmarks"
    shutil.copytree(RUNNER.parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    proc = _run([sys.executable, str(copy / "run.py"), "--quick", "--only", "reconstruct"])
    assert proc.returncode == 2, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "is not a checkout of lscb-survey" in proc.stderr
    assert "running" not in proc.stdout
