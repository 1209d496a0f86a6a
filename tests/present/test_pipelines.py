"""The pipelines behind the command line, called from Python."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

import lscb_survey as ls
from lscb_survey.config import examples_dir
from lscb_survey.present.pipelines import (
    Step,
    WaveComparison,
    WaveSummary,
    load_wave,
    reproduce,
    wave_comparison,
    wave_summary,
)

EXAMPLE = examples_dir() / "wave-example.csv"


def test_reproduce_reports_each_step_as_it_finishes(tmp_path):
    seen: list[tuple[int, int, str]] = []
    steps = reproduce(
        tmp_path, figures=False, progress=lambda k, n, step: seen.append((k, n, step.name))
    )
    assert seen == [(1, 2, "verify raw data"), (2, 2, "processed data")]
    assert all(isinstance(s, Step) for s in steps)
    assert steps[0].files == [] and steps[1].files
    assert all(p.parent == tmp_path and p.is_file() for p in steps[1].files)
    assert steps[1].describe().startswith(f"processed data: {len(steps[1].files)} files in ")


def test_wave_summary_of_a_wave_object(tmp_path):
    wave = ls.read_wave(EXAMPLE, name="from-python")
    report = wave_summary(wave, tmp_path)
    assert isinstance(report, WaveSummary) and report.wave is wave
    names = [p.name for p in report.files]
    assert names[:2] == ["counts.csv", "summary.csv"]
    assert "table07.csv" in names and "figure-table07.png" in names
    assert all(p.is_file() for p in report.files)
    lines = report.report_lines()
    assert lines[0] == "from-python: 240 respondents, 31 items"
    assert lines[1:] == [f"wrote {p}" for p in report.files]


def test_wave_comparison_returns_its_frames_and_files(tmp_path):
    result = wave_comparison("2012", EXAMPLE, tmp_path, suppress=5)
    assert isinstance(result, WaveComparison)
    assert result.suppressed == ["wave-example"] and result.threshold == 5
    assert [p.name for p in result.files] == ["comparison.csv", "distributions.csv"]
    written = pd.read_csv(tmp_path / "comparison.csv", encoding="utf-8-sig")
    assert written["suppressed_b"].any() and not written["suppressed_a"].any()
    assert len(result.largest) == 5
    lines = result.report_lines()
    assert lines[0].startswith("suppressed counts below 5 in wave-example;")
    assert lines[1] == "2012 -> wave-example: 31 items both"


def test_wave_comparison_of_wave_objects(tmp_path):
    a, b = load_wave("2012"), load_wave(EXAMPLE)
    result = wave_comparison(a, b, tmp_path, figures=False, top=2)
    assert result.suppressed == [] and len(result.largest) == 2
    assert result.labels[0] == a.name and result.labels[1] == b.name
    assert [p.name for p in result.files] == ["comparison.csv", "distributions.csv"]


def _loaded_after(statement: str) -> list[str]:
    code = (
        "import json, sys\n"
        f"{statement}\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'matplotlib', 'pandas', 'scipy'})))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_present_and_pipelines_import_light():
    assert _loaded_after("import lscb_survey.present") == []
    assert _loaded_after("import lscb_survey.present.pipelines") == []


def test_plots_alias_and_families():
    from lscb_survey.present.plots import likert

    assert ls.plots.diverging_bars is likert.diverging_bars
    assert set(ls.plots.__all__) >= {
        "activities_bars",
        "diverging_bars",
        "paired_diverging_bars",
        "returns_bars",
        "shift_dumbbell",
        "shift_heatmap",
    }
    assert not hasattr(ls.plots, "make_figures")
