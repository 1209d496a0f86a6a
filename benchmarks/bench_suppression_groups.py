"""Grouped suppression: the example wave by type of board, and growth with the number of groups."""

from __future__ import annotations

import time
import tracemalloc

from common import SEED, Context, Result, interleaved, median, timed

__all__ = ["bench_suppression_groups"]

#: Numbers of groups of the scaling run (10 items of 6 answers, about 8 respondents a group).
GROUPS = (10, 30, 100, 300)


def _many_groups(groups: int, n_items: int = 10, size: int = 8, seed: int = SEED):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    levels = [f"L{j}" for j in range(6)]
    rows = []
    for i in range(n_items):
        p = rng.dirichlet(np.full(len(levels), 2.0))
        for g in range(groups):
            counts = rng.multinomial(max(1, int(rng.poisson(size))), p)
            n = int(counts.sum())
            rows += [
                (5, f"q{i:02d}", level, int(c), n, f"G{g:03d}")
                for level, c in zip(levels, counts, strict=True)
            ]
    frame = pd.DataFrame(rows, columns=["table", "item_id", "response", "count", "n", "group"])
    frame["response"] = pd.Categorical(frame["response"], categories=levels, ordered=True)
    return frame


def bench_suppression_groups(ctx: Context) -> list[Result]:
    """Time ``suppress(by=...)`` of the example wave and of 10 to 300 synthetic groups."""
    from lscb_survey import config
    from lscb_survey.disclosure import suppress
    from lscb_survey.disclosure.release import check_release, information_lost
    from lscb_survey.present.pipelines.wave_reports import load_wave

    wave = load_wave(config.examples_dir() / "wave-example.csv")
    counts = wave.counts_by("lscb_type")
    suppress(counts, threshold=5, by="lscb_type")  # warm the rule's caches as a report would
    times = interleaved(
        {"example": timed(lambda: suppress(counts, threshold=5, by="lscb_type"))},
        3 if ctx.quick else 5,
    )
    example = median(times["example"])
    published = suppress(counts, threshold=5, by="lscb_type")
    check_release(published, counts)
    lost = information_lost(published)
    ctx.detail(
        "disclosure",
        f"Example wave (240 respondents) by type of board (5 groups), threshold 5:"
        f" {example:.2f} s; {lost['cells_hidden']} of {lost['cells']} whole-wave cells hidden"
        f" (the wave alone hides the same), {lost['group_cells_hidden']} of"
        f" {lost['group_cells']} group cells hidden, {lost['group_rows_withheld']} group rows"
        f" withheld.",
    )
    _recoded_detail(ctx, wave)
    per_group, peaks = {}, {}
    for groups in GROUPS[:3] if ctx.quick else GROUPS:
        frame = _many_groups(groups)
        tracemalloc.start()
        start = time.perf_counter()
        suppress(frame, threshold=5, by="group")
        per_group[groups] = (time.perf_counter() - start) / groups
        peaks[groups] = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    first, last = min(per_group), max(per_group)
    growth = per_group[last] / per_group[first]
    ctx.detail(
        "disclosure",
        "Grouped suppression of 10 items by G groups (about 8 respondents each), time per"
        " group and peak traced memory: "
        + ", ".join(f"G={g}: {per_group[g] * 1000:.0f} ms, {peaks[g]:.0f} MB" for g in per_group)
        + ".",
    )
    return [
        Result(
            "suppress-groups-example",
            "`suppress(by='lscb_type')` of the example wave (240 x 5 groups)",
            example,
            "s",
            target="< 1 s",
            met=example < 1,
        ),
        Result(
            "suppress-groups-linear",
            f"time per group at {last} groups over time per group at {first}",
            growth,
            "",
            target="<= 2 (linear in groups)",
            met=growth <= 2,
        ),
        Result(
            "suppress-groups-memory",
            f"peak traced memory of `suppress(by=...)` at {last} groups",
            peaks[last],
            "MB",
            target="< 200 MB",
            met=peaks[last] < 200,
        ),
    ]


def _recoded_detail(ctx: Context, wave) -> None:
    """Time the recoded breakdown a suppressed report publishes (positive answers, all others)."""
    from lscb_survey.disclosure import suppress
    from lscb_survey.disclosure.recoded import suppress_positive

    alone = suppress(wave.counts, threshold=5)
    counts = wave.counts_by("lscb_type")
    top = {i: wave.codebook.scale_of(i).top for i in counts["item_id"].astype(str).unique()}

    def run():
        return suppress_positive(counts, alone, by="lscb_type", top=top, threshold=5)

    published = run()
    times = interleaved({"recoded": timed(run)}, 3 if ctx.quick else 5)
    groups = published[published["lscb_type"].astype(str) != "All"]
    ctx.detail(
        "disclosure",
        f"The same, recoded to positive answers and all others as a suppressed report publishes"
        f" it, the release audit included: {median(times['recoded']):.2f} s;"
        f" {int(groups['suppressed'].sum())} of {len(groups)} group cells hidden.",
    )
