"""Generate the SYNTHETIC example waves in data/examples/ (reproducibly).

Nothing here is real survey data. Respondents are drawn at random, item by item,
with the 2012 report's response shares as probabilities, then dressed with what
real exports contain: blank cells, labels in other cases or with extra spaces,
written-out "Not specified" answers, and (in the second file) numeric codes.

Files written:

* ``wave-example.csv``: 240 respondents x the 31 items of Tables 5-10 under the
  built-in codebook's item ids, respondent ids ``SYN-0001`` ... (loadable with
  ``lscb_survey.read_wave(path)`` and no codebook).
* ``wave-example-codes.csv``: 120 respondents of the made-up follow-up
  questionnaire of ``wave-example-codebook.toml`` (numeric codes, missing
  codes, "Don't know", a text column with curly apostrophes, and a weight
  column).
* ``wave-example-2014.csv`` and ``wave-example-2016.csv``: two more made-up
  waves of the same 31 items (200 and 180 respondents, ids ``SYN14-0001`` ...
  and ``SYN16-0001`` ...), drawn from the same shares tilted a little towards
  agreement on the early-help statements of Table 8 each wave, more so in
  county boards, so that trends and group differences have something to find.

Every main-instrument file has the respondent attributes ``region`` and
``lscb_type`` of the built-in codebook, drawn with the 2012 returns of Tables 1
and 2 (plus a small constant) as probabilities, with some cells left blank. They
come from a random stream of their own, so adding them left the answers of
``wave-example.csv`` as they were.

Run from the top of the checkout::

    python scripts/make_example_wave.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

import lscb_survey as ls
from lscb_survey import config

SEED = 20120501
N_MAIN = 240
N_CODES = 120
#: Later synthetic waves: label, respondents, tilt towards agreement on Table 8.
LATER_WAVES = (("2014", 200, 0.25), ("2016", 180, 0.5))
#: Extra tilt on Table 8 items for each type of board (others: none).
TYPE_TILT = {"County": 1.2, "London Boroughs": -0.8}


def _draw(rng: np.random.Generator, probabilities: np.ndarray, size: int) -> np.ndarray:
    """Category indices drawn with the given probabilities (inverse CDF of uniforms)."""
    cdf = np.cumsum(probabilities) / probabilities.sum()
    return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), len(cdf) - 1)


def _variant(rng: np.random.Generator, label: str) -> str:
    """The label as a careless export might write it (still matched exactly after
    normalisation)."""
    k = int(rng.integers(5))
    if k == 0:
        return label.upper()
    if k == 1:
        return label.lower()
    if k == 2:
        return f"  {label} "
    if k == 3:
        return label.replace(" ", "  ")
    return label.title()


def _shares_2012() -> dict[str, np.ndarray]:
    """Each 2012 item's counts over every level of its scale (Tables 5-10)."""
    counts = ls.published_wave().counts
    return {
        item: part["count"].to_numpy(dtype=float)
        for item, part in counts.groupby("item_id", sort=False)
    }


def _cells(
    rng: np.random.Generator,
    categories: tuple[str, ...],
    missing: tuple[str, ...],
    drawn: np.ndarray,
) -> list[str]:
    """Drawn category indices as cells of a careless export."""
    cells = []
    for idx in drawn:
        label = categories[idx]
        if label in missing:
            r = rng.random()
            cells.append("" if r < 0.7 else label if r < 0.9 else " not specified")
        elif rng.random() < 0.06:
            cells.append(_variant(rng, label))
        else:
            cells.append(label)
    return cells


def _attributes(rng: np.random.Generator, n: int) -> dict[str, list[str]]:
    """``lscb_type`` and ``region`` cells drawn with the returns of Tables 1-2."""
    out: dict[str, list[str]] = {}
    for attr_id, table in (("lscb_type", 1), ("region", 2)):
        frame = ls.load_table(table)
        labels = frame["category"].astype(str).tolist()
        drawn = _draw(rng, frame["returns"].to_numpy(dtype=float) + 1.0, n)
        out[attr_id] = ["" if labels[k] == "Not specified" else labels[k] for k in drawn]
    return out


def _tilted(probs: np.ndarray, scores: np.ndarray, tilt: float) -> np.ndarray:
    """Probabilities of the substantive levels multiplied by ``exp(tilt * centred score)``."""
    out = probs.copy()
    k = len(scores)
    out[:k] = out[:k] * np.exp(tilt * (scores - scores.mean()))
    return out


