"""Peak memory of `wave_from_responses`, measured in a fresh process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from common import Context, Result, run_checked
from synthetic import N_ITEMS

__all__ = ["bench_wave_memory"]

_MEMORY_WORKER = r"""
import gc, json, sys, time
sys.path.insert(0, sys.argv[2])
import synthetic as bench
import numpy as np, pandas as pd
from lscb_survey.waves.constructors import wave_from_responses

def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * __import__("os").sysconf("SC_PAGE_SIZE")

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) * 1024
    return None

def trim():
    # hand freed heap memory back to the system (glibc keeps it otherwise, and the
    # resident set would count memory that is free for the next allocation)
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass

def reset_hwm():
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False

n = int(sys.argv[1])
book = bench.synthetic_codebook()
wave_from_responses(bench.synthetic_wave(100, book), book)  # import everything it needs
gc.collect(); trim()
before_frame = rss()
df = bench.synthetic_wave(n, book)
gc.collect(); trim()
with_frame = rss()
footprint = bench.frame_footprint(df)
deep = int(df.memory_usage(deep=True).sum())
can_reset = reset_hwm()
wave = wave_from_responses(df, book)
peak = hwm() if can_reset else None
after = rss()
held = sum(int(a.nbytes) for a in [wave.responses[c].cat.codes.to_numpy() for c in wave.responses])
del wave
gc.collect(); trim()
import tracemalloc
tracemalloc.start()
wave = wave_from_responses(df, book)
traced_peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps(dict(before_frame=before_frame, with_frame=with_frame, footprint=footprint,
    deep=deep, peak=peak, after=after, traced_peak=traced_peak, held=held,
    dtype=str(df.dtypes.iloc[0]))))
"""


def bench_wave_memory(ctx: Context) -> list[Result]:
    """Measure the peak memory of ``wave_from_responses`` against the input frame's footprint."""
    n = 50_000 if ctx.quick else 1_000_000
    out = run_checked([sys.executable, "-c", _MEMORY_WORKER, str(n), str(Path(__file__).parent)])
    m = json.loads(out.stdout.strip().splitlines()[-1])
    mb = 1e6
    frame = m["footprint"] / mb
    grown = (m["with_frame"] - m["before_frame"]) / mb
    if m["peak"] is not None:
        peak = (m["peak"] - m["before_frame"]) / mb
        working = (m["peak"] - m["with_frame"]) / mb
        method = "resident-set high-water mark (VmHWM, reset just before the call)"
    else:  # no way to reset the high-water mark: fall back to tracemalloc
        working = m["traced_peak"] / mb
        peak = frame + working
        method = "tracemalloc peak (VmHWM could not be reset)"
    ctx.detail(
        "memory",
        f"{n:,} x {N_ITEMS} frame (`{m['dtype']}`): footprint {frame:,.0f} MB (8-byte references"
        f" plus each distinct label string once); the process grew by {grown:,.0f} MB when it"
        f" was built; `memory_usage(deep=True)` says {m['deep'] / mb:,.0f} MB because it counts"
        " the shared label string once per cell.",
    )
    ctx.detail(
        "memory",
        f"During `wave_from_responses` ({method}): frame plus working memory {peak:,.0f} MB,"
        f" of which {working:,.0f} MB above the frame; tracemalloc's peak of the call (numpy and"
        f" Python allocations) {m['traced_peak'] / mb:,.0f} MB. The finished wave keeps"
        f" {m['held'] / mb:,.0f} MB of category codes (`wave.responses`) alive.",
    )
    return [
        Result(
            "wave-memory",
            "frame + peak working memory",
            peak,
            "MB",
            frame,
            "input frame's footprint",
            "< 3x",
            peak < 3 * frame,
            note=method,
        )
    ]
