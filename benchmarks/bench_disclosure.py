"""Disclosure control of a large wave broken down by group (`suppress(..., by=...)`)."""

from __future__ import annotations

from common import SEED, Context, Result, interleaved, median, timed

__all__ = ["bench_disclosure", "grouped_counts"]

#: Groups of the breakdown; the last is small, as the 2012 South West was.
N_GROUPS = 10


def grouped_counts(n: int, n_items: int, *, seed: int = SEED):
    """Tidy counts of ``n`` respondents x ``n_items`` agree5 items, one block per group.

    Respondents fall in ``N_GROUPS`` groups (nine of similar size and one of 40
    respondents); each item's answers follow the synthetic wave's probabilities.
    """
    import numpy as np
    import pandas as pd
    from synthetic import item_probabilities, synthetic_codebook

    rng = np.random.default_rng(seed)
    levels = list(synthetic_codebook().scales["agree5"].categories)
    small = 40
    groups = np.append(rng.multinomial(n - small, np.full(N_GROUPS - 1, 1 / (N_GROUPS - 1))), small)
    rows = []
    for i in range(n_items):
        p = item_probabilities(rng, len(levels))
        p = np.append(p[:-2], p[-2] + p[-1])  # blanks count as the last level
        for g, size in enumerate(groups):
            counts = rng.multinomial(size, p)
            rows += [
                (5, f"q{i:02d}", level, int(c), int(size), f"Group {g}")
                for level, c in zip(levels, counts, strict=True)
            ]
    frame = pd.DataFrame(rows, columns=["table", "item_id", "response", "count", "n", "group"])
    frame["response"] = pd.Categorical(frame["response"], categories=levels, ordered=True)
    return frame


def bench_disclosure(ctx: Context) -> list[Result]:
    """Time protecting a 10^5-respondent wave by 10 groups against primary suppression alone."""
    from lscb_survey.disclosure import suppress, suppression_audit

    n, n_items = (10_000, 10) if ctx.quick else (100_000, 30)
    frame = grouped_counts(n, n_items)
    repeats = 1 if ctx.quick else 3
    times = interleaved(
        {
            "protect": timed(lambda: suppress(frame, threshold=10, by="group")),
            "primary": timed(lambda: suppress(frame, threshold=10, by="group", secondary=False)),
        },
        repeats,
    )
    t = median(times["protect"])
    published = suppress(frame, threshold=10, by="group")
    audit = suppression_audit(published, frame)
    ctx.detail(
        "disclosure",
        f"{n:,} respondents, {n_items} items of 6 answers, {N_GROUPS} groups (one of 40"
        f" respondents), threshold 10: {int(published['suppressed'].sum())} of"
        f" {len(published)} cells hidden ({len(published.attrs['withheld'])} group rows"
        f" withheld), {int(audit['flagged'].sum())} flagged by the audit; median of"
        f" {repeats} run(s) {t:.2f} s.",
    )
    return [
        Result(
            "disclosure",
            f"`suppress(by=...)`, {n:,} respondents x {N_GROUPS} groups",
            t,
            "s",
            median(times["primary"]),
            "primary suppression only",
            "< 5 s",
            t < 5,
        )
    ]
