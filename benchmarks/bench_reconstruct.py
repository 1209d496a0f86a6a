"""Reconstructing counts from printed percentages (`reconstruct_counts`)."""

from __future__ import annotations

from common import SEED, Context, Result, interleaved, median, timed

__all__ = ["bench_reconstruct"]


def bench_reconstruct(ctx: Context) -> list[Result]:
    """Time the slowest ``reconstruct_counts`` call against computing the count intervals."""
    import numpy as np

    from lscb_survey.stats.reconstruct import reconstruct_counts
    from lscb_survey.stats.rounding import count_interval, percent_of

    n, k = 1000, 6
    rng = np.random.default_rng(SEED)
    columns = []
    for _ in range(1 if ctx.quick else 10):
        counts = rng.multinomial(n, rng.dirichlet(np.ones(k)))
        columns.append([percent_of(int(c), n, "half_up") for c in counts])
    # the most solutions: every interval ten counts wide and n in the middle of their sums
    columns.append([17, 17, 17, 17, 16, 16])
    repeats = 3 if ctx.quick else 5
    worst = {"t": 0.0}
    medians, bases, sols = [], [], []
    for rule in ("half_up", "either"):
        for percents in columns:
            times = interleaved(
                {
                    "reconstruct": timed(lambda p=percents, r=rule: reconstruct_counts(p, n, r)),
                    "intervals": timed(
                        lambda p=percents, r=rule: [count_interval(x, n, r) for x in p]
                    ),
                },
                repeats,
            )
            t = median(times["reconstruct"])
            medians.append(t)
            bases.append(median(times["intervals"]))
            result = reconstruct_counts(percents, n, rule)
            sols.append(result.n_solutions)
            if t > worst["t"]:
                worst.update(t=t, percents=percents, rule=rule, n_solutions=result.n_solutions)
    ctx.detail(
        "reconstruct",
        f"{len(columns)} columns of {k} categories at n = {n} ({len(columns) - 1} drawn at random"
        " and rounded, one built to have the most solutions), each under half_up and under"
        f" either: median {median(medians) * 1000:.1f} ms, slowest {worst['t'] * 1000:.1f} ms"
        f" ({worst['percents']}, {worst['rule']}, {worst['n_solutions']:,} solutions listed);"
        f" solutions per column {min(sols):,} to {max(sols):,}; the slowest case spends"
        f" {worst['t'] / max(worst['n_solutions'], 1) * 1e6:.2f} microseconds per solution"
        " listed.",
    )
    return [
        Result(
            "reconstruct",
            f"slowest `reconstruct_counts`, {k} categories, n = {n}",
            worst["t"] * 1000,
            "ms",
            median(bases) * 1000,
            "count intervals alone",
            "< 100 ms",
            worst["t"] < 0.1,
        )
    ]
