"""Design-based estimates (`ls.estimate`) of a large weighted wave with a population size."""

from __future__ import annotations

from common import SEED, Context, Result, interleaved, median, spread, timed

__all__ = ["bench_estimates"]


def _weighted_wave(n: int):
    """The grouped synthetic wave of bench_groups (30 items, 10 groups), weighted, N = 2n."""
    import dataclasses

    import numpy as np
    from bench_groups import _grouped_wave

    from lscb_survey.waves.weights import with_weights

    wave, _ = _grouped_wave(n)
    rng = np.random.default_rng(SEED + 2)
    weighted = with_weights(wave, rng.uniform(0.5, 3.0, n))
    return dataclasses.replace(weighted, population=2 * n)


def bench_estimates(ctx: Context) -> list[Result]:
    """Time ``estimate(wave, by="grp")`` and the same on a wave raked to the groups."""
    from lscb_survey.analysis.estimates import estimate
    from lscb_survey.waves.calibration import rake

    n = 10_000 if ctx.quick else 100_000
    wave = _weighted_wave(n)
    levels = wave.attributes["grp"].value_counts()
    raked = rake(wave, {"grp": {str(k): 2.0 * v for k, v in levels.items()}})
    out = estimate(wave, by="grp")
    if out["share"].isna().sum() > len(out) // 10 or len(out["item_id"].unique()) != 30:
        raise AssertionError("estimate did not cover every item and group")
    times = interleaved(
        {"weighted": timed(lambda: estimate(wave, by="grp")),
         "raked": timed(lambda: estimate(raked, by="grp"))},
        3 if ctx.quick else 5,
    )  # fmt: skip
    med = {k: median(v) for k, v in times.items()}
    ctx.detail(
        "estimates",
        f"`estimate(wave, by='grp')` on {n:,} weighted respondents x 30 items x 10 groups with"
        f" a population of {2 * n:,}: {spread(times['weighted'])}; the same wave raked to the"
        f" groups (calibration residuals): {spread(times['raked'])}.",
    )
    return [
        Result(
            "estimate",
            f"`estimate(by=)`, weighted with fpc, {n:,} x 30 x 10",
            med["weighted"], "s", target="< 2 s", met=med["weighted"] < 2,
        ),
        Result(
            "estimate-raked",
            f"`estimate(by=)`, raked, {n:,} x 30 x 10",
            med["raked"], "s", target="< 2 s", met=med["raked"] < 2,
        ),
    ]  # fmt: skip
