"""The cost of the readers' safety: SPSS/Stata files parsed in a child process, XLSX scanned first.

* ``sav-isolation``: ``read_file`` of an SPSS file (pyreadstat in a forked
  child, the result sent back through a pipe) against ``pyreadstat.read_sav``
  called in the process; the target is under 50 ms added per file.
* ``xlsx-bomb``: a workbook of a few KB with one value at ``XFD1048576`` is
  refused; the time and the peak memory of the refusal (in a fresh process).
"""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path

from common import Context, Result, median, run_python

__all__ = ["bench_readers"]


def _sav(folder: Path, rows: int) -> Path:
    import numpy as np
    import pandas as pd
    import pyreadstat

    rng = np.random.default_rng(1)
    frame = pd.DataFrame({f"Q{k}": rng.integers(1, 6, rows).astype(float) for k in range(30)})
    frame.insert(0, "id", np.arange(rows, dtype=float))
    path = folder / "wave.sav"
    pyreadstat.write_sav(frame, str(path))
    return path


def _bomb(folder: Path) -> Path:
    from openpyxl import Workbook

    path = folder / "bomb.xlsx"
    wb = Workbook()
    wb.active.append(["id", "t9_sanctions"])
    wb.active.append([1, "Agree"])
    wb.save(path)
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _costs(fn, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (children included) of ``repeats`` calls of ``fn``."""
    wall, cpu = [], []
    for _ in range(repeats):
        c0, t0 = _cpu(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(_cpu() - c0)
    return wall, cpu


def bench_readers(ctx: Context) -> list[Result]:
    """Child-process cost of reading an SPSS file; time and memory of refusing an XLSX bomb."""
    import pyreadstat

    from lscb_survey.waves.formats import read_file

    repeats = 5 if ctx.quick else 15
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (60, 10_000):
            sav = _sav(Path(tmp), rows)
            isolated = {"wall": [], "cpu": []}
            direct = {"wall": [], "cpu": []}
            for _ in range(repeats):  # interleaved, so that a slow spell hits both
                for into, fn in (
                    (isolated, lambda sav=sav: read_file(sav)),
                    (direct, lambda sav=sav: pyreadstat.read_sav(str(sav), user_missing=True)),
                ):
                    wall, cpu = _costs(fn, 1)
                    into["wall"] += wall
                    into["cpu"] += cpu
            added = {k: median(isolated[k]) - median(direct[k]) for k in ("wall", "cpu")}
            ctx.detail(
                "readers",
                f"SPSS file of {rows:,} rows x 31 columns, medians of {repeats} interleaved "
                f"runs: read_file (parsed in a child process) {median(isolated['wall']) * 1e3:.1f}"
                f" ms wall, {median(isolated['cpu']) * 1e3:.1f} ms CPU (parent and child); "
                f"pyreadstat in the process {median(direct['wall']) * 1e3:.1f} ms wall, "
                f"{median(direct['cpu']) * 1e3:.1f} ms CPU.",
            )
            results.append(
                Result(
                    f"sav-isolation ({rows:,} rows)",
                    f"CPU added by reading a .sav of {rows:,} x 31 in a child process",
                    added["cpu"] * 1e3,
                    "ms",
                    median(direct["cpu"]) * 1e3,
                    "pyreadstat in the process",
                    "< 50 ms",
                    added["cpu"] < 0.050,
                    note=f"wall time added {added['wall'] * 1e3:.0f} ms",
                )
            )
        bomb = _bomb(Path(tmp))
        size = bomb.stat().st_size
        code = (
            "import resource, time, warnings\n"
            "from pathlib import Path\n"
            "from lscb_survey.waves.formats import read_file\n"
            "from lscb_survey.errors import WaveFormatError\n"
            "t = time.perf_counter()\n"
            f"try:\n    read_file(Path({str(bomb)!r}))\nexcept WaveFormatError:\n    pass\n"
            "t = time.perf_counter() - t\n"
            "print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
        )
        seconds, peak_mb = map(float, run_python(code).stdout.split())
    results.append(
        Result(
            "xlsx-bomb",
            f"refusing a {size:,}-byte XLSX with a value at XFD1048576",
            seconds,
            "s",
            None,
            f"peak {peak_mb:.0f} MB (the process, imports included)",
            "< 2 s, < 2 GB",
            seconds < 2 and peak_mb < 2048,
        )
    )
    return results
