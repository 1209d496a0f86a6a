"""Write the test waves of the R reference (tests/stats/r/design_reference.R) as plain CSV.

Each case is a wave the test suite builds with the library (from the example
files, the published 2012 counts, weights and margins given here) and R reads
as clean respondent-level data. Run by ``make r-reference`` before the R script.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import lscb_survey as ls

HERE = Path(__file__).parent
CASES = HERE / "cases"
ITEMS = [i for i in ls.published_wave().items if i.startswith("t8_")]

MARGINS = {
    "margins-240": {
        "lscb_type": {
            "London Boroughs": 70,
            "Metropolitan": 90,
            "Unitary": 125,
            "County": 75,
            "Not specified": 40,
        },
        "region": {
            "North East": 40,
            "North West": 70,
            "Yorkshire and Humberside": 45,
            "East Midlands": 20,
            "West Midlands": 30,
            "East of England": 45,
            "Inner London": 25,
            "Outer London": 40,
            "South East": 45,
            "South West": 15,
            "Not specified": 25,
        },
    },
    "margins-200": {
        "lscb_type": {
            "London Boroughs": 70,
            "Metropolitan": 100,
            "Unitary": 140,
            "County": 90,
            "Not specified": 50,
        },
        "region": {
            "North East": 40,
            "North West": 80,
            "Yorkshire and Humberside": 40,
            "East Midlands": 20,
            "West Midlands": 40,
            "East of England": 50,
            "Inner London": 30,
            "Outer London": 45,
            "South East": 55,
            "South West": 20,
            "Not specified": 30,
        },
    },
    "margins-180": {
        "lscb_type": {
            "London Boroughs": 60,
            "Metropolitan": 90,
            "Unitary": 110,
            "County": 65,
            "Not specified": 35,
        },
    },
}

#: case -> file, population, weights, calibration, margins, by, level
SPEC = {
    "t8_2012": dict(file=None, population=148, weights=False, calibration=None, by=None),
    "raked_240": dict(
        file="wave-example.csv",
        population=400,
        weights=False,
        calibration="rake",
        margins="margins-240",
        by="lscb_type",
    ),
    "weighted_200": dict(
        file="wave-example-2014.csv",
        population=450,
        weights=True,
        calibration=None,
        by="lscb_type",
    ),
    "weighted_200_nofpc": dict(
        file="wave-example-2014.csv",
        population=None,
        weights=True,
        calibration=None,
        by="region",
    ),
    "raked_weighted_200": dict(
        file="wave-example-2014.csv",
        population=450,
        weights=True,
        calibration="rake",
        margins="margins-200",
        by="region",
    ),
    "poststrat_180": dict(
        file="wave-example-2016.csv",
        population=360,
        weights=False,
        calibration="poststratify",
        margins="margins-180",
        by="region",
    ),
}


def synthetic_weights(n: int) -> np.ndarray:
    """Unequal weights, a fixed function of the row: 0.5, 2.25, 1.5, ..."""
    return 0.5 + (np.arange(n) * 7 % 10) / 4


def published_frame() -> pd.DataFrame:
    """The 2012 Table 8 counts as 57 rows (items are independent columns)."""
    wave = ls.published_wave()
    columns = {}
    for item in ITEMS:
        part = wave.counts[wave.counts["item_id"] == item]
        columns[item] = np.repeat(part["response"].astype(str).to_numpy(), part["count"])
    return pd.DataFrame(columns)


def wave_frame(file: str, weights: bool) -> pd.DataFrame:
    wave = ls.read_wave(ls.config.examples_dir() / file)
    frame = wave.responses[ITEMS].astype(str)
    frame = pd.concat([wave.attributes.astype(str), frame], axis=1)
    if weights:
        frame.insert(0, "weight", synthetic_weights(len(frame)))
    return frame.reset_index(drop=True)


def main() -> None:
    CASES.mkdir(exist_ok=True)
    for name, margins in MARGINS.items():
        rows = [
            (attr, level, total)
            for attr, totals in margins.items()
            for level, total in totals.items()
        ]
        pd.DataFrame(rows, columns=["attribute", "level", "total"]).to_csv(
            CASES / f"{name}.csv", index=False
        )
    for case, spec in SPEC.items():
        frame = (
            published_frame() if spec["file"] is None else wave_frame(spec["file"], spec["weights"])
        )
        frame.to_csv(CASES / f"{case}.csv", index=False)
    rows = [
        (
            item,
            level,
            "substantive" if level in scale.levels else "missing",
            scale.score_map.get(level, ""),
        )
        for item in ITEMS
        for scale in [ls.default_codebook().scale_of(item)]
        for level in scale.categories
    ]
    pd.DataFrame(rows, columns=["item_id", "level", "kind", "score"]).to_csv(
        CASES / "scales.csv", index=False
    )
    meta = pd.DataFrame([{"case": case, **spec} for case, spec in SPEC.items()])
    meta.to_csv(CASES / "cases.csv", index=False)


if __name__ == "__main__":
    main()
