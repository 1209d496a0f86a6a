"""How the time of `wave_from_responses` grows with the number of respondents."""

from __future__ import annotations

from bench_waves import wave_api
from common import Context, Result, interleaved, median, timed
from synthetic import N_ITEMS, floor_counts, synthetic_codebook, synthetic_wave

__all__ = ["bench_scaling"]


def bench_scaling(ctx: Context) -> list[Result]:
    """Fit how the time of ``wave_from_responses`` grows with the number of respondents."""
    import numpy as np

    _, wave_from_responses = wave_api()
    book = synthetic_codebook()
    sizes = [1_000, 10_000, 50_000] if ctx.quick else [10_000, 100_000, 1_000_000]
    frames = {}
    for n in sizes:
        cached = ctx.cache.get("frame")
        frames[n] = cached if cached is not None and len(cached) == n else synthetic_wave(n, book)
    fns = {}
    for n, df in frames.items():
        fns[("wave", n)] = timed(lambda d=df: wave_from_responses(d, book))
        fns[("floor", n)] = timed(lambda d=df: floor_counts(d, book))
    # every size in each round, so a busy spell of the machine touches all of them
    times = interleaved(fns, 3 if ctx.quick else 5)
    rows = [(n, median(times[("wave", n)]), median(times[("floor", n)])) for n in sizes]
    del frames
    logn = np.log10([r[0] for r in rows])
    slope = float(np.polyfit(logn, np.log10([r[1] for r in rows]), 1)[0])
    floor_slope = float(np.polyfit(logn, np.log10([r[2] for r in rows]), 1)[0])
    upper = float(np.log10(rows[-1][1] / rows[-2][1]) / np.log10(rows[-1][0] / rows[-2][0]))
    b, fixed = np.polyfit([r[0] for r in rows], [r[1] for r in rows], 1)
    per_cell = float(b) / N_ITEMS
    ctx.detail(
        "scaling",
        "`wave_from_responses` on 30 items: "
        + "; ".join(
            f"{n:,} respondents {t:.4f} s ({t / n * 1e9 / N_ITEMS:.0f} ns per cell; floor"
            f" {f:.4f} s)"
            for n, t, f in rows
        )
        + f". Log-log slope over all sizes {slope:.2f} (floor {floor_slope:.2f}); between the"
        f" two largest sizes {upper:.2f}. A straight-line fit, time = a + b x respondents, gives"
        f" a fixed cost a = {fixed * 1000:.0f} ms per call and b = {per_cell * 1e9:.0f} ns per"
        " cell; a fixed cost per call is what pulls a log-log slope below 1 at small sizes.",
    )
    return [
        Result(
            "scaling",
            f"log-log slope of time vs respondents, {sizes[0]:,} to {sizes[-1]:,}",
            slope,
            "",
            floor_slope,
            "slope of the floor",
            "<= 1.1 (linear)",
            slope <= 1.1 and upper <= 1.1,
            ratio=None,
        )
    ]
