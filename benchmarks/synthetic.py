"""Synthetic respondent-level waves and the floors a wave summary is measured against.

Imported by the wave benchmarks and by the memory worker, which runs in its own process.
"""

from __future__ import annotations

import sys

from common import SEED

__all__ = [
    "BLANK_SHARE",
    "N_ITEMS",
    "categorical_counts",
    "check_same_counts",
    "floor_counts",
    "frame_footprint",
    "item_probabilities",
    "synthetic_codebook",
    "synthetic_wave",
    "value_counts",
]

#: Items of the synthetic wave.
N_ITEMS = 30
#: Share of blank answers in the synthetic wave.
BLANK_SHARE = 0.03


def synthetic_codebook():
    """A codebook of 30 items, all on the built-in agree5 scale."""
    from lscb_survey.data.codebook import Codebook, Item, default_codebook

    agree5 = default_codebook().scales["agree5"]
    items = tuple(
        Item(id=f"q{k:02d}", label=f"Synthetic statement {k}", scale="agree5", table=None)
        for k in range(1, N_ITEMS + 1)
    )
    return Codebook("synthetic", {"agree5": agree5}, items, source="benchmark")


def item_probabilities(rng, k: int):
    """Answer probabilities of one item: random over ``k`` labels, then the blank share."""
    import numpy as np

    p = rng.dirichlet(np.full(k, 2.0)) * (1 - BLANK_SHARE)
    return np.append(p, BLANK_SHARE)


def synthetic_wave(n: int, codebook=None, *, seed: int = SEED):
    """Respondent-level answers as string labels: ``n`` rows x 30 item columns.

    Every cell is a canonical label of the agree5 scale (including "Not
    specified" written out) or blank (missing), 3% blanks on average. Label
    strings are shared between cells, as ``pandas.read_csv`` shares them.
    """
    import numpy as np
    import pandas as pd

    codebook = codebook or synthetic_codebook()
    rng = np.random.default_rng(seed)
    data = {}
    for item in codebook.items:
        cats = codebook.scale_of(item.id).categories
        pool = np.array([*cats, np.nan], dtype=object)
        data[item.source_column] = pool[
            rng.choice(len(pool), size=n, p=item_probabilities(rng, len(cats)))
        ]
    return pd.DataFrame(data)


def frame_footprint(df) -> int:
    """Bytes the frame really holds: its arrays of references plus each distinct object once.

    ``memory_usage(deep=True)`` adds the size of the referenced object once per
    cell, although equal labels are usually one shared string object (always in
    the synthetic wave; within each block of rows in a frame from ``read_csv``).
    """
    import numpy as np

    total = int(df.memory_usage(index=True, deep=False).sum())
    for col in df.columns:
        values = df[col].array
        values = getattr(values, "_ndarray", values)  # the object array behind a StringArray
        if not isinstance(values, np.ndarray) or values.dtype.kind != "O":
            continue  # a numeric or Arrow column: deep=False already counts its buffers
        ids = np.fromiter(map(id, values), dtype=np.uint64, count=len(values))
        _, first = np.unique(ids, return_index=True)
        total += sum(sys.getsizeof(values[i]) for i in first.tolist())
    return total


def floor_counts(df, codebook) -> list:
    """The floor: code each column to categorical codes (hash lookup), count with bincount.

    Validation is included: a non-blank value that is not a label of the scale
    gets code -1 and is reported.
    """
    import numpy as np
    import pandas as pd

    out = []
    for item in codebook.items:
        cats = codebook.scale_of(item.id).categories
        index = pd.Index([*cats, np.nan], dtype=object)
        codes = index.get_indexer(df[item.source_column])
        tally = np.bincount(codes + 1, minlength=len(cats) + 2)
        if tally[0]:
            raise ValueError(f"{item.source_column}: {tally[0]} unknown labels")
        tally[-2] += tally[-1]  # blanks count as "Not specified"
        out.append(tally[1:-1])
    return out


def categorical_counts(df, codebook) -> list:
    """Another floor: ``pandas.Categorical`` with the scale's categories, then bincount."""
    import numpy as np
    import pandas as pd

    out = []
    for item in codebook.items:
        cats = codebook.scale_of(item.id).categories
        col = df[item.source_column]
        codes = pd.Categorical(col, categories=cats).codes
        bad = (codes < 0) & col.notna().to_numpy()
        if bad.any():
            raise ValueError(f"{item.source_column}: unknown labels")
        tally = np.bincount(codes.astype(np.int64) + 1, minlength=len(cats) + 1)
        tally[-1] += tally[0]
        out.append(tally[1:])
    return out


def value_counts(df, codebook) -> list:
    """Baseline (a): ``Series.value_counts(dropna=False)`` per column (no validation)."""
    return [df[item.source_column].value_counts(dropna=False) for item in codebook.items]


def check_same_counts(wave, floor, codebook) -> None:
    """Raise unless the wave's counts equal the floor's for every item."""
    got = wave.counts.groupby("item_id", sort=False)["count"].apply(list).to_dict()
    for item, tally in zip(codebook.items, floor, strict=True):
        if got[item.id] != tally.tolist():
            raise AssertionError(f"{item.id}: wave counts {got[item.id]} != floor {tally.tolist()}")
