"""Test data shared by the wave tests (importable as ``waves.cases``: ``tests/`` is on the path)."""

from __future__ import annotations

from pathlib import Path

from lscb_survey import config
from lscb_survey.waves.model import Wave

EXAMPLE = config.examples_dir() / "wave-example.csv"
EXAMPLE_CODES = config.examples_dir() / "wave-example-codes.csv"
EXAMPLE_CODEBOOK = config.examples_dir() / "wave-example-codebook.toml"
T9 = ["t9_sanctions", "t9_funding_guidance"]

#: A small instrument with codes, missing codes and two scales.
SMALL_SPEC = {
    "codebook": {"name": "small test instrument", "id_column": "id", "weight_column": "w"},
    "scales": {
        "agree3": {
            "levels": ["Agree", "Neutral", "Disagree"],
            "centre": "Neutral",
            "missing": ["Not specified", "Don't know"],
            "codes": {"1": "Agree", "2": "Neutral", "3": "Disagree", "8": "Don't know"},
            "missing_codes": [9, -99],
        },
        "yesno": {"levels": ["Yes", "No"], "missing": ["Not specified"]},
    },
    "items": [
        {"id": "q1", "label": "First question", "scale": "agree3", "column": "Q1"},
        {"id": "q2", "label": "Second question", "scale": "agree3", "column": "Q2"},
        {"id": "q3", "label": "Third question", "scale": "yesno", "column": "Q3"},
    ],
}


def counts_of(wave: Wave, item: str) -> dict[str, int]:
    """``{level: count}`` of one item of a wave."""
    part = wave.counts[wave.counts["item_id"] == item]
    return dict(zip(part["response"].astype(str), part["count"].astype(int), strict=True))


def write_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` in ``encoding``; return the path."""
    path.write_bytes(text.encode(encoding))
    return path