def make_main(rng: np.random.Generator, out: Path) -> Path:
    book = ls.default_codebook()
    shares = _shares_2012()
    columns: dict[str, list[str]] = {
        "respondent_id": [f"SYN-{k:04d}" for k in range(1, N_MAIN + 1)]
    }
    columns.update(_attributes(np.random.default_rng(SEED + 1), N_MAIN))
    for item in book.items:
        scale = book.scale_of(item.id)
        # Keep every level possible, and a few blanks even where 2012 had none.
        probs = shares[item.id] + 0.25
        drawn = _draw(rng, probs, N_MAIN)
        columns[item.source_column] = _cells(rng, scale.categories, scale.missing, drawn)
    path = out / "wave-example.csv"
    _write(path, columns)
    return path


def make_later(label: str, n: int, tilt: float, out: Path) -> Path:
    """A later synthetic wave (see the module's docstring)."""
    rng = np.random.default_rng(SEED + int(label))
    book = ls.default_codebook()
    shares = _shares_2012()
    columns: dict[str, list[str]] = {
        "respondent_id": [f"SYN{label[2:]}-{k:04d}" for k in range(1, n + 1)]
    }
    columns.update(_attributes(rng, n))
    types = np.array(columns["lscb_type"])
    for item in book.items:
        scale = book.scale_of(item.id)
        scores = np.array(scale.scores, dtype=float)
        drawn = np.empty(n, dtype=np.int64)
        for kind in dict.fromkeys(types.tolist()):
            rows = np.flatnonzero(types == kind)
            extra = TYPE_TILT.get(kind, 0.0) if item.table == 8 else 0.0
            item_tilt = tilt + extra if item.table == 8 else 0.0
            probs = _tilted(shares[item.id] + 0.25, scores, item_tilt)
            drawn[rows] = _draw(rng, probs, len(rows))
        columns[item.source_column] = _cells(rng, scale.categories, scale.missing, drawn)
    path = out / f"wave-example-{label}.csv"
    _write(path, columns)
    return path


def make_codes(rng: np.random.Generator, out: Path) -> Path:
    book = ls.read_codebook(config.examples_dir() / "wave-example-codebook.toml")
    shares = _shares_2012()
    # Q1-Q3 reuse 2012 distributions of similar statements (Tables 7-8).
    basis = {"early_help": "t8_secure_early_help", "thresholds": "t8_thresholds_high"}
    columns: dict[str, list[str]] = {"case": [str(1000 + k) for k in range(N_CODES)]}
    for item in book.items:
        scale = book.scale_of(item.id)
        code_of = {label: code for code, label in scale.codes.items()}
        if item.id in basis:
            probs = np.append(shares[basis[item.id]], 0) + 0.25  # add "Don't know"
            probs[-1] = 3.0
        elif item.id == "learning":
            probs = np.append(shares["t7_innovation"], 3.0) + 0.25
        else:  # a made-up four-point question
            probs = np.array([20.0, 45.0, 25.0, 6.0, 4.0])
        drawn = _draw(rng, probs, N_CODES)
        cells = []
        for idx in drawn:
            label = scale.categories[idx]
            if item.id == "learning":  # this column holds text labels, not codes
                if label == "Not specified":
                    cells.append("")
                elif label == "Don't know":
                    cells.append("Don\u2019t know" if rng.random() < 0.5 else "don't know")
                else:
                    cells.append(label if rng.random() > 0.1 else _variant(rng, label))
            elif label == "Not specified":
                missing = [*scale.missing_codes, None]
                pick = missing[int(rng.integers(len(missing)))]
                cells.append("" if pick is None else str(pick))
            else:
                cells.append(str(code_of[label]))
        columns[item.source_column] = cells
    columns["weight"] = [f"{w:.3f}" for w in rng.uniform(0.6, 1.6, N_CODES)]
    path = out / "wave-example-codes.csv"
    _write(path, columns)
    return path


def _write(path: Path, columns: dict[str, list[str]]) -> None:
    names = list(columns)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(zip(*(columns[c] for c in names), strict=True))


def main(out: Path | None = None) -> list[Path]:
    """Write the example files to ``out`` (default ``data/examples/``)."""
    out = config.examples_dir() if out is None else Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    paths = [make_main(rng, out), make_codes(rng, out)]
    paths += [make_later(label, n, tilt, out) for label, n, tilt in LATER_WAVES]
    for p in paths:
        print(f"wrote {p}")
    return paths


if __name__ == "__main__":
    main()
