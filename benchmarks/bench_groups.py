"""Breakdowns by group (`counts_by` + `likert_summary(by=)`) and trend tests over waves."""

from __future__ import annotations

import dataclasses
import time

from common import SEED, Context, Result, interleaved, median, spread, timed
from synthetic import N_ITEMS, synthetic_codebook, synthetic_wave

__all__ = ["bench_groups", "bench_trends"]

#: Groups of the synthetic attribute.
N_GROUPS = 10


def _grouped_wave(n: int, seed: int = SEED):
    """A synthetic wave of ``n`` respondents x 30 items with a 10-level attribute ``grp``."""
    import numpy as np

    from lscb_survey.data.attributes import Attribute
    from lscb_survey.data.codebook import Codebook
    from lscb_survey.waves.constructors import wave_from_responses

    base = synthetic_codebook()
    levels = tuple(f"G{k}" for k in range(N_GROUPS))
    book = Codebook(
        base.name, base.scales, base.items, source="benchmark",
        attributes=(Attribute("grp", "Group", levels=levels),),
    )  # fmt: skip
    df = synthetic_wave(n, book, seed=seed)
    rng = np.random.default_rng(seed + 1)
    df["grp"] = np.array(levels, dtype=object)[rng.integers(0, N_GROUPS, n)]
    return wave_from_responses(df, book), book


def _ungrouped(wave, book):
    """The ungrouped summary from the same responses: one bincount per item, then the summary."""
    import numpy as np

    from lscb_survey.analysis.likert import likert_summary
    from lscb_survey.stats.rounding import percent_of
    from lscb_survey.waves.model import counts_frame

    n = wave.respondents
    records = []
    for it in book.items:
        scale = book.scale_of(it.id)
        codes = wave.responses[it.id].cat.codes.to_numpy()
        tally = np.bincount(codes, minlength=len(scale.categories)).tolist()
        for level, count in zip(scale.categories, tally, strict=True):
            row = (it.table, it.section, it.block, it.id, it.label, scale.name, level, count)
            records.append((*row, percent_of(count, n), n))
    counts = counts_frame(records, [book.scale_of(i.id) for i in book.items])
    return likert_summary(counts, codebook=book)


def bench_groups(ctx: Context) -> list[Result]:
    """Time ``counts_by`` + ``likert_summary(by=)`` against the ungrouped summary (the
    groups are the 10 levels plus an empty "Not specified")."""
    from lscb_survey.analysis.likert import likert_summary

    n = 50_000 if ctx.quick else 1_000_000
    t0 = time.perf_counter()
    wave, book = _grouped_wave(n)
    built = time.perf_counter() - t0

    def grouped():
        return likert_summary(wave.counts_by("grp"), by="grp", codebook=book)

    out = grouped()
    if len(out) != (N_GROUPS + 1) * N_ITEMS or int(out["n"].sum()) != N_ITEMS * n:
        raise AssertionError("grouped summary does not cover every group and respondent")
    repeats = 3 if ctx.quick else 7
    times = interleaved(
        {"grouped": timed(grouped), "ungrouped": timed(lambda: _ungrouped(wave, book))}, repeats
    )
    med = {k: median(v) for k, v in times.items()}
    ctx.detail(
        "groups",
        f"{n:,} respondents x {N_ITEMS} items x {N_GROUPS} groups (wave built in {built:.1f} s,"
        " not timed). Grouped: `wave.counts_by(attr)` then `likert_summary(counts, by=attr)`"
        f" ({spread(times['grouped'])}); ungrouped: the same responses counted with one"
        " `numpy.bincount` per item, as `wave.counts` is built, then `likert_summary`"
        f" ({spread(times['ungrouped'])}).",
    )
    return [
        Result(
            "groups-summary",
            f"`counts_by` + `likert_summary(by=)`, {n:,} x {N_ITEMS} x {N_GROUPS}",
            med["grouped"],
            "s",
            med["ungrouped"],
            "ungrouped counts + `likert_summary`",
            "<= 2x",
            med["grouped"] <= 2 * med["ungrouped"],
        )  # fmt: skip
    ]


def bench_trends(ctx: Context) -> list[Result]:
    """Time ``trend_tests`` on 5 waves of 10^5 respondents (waves built beforehand)."""
    from lscb_survey.analysis.trends import trend_tests

    n = 10_000 if ctx.quick else 100_000
    waves = [
        dataclasses.replace(_grouped_wave(n, seed=SEED + k)[0], name=f"w{k}") for k in range(5)
    ]
    first = trend_tests(waves)
    if len(first) != N_ITEMS or first["p_value"].isna().any():
        raise AssertionError("trend_tests did not test every item")
    times = interleaved({"trend": timed(lambda: trend_tests(waves))}, 3 if ctx.quick else 5)
    ctx.detail(
        "groups",
        f"`trend_tests` on 5 waves of {n:,} respondents x {N_ITEMS} items"
        f" ({', '.join(sorted(set(first['method'])))}): {spread(times['trend'])}.",
    )
    return [
        Result(
            "trend-tests",
            f"`trend_tests`, 5 waves x {n:,} x {N_ITEMS}",
            median(times["trend"]),
            "s",
            target="< 2 s",
            met=median(times["trend"]) < 2,
        )  # fmt: skip
    ]
