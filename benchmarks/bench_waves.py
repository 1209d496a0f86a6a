"""Summarising a synthetic wave (`wave_from_responses`) and reading one from CSV (`read_wave`)."""

from __future__ import annotations

import gc
import math
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import SEED, Context, Result, interleaved, median, spread, timed
from synthetic import (
    BLANK_SHARE,
    N_ITEMS,
    categorical_counts,
    check_same_counts,
    floor_counts,
    synthetic_codebook,
    synthetic_wave,
    value_counts,
)

__all__ = ["bench_wave", "bench_wave_csv", "wave_api"]


def wave_api() -> tuple[Callable, Callable]:
    """``read_wave`` and ``wave_from_responses`` of the package measured."""
    from lscb_survey.waves.constructors import read_wave, wave_from_responses

    return read_wave, wave_from_responses


def _compare_wave(ctx: Context, df, book, wave_from_responses, repeats: int, suffix: str):
    """Time the wave summary, the floor and value_counts on one frame; two result rows."""
    wave = wave_from_responses(df, book)  # warm-up, and a correctness check
    check_same_counts(wave, floor_counts(df, book), book)
    del wave
    fns = {
        "floor": timed(lambda: floor_counts(df, book)),
        "value_counts": timed(lambda: value_counts(df, book)),
        "wave": timed(lambda: wave_from_responses(df, book)),
    }
    times = interleaved(fns, repeats)
    if not ctx.quick:  # much slower than the hash lookup, so timed once only
        times["categorical"] = [timed(lambda: categorical_counts(df, book))()]
    med = {k: median(v) for k, v in times.items()}
    floor_how = "codes by hash lookup + bincount"
    if med.get("categorical", math.inf) < med["floor"]:
        med["floor"], floor_how = med["categorical"], "`pandas.Categorical` codes + bincount"
    dtype = str(df.dtypes.iloc[0])
    ctx.detail(
        "wave",
        f"Columns of dtype `{dtype}`, medians of {repeats} interleaved runs: "
        + ", ".join(f"{k} {median(v):.3f} s" for k, v in times.items() if len(v) > 1)
        + (
            f" (categorical, one run: {times['categorical'][0]:.3f} s)"
            if "categorical" in times
            else ""
        )
        + ".",
    )
    label = f"`wave_from_responses`, {len(df):,} x {N_ITEMS}, `{dtype}`"
    rows = [
        Result(
            f"wave-summary vs floor{suffix}",
            label,
            med["wave"],
            "s",
            med["floor"],
            floor_how,
            "<= 1.5x",
            med["wave"] <= 1.5 * med["floor"],
        ),
        Result(
            f"wave-summary vs value_counts{suffix}",
            label,
            med["wave"],
            "s",
            med["value_counts"],
            "`value_counts` per column",
            "< 1x",
            med["wave"] < med["value_counts"],
        ),
    ]
    return rows, med


def bench_wave(ctx: Context) -> list[Result]:
    """Time ``wave_from_responses`` on a synthetic wave against the floor and ``value_counts``."""
    _, wave_from_responses = wave_api()
    n = 50_000 if ctx.quick else 1_000_000
    book = synthetic_codebook()
    t0 = time.perf_counter()
    df = synthetic_wave(n, book)
    built = time.perf_counter() - t0
    ctx.detail(
        "wave",
        f"Input: {n:,} respondents x {N_ITEMS} items of the agree5 scale as string labels"
        f" ({BLANK_SHARE:.0%} blank cells, the rest canonical labels; built in {built:.1f} s)."
        " `floor` codes each column with `Index.get_indexer` on the scale's labels plus NaN"
        " (a hash lookup of every cell), `categorical` with"
        " `pandas.Categorical(column, categories=...)`; both then `numpy.bincount`, both flag"
        " unknown labels, and the faster of the two is the floor. `value_counts` is"
        " `Series.value_counts(dropna=False)` per column, with no validation.",
    )
    results, med = _compare_wave(ctx, df, book, wave_from_responses, 3 if ctx.quick else 5, "")
    ctx.cache["frame"] = df
    if not ctx.quick:
        results += _wave_variants(ctx, df, book, wave_from_responses, med["wave"])
        # pandas 2.2 (and pandas 3 without the string dtype) hold the labels as objects
        as_object = df.astype(object)
        more, _ = _compare_wave(ctx, as_object, book, wave_from_responses, 3, " (object)")
        results += more
    return results


def _wave_variants(ctx: Context, df, book, wave_from_responses, clean: float) -> list[Result]:
    """The same wave with 1% of cells written as label variants (case, spaces)."""
    import numpy as np

    rng = np.random.default_rng(SEED + 1)
    messy = df.copy()
    n = len(df)
    for col in list(messy.columns)[::3]:
        rows = rng.choice(n, size=n // 100, replace=False)
        values = messy[col].to_numpy(dtype=object, na_value=None).copy()
        variants = {label: f"  {str(label).upper()} " for label in set(values[rows]) if label}
        values[rows] = [variants.get(v, v) for v in values[rows]]
        messy[col] = values
    times = interleaved({"messy": timed(lambda: wave_from_responses(messy, book))}, 3)
    t = median(times["messy"])
    ctx.detail(
        "wave",
        f"With 1% of the cells of every third column written as variants (`'  AGREE '`),"
        f" which must be normalised: median {t:.3f} s ({t / clean:.2f}x the clean input).",
    )
    return []


def _write_csv(df, path: Path) -> None:
    """Write the frame as CSV quickly (labels hold no delimiter or quote; blanks empty)."""
    cols = []
    for col in df.columns:
        values = df[col].to_numpy(dtype=object, na_value="")
        if any(("," in v or '"' in v or "\n" in v) for v in set(values.tolist())):
            raise ValueError(f"{col}: labels need quoting")
        cols.append(values.tolist())
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(map(str, df.columns)) + "\n")
        step = 100_000
        for start in range(0, len(df), step):
            part = [c[start : start + step] for c in cols]
            fh.write("\n".join(map(",".join, zip(*part, strict=True))) + "\n")


def bench_wave_csv(ctx: Context) -> list[Result]:
    """Time ``read_wave`` of a CSV file against ``pandas.read_csv`` of the same file."""
    read_wave, _ = wave_api()
    n = 20_000 if ctx.quick else 1_000_000
    import pandas as pd

    book = synthetic_codebook()
    with tempfile.TemporaryDirectory(prefix="lscb-bench-") as tmp:
        path = Path(tmp) / "wave.csv"
        t0 = time.perf_counter()
        _write_csv(synthetic_wave(n, book), path)
        written = time.perf_counter() - t0
        size = path.stat().st_size
        gc.collect()
        times = interleaved(
            {
                "read_csv": timed(lambda: pd.read_csv(path)),
                "read_wave": timed(lambda: read_wave(path, book)),
            },
            3 if ctx.quick else 5,
        )
    ours, base = median(times["read_wave"]), median(times["read_csv"])
    ctx.detail(
        "csv",
        f"CSV file of {n:,} rows x {N_ITEMS} columns, {size / 1e6:,.0f} MB (written in"
        f" {written:.1f} s); `pandas.read_csv(path)` median {base:.2f} s"
        f" ({spread(times['read_csv'])}); `read_wave(path, codebook)` median {ours:.2f} s"
        f" ({spread(times['read_wave'])}).",
    )
    return [
        Result(
            "wave-csv",
            f"`read_wave` of a {size / 1e6:,.0f} MB CSV",
            ours,
            "s",
            base,
            "`pandas.read_csv` of the same file",
            "<= 1.3x",
            ours <= 1.3 * base,
        )
    ]
