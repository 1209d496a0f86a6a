"""Hand-built frames for the disclosure tests: items, returns tables and group breakdowns."""

from __future__ import annotations

import pandas as pd

__all__ = ["by_frame", "likert_frame", "returns_frame"]


def likert_frame(tables: list[list[int]], table: int = 7) -> pd.DataFrame:
    """A tidy likert frame with one item per list of counts (categories A, B, ...)."""
    k = len(tables[0])
    levels = [chr(ord("A") + j) for j in range(k)]
    rows = [
        {
            "table": table,
            "section": "S",
            "block": "Block" if table != 5 else "Response",
            "item_id": f"item{i}",
            "item": f"Item {i}",
            "scale": "synthetic",
            "response": level,
            "count": c,
            "percent": pd.NA,
            "n": sum(counts),
        }
        for i, counts in enumerate(tables)
        for level, c in zip(levels, counts, strict=True)
    ]
    frame = pd.DataFrame(rows)
    frame["response"] = frame["response"].astype(pd.CategoricalDtype(levels, ordered=True))
    frame["percent"] = frame["percent"].astype("Int64")
    return frame


def by_frame(grids: list[list[list[int]]], by: str = "region") -> pd.DataFrame:
    """A group breakdown: per item a grid (one row of counts per group), every level listed."""
    parts = []
    for g in range(len(grids[0])):
        part = likert_frame([grid[g] for grid in grids])
        part.insert(len(part.columns), by, f"Region {g}")
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def returns_frame(counts: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": 2,
            "grouping": "Region",
            "category": [f"Region {i}" for i in range(len(counts))],
            "returns": counts,
            "response_rate": pd.array([pd.NA] * len(counts), dtype="Int64"),
            "share_of_returns": pd.array([pd.NA] * len(counts), dtype="Int64"),
        }
    )
